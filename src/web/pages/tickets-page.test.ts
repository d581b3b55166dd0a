/**
 * The Tickets page and a ticket's page over HTTP: filters, keyset links, "select all" without
 * scripts, Resync selected tickets with its outcome, and escaping of whatever a POS sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

const flashOf = (html: string) => /<div id="flash"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const rowIds = (html: string) => [...html.matchAll(/<tr data-ticket="([^"]+)">/g)].map((m) => m[1]!);
const unescape = (s: string) => s.replace(/&amp;/g, '&');

describe('the Tickets page', () => {
  let w: World;
  let owner: Agent;
  const XSS_ID = 'X<script>alert(1)</script>';

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    // Resync queues only for a connected location.
    await connectThroughConsent(owner, 'denver-1');
    // 120 more tickets over three days, and one whose id and note try to become markup.
    const tickets = Array.from({ length: 120 }, (_, i) => ({
      id: `B-${String(i).padStart(3, '0')}`, locationId: 'denver-1', version: 1, status: 'closed', closedAt: `2026-10-${10 + (i % 3)}T12:00:00-06:00`,
      lines: [{ kind: 'product', name: 'Bagel', quantity: '1', unitPrice: '2.50' }], payments: [{ method: 'cash', amount: '2.50' }], total: '2.50',
    }));
    tickets.push({ ...tickets[0]!, id: XSS_ID, note: '<img src=x onerror=alert(1)>' } as (typeof tickets)[0]);
    const res = await w.t.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: { authorization: `Bearer ${w.ownerApiKey}` }, payload: tickets });
    expect(res.statusCode).toBe(200);
    await w.t.database.db.updateTable('tickets').set({ sync_state: 'skipped', last_error: JSON.stringify({ kind: 'validation', code: 'QBO_VALIDATION', qboCode: '6000', message: 'Refused <b>', hint: 'Fix it' }) })
      .where('ticket_id', 'in', ['B-000', 'B-001', 'B-002']).execute();
  });
  afterAll(async () => w.stop());

  it('pages with Older and Newer links over every ticket once, newest first', async () => {
    const total = Number((await w.t.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', 'default').executeTakeFirstOrThrow()).n);
    const seen: string[] = [];
    let url: string | undefined = '/tickets';
    const pages: string[] = [];
    while (url) {
      const res = await owner.get(url);
      expect(res.status).toBe(200);
      pages.push(url);
      seen.push(...rowIds(res.body));
      url = /<a href="([^"]+)" rel="next">Older/.exec(res.body)?.[1];
      if (url) url = unescape(url);
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages.length).toBe(Math.ceil(total / 50));
    // Newer from the last page leads back to the page before it.
    const last = await owner.get(pages.at(-1)!);
    const newer = unescape(/<a href="([^"]+)" rel="prev">/.exec(last.body)![1]!);
    expect(rowIds((await owner.get(newer)).body)).toEqual(rowIds((await owner.get(pages.at(-2)!)).body));
    expect((await owner.get('/tickets')).body).toContain('<a aria-disabled="true" role="link">← Newer</a>');
  });

  it('lists problems first by default when any exist, unless the user chose newest first', async () => {
    const first = await owner.get('/tickets');
    // The three skipped tickets lead (newest first among them), then the others; none twice.
    expect(rowIds(first.body).slice(0, 4)).toEqual(['B-002', 'B-001', 'B-000', expect.not.stringMatching(/^B-00[012]$/)]);
    expect(new Set(rowIds(first.body)).size).toBe(rowIds(first.body).length);
    expect(first.body).toContain('id="order-note">Problems first: the 3 that need you');
    const byDate = await owner.get(unescape(/<a href="([^"]+)" id="order-by-date">/.exec(first.body)![1]!));
    expect(byDate.body).toContain('<a href="/tickets" id="order-problems-first">Problems first</a>');
    expect(rowIds(byDate.body).slice(0, 3)).not.toContain('B-002');
    // The chosen order is kept on the next page.
    expect(unescape(/<a href="([^"]+)" rel="next">Older/.exec(byDate.body)![1]!)).toMatch(/^\/tickets\?order=date&after=/);
    // Without a problem (posted tickets only) the list is simply newest first.
    expect((await owner.get('/tickets?state=posted')).body).not.toContain('id="order-note"');
  });

  it('filters by state, date range and location, keeping the filters in the links', async () => {
    const skipped = await owner.get('/tickets?state=skipped');
    expect(rowIds(skipped.body)).toEqual(['B-002', 'B-001', 'B-000']);
    expect(skipped.body).toContain('<span class="error-code mono">6000</span> Refused &lt;b&gt;');
    expect(skipped.body).toContain('<option value="skipped" selected>Skipped</option>');
    const range = await owner.get('/tickets?from=2026-10-11&to=2026-10-11&location=denver-1');
    const ids = rowIds(range.body);
    expect(ids).toHaveLength(40);
    expect(ids.every((id) => Number(id.slice(2)) % 3 === 1)).toBe(true);
    expect(range.body).toContain('value="2026-10-11"');
    expect((await owner.get('/tickets?location=nowhere')).body).toContain('No ticket matches these filters');
    const bad = await owner.get('/tickets?from=yesterday&state=lost');
    expect(bad.status).toBe(200);
    expect(bad.body).toContain('is not a date from 2000-01-01 to 2099-12-31 (the From filter was ignored)');
  });

  it('checks every box with the plain "select all" link, keeping filters and page', async () => {
    const res = await owner.get('/tickets?state=skipped');
    const link = unescape(/<a href="([^"]+)" id="select-all-link">/.exec(res.body)![1]!);
    expect(link).toBe('/tickets?state=skipped&select=all');
    const all = await owner.get(link);
    expect((all.body.match(/name="ticket" value="[^"]+" id="sel-\d+" aria-label="Select ticket [^"]+" checked>/g) ?? []).length).toBe(3);
    expect(all.body).toContain('Clear selection');
  });

  it('resyncs the selected tickets and says what happened to each', async () => {
    const page = await owner.get('/tickets?state=skipped');
    const refs = [...page.body.matchAll(/name="ticket" value="([^"]+)"/g)].map((m) => m[1]!);
    const posted = await w.t.database.db.selectFrom('tickets').select('ticket_id').where('ticket_id', '=', 'B-050').executeTakeFirstOrThrow();
    await w.t.database.db.updateTable('tickets').set({ sync_state: 'posted', posted_version: 1 }).where('ticket_id', '=', posted.ticket_id).execute();
    const res = await owner.submit('/tickets?state=skipped', '/tickets/resync', {
      ticket: [refs[0]!, refs[1]!, 'denver-1/B-050', 'denver-1/nope'], action: 'resync', return: '/tickets?state=skipped',
    });
    // A queued resync leads to its own page, which follows the run and says how each ticket ended.
    expect(res.location).toMatch(/^\/resyncs\/\d+$/);
    const after = await owner.get(res.location!);
    const flash = flashOf(after.body)!;
    await w.t.worker!.drain();
    expect(flash).toMatch(/^Resync selected tickets: 2 tickets queued, 2 ignored\. Run \d+ posts them again now/);
    expect(flash).toContain('B-050 (denver-1):');
    expect(flash).toContain('1 ticket not found');
    const outcome = await owner.get(res.location!);
    const states = [...outcome.body.matchAll(/<tr data-ticket="([^"]+)" data-state="([^"]+)">/g)].map((m) => [m[1], m[2]]);
    expect(states.map(([id]) => id).sort()).toEqual(refs.slice(0, 2).map((r) => decodeURIComponent(r.split('/')[1]!)).sort());
    // Each one says how it ended, in words, never just "queued".
    for (const [, state] of states) expect(['posted', 'skipped', 'pending']).toContain(state);
    expect(outcome.body).toMatch(/class="outcome">(Posted to QuickBooks|Skipped again[^<]*|Still waiting[^<]*)</);
    expect(outcome.body).toContain('The run is over');
    expect((await owner.get('/resyncs/999999')).status).toBe(404);
    // The flash is shown once.
    expect(flashOf((await owner.get('/tickets')).body)).toBeUndefined();
  });

  it('asks for a selection, refuses a huge one, and never redirects off the site', async () => {
    let res = await owner.submit('/tickets', '/tickets/resync', { return: 'https://evil.example/' });
    expect(res.location).toBe('/tickets');
    expect(flashOf((await owner.get('/tickets')).body)).toBe('Select the tickets to resync first (the boxes in the first column).');
    res = await owner.submit('/tickets', '/tickets/resync', { ticket: Array.from({ length: 501 }, (_, i) => `denver-1/B-${i}`) });
    expect(flashOf((await owner.get(res.location!)).body)).toBe('Select at most 500 tickets at a time (501 were selected).');
  });

  it('shows a ticket as received, escaped, with its summary', async () => {
    const list = await owner.get('/tickets?from=2026-10-10&to=2026-10-10');
    expect(list.body).toContain('X&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(list.body).not.toContain('<script>alert(1)</script>');
    const res = await owner.get(`/tickets/denver-1/${encodeURIComponent(XSS_ID)}`);
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain('&quot;note&quot;: &quot;&lt;img src=x onerror=alert(1)&gt;&quot;');
    expect(res.body).toContain('<th scope="row">Bagel</th><td class="num">1</td><td class="num">2.50</td><td class="num">2.50</td>');
    expect(res.body).toContain('<p class="muted">Nothing posted yet.</p>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('serves its stylesheet and script with cache headers', async () => {
    const page = await owner.get('/tickets');
    const css = /href="(\/static\/app\.css\?v=[0-9a-f]{12})"/.exec(page.body)![1]!;
    const fresh = await w.t.app.inject({ url: css });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(fresh.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const again = await w.t.app.inject({ url: css, headers: { 'if-none-match': String(fresh.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect((await w.t.app.inject({ url: '/static/app.js' })).headers['cache-control']).toBe('public, max-age=300');
    expect((await w.t.app.inject({ url: '/static/nope.js' })).statusCode).toBe(404);
  });
});
