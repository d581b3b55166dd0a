/**
 * The dashboard (home), the Tickets page's "Needs attention" and the Reconciliation page over
 * HTTP, against the real sync, worker and the QuickBooks simulator (issue 18): everything
 * posted reads "Books match"; a ticket QuickBooks refuses (closed books) turns it into "1 ticket
 * needs you" with the reason, what to do and a link to it; the reconciliation reads
 * QuickBooks back, shows that day's difference first with a link to its tickets, and exports CSV.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeTickets } from '../../intake/take-tickets.js';
import { OTHER, OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

const TENANT = 'default';
const text = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(p|section|dd|span)>`).exec(html)?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
const rowIds = (html: string) => [...html.matchAll(/<tr data-ticket="([^"]+)">/g)].map((m) => m[1]!);

describe('the dashboard, Needs attention and the reconciliation', () => {
  let w: World;
  let owner: Agent;
  let refusedDate: string;

  async function syncAndWait(): Promise<void> {
    const { connectionId } = await w.t.sync.resolveConnection(TENANT, 'denver-1');
    await w.t.sync.syncNow(TENANT, { connectionId });
    await w.t.worker!.drain();
  }

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    await connectThroughConsent(owner, 'denver-1');
    const [connection] = await w.t.sync.connections(TENANT);
    await w.t.sync.initialize(TENANT, connection!.id);
    await syncAndWait();
    refusedDate = DateTime.fromISO(w.demoDate).minus({ days: 2 }).toISODate()!;
  }, 120_000);
  afterAll(async () => w?.stop());

  it('is the signed-in home, and reads "Books match" once everything is posted', async () => {
    const home = await owner.get('/');
    expect(home.status).toBe(200);
    expect(text(home.body, 'verdict-text')).toBe('Books match');
    expect(home.body).toContain('<a href="/" aria-current="page">Dashboard</a>');
    expect(home.body).not.toContain('id="nav-attention"');
    // The day's money: all of what the POS rang up is posted.
    const day = new RegExp(`<tr data-date="${w.demoDate}">([\\s\\S]*?)</tr>`).exec(home.body)![1]!;
    const cells = [...day.matchAll(/<td class="num" data-label="([^"]+)">([^<]*)</g)].map((m) => [m[1], m[2]]);
    const by = Object.fromEntries(cells) as Record<string, string>;
    expect(by['POS sales']).toMatch(/^[\d,]+\.\d{2}$/);
    expect(by.Posted).toBe(by['POS sales']);
    expect(by['Not posted']).toBe('0.00');
    expect(home.body).toMatch(/Run \d+<\/a>, finished /);
    expect(home.body).toContain('Corner Café');
  });

  it('turns into "1 ticket needs you" after QuickBooks refuses one, with the reason, the action and the badge', async () => {
    const ticket = { id: 'LATE-1', locationId: 'denver-1', version: 1, status: 'closed', closedAt: `${refusedDate}T12:00:00-07:00`,
      lines: [{ kind: 'product', name: 'Coffee', category: 'Coffee', quantity: '2', unitPrice: '3.25' }], payments: [{ method: 'cash', amount: '6.50' }], total: '6.50' };
    await takeTickets(w.t.database.db, TENANT, [{ raw: JSON.stringify(ticket), ref: 0 }]);
    const [connection] = await w.t.sync.connections(TENANT);
    w.t.simulator!.setPreferences(connection!.realmId, { BookCloseDate: refusedDate });
    await syncAndWait();
    const home = await owner.get('/');
    expect(text(home.body, 'verdict-text')).toBe('1 ticket needs you');
    const reason = /<li data-kind="validation">([\s\S]*?)<\/li>/.exec(home.body)![1]!;
    expect(reason).toContain('<strong>Refused by QuickBooks</strong>');
    expect(reason).toContain('href="/tickets?attention=validation&amp;location=denver-1"');
    expect(reason).toContain('then resync the tickets');
    expect(text(home.body, 'nav-attention')).toBe('1 needs attention');

    // The plain list leads to them first.
    expect(text((await owner.get('/tickets')).body, 'attention-notice')).toMatch(/^1 ticket needs you\. See it first/);
    const list = await owner.get('/tickets?attention=any');
    expect(rowIds(list.body)).toEqual(['LATE-1']);
    expect(list.body).toContain('<strong class="reason">Refused by QuickBooks</strong>');
    expect(text(list.body, 'attention-count')).toBe('1');
    expect(list.body).toMatch(/<div class="reason-box" data-kind="validation">/);
    // The filters keep the tab; an unknown reason is named and ignored.
    expect(list.body).toContain('<input type="hidden" name="attention" value="any">');
    expect((await owner.get('/tickets?attention=lost')).body).toContain('&quot;lost&quot; is not a reason tickets need attention for');
  });

  it('puts what needs attention first on the QuickBooks page, in plain words, the set-up report folded', async () => {
    const qb = (await owner.get('/quickbooks?location=denver-1')).body;
    const at = (marker: string) => qb.indexOf(marker);
    expect(at('id="errors"')).toBeGreaterThan(0);
    expect(at('id="errors"')).toBeLessThan(at('id="chart-title"'));
    expect(at('id="chart-title"')).toBeLessThan(at('id="initialize-details"'));
    expect(qb).toMatch(/<details id="initialize-details">\s*<summary>What Initialize found and created/);
    // QuickBooks' field name and ids are not the owner's words: the date, the company; ids under Details.
    expect(qb).toContain('Account Period Closed');
    expect(qb).toContain('<span class="muted small">(date)</span>');
    expect(qb).not.toContain('TxnDate)');
    expect(qb).not.toContain('Realm id');
    expect(qb).toMatch(/<summary>Details<\/summary>\s*<dl class="facts small">\s*<dt>Company id \(realm\)<\/dt>/);
  });

  it('reconciles a day against QuickBooks read back: the difference first, its tickets linked; CSV for the accountant', async () => {
    const form = await owner.get('/reconcile');
    expect(form.body).toContain('id="recon-check"');
    expect(form.body).not.toContain('id="recon-result"');
    const res = await owner.get(`/reconcile?location=denver-1&from=${refusedDate}&to=${w.demoDate}`);
    expect(res.status).toBe(200);
    expect(text(res.body, 'recon-verdict')).toMatch(/^\d+ differences? ?: \d+ tickets should be in QuickBooks\.$/);
    const rows = [...res.body.matchAll(/<tr( class="differs")? data-date="([^"]+)" data-measure="([^"]+)">/g)].map((m) => ({ differs: !!m[1], date: m[2] }));
    expect(rows[0]).toEqual({ differs: true, date: refusedDate });
    expect(rows.some((r) => r.date === w.demoDate && !r.differs)).toBe(true);
    expect(res.body).toContain(`href="/tickets?location=denver-1&amp;from=${refusedDate}&amp;to=${refusedDate}"`);

    const csv = await owner.get(`/reconcile.csv?location=denver-1&from=${refusedDate}&to=${w.demoDate}`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="reconciliation-denver-1-${refusedDate}-${w.demoDate}.csv"`);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe('"business date","location","class","measure","POS","QuickBooks","difference"');
    expect(lines).toContain(`"${refusedDate}","denver-1","","sales − refunds","6.50","0.00","-6.50"`);
  });

  it('names bad dates, and answers another tenant\'s location as not found', async () => {
    const bad = await owner.get('/reconcile?location=denver-1&from=2026-13-01&to=2026-01-01');
    expect(bad.body).toContain('&quot;2026-13-01&quot; is not a date from');
    expect(bad.body).not.toContain('id="recon-result"');
    expect((await owner.get(`/reconcile?location=${OTHER.locationId}`)).status).toBe(404);
    expect((await owner.get(`/?location=${OTHER.locationId}`)).status).toBe(404);
    expect((await owner.get(`/reconcile.csv?location=${OTHER.locationId}&from=2026-01-01&to=2026-01-01`)).status).toBe(404);
    // A resync's page is its tenant's alone; the other tenant's home shows none of this one's tickets.
    const resync = await owner.submit('/tickets?attention=any', '/tickets/resync', { ticket: 'denver-1/LATE-1', return: '/tickets' });
    expect(resync.location).toMatch(/^\/resyncs\/\d+$/);
    const other = await signedIn(w.t, OTHER.email, OTHER.password);
    expect((await other.get(resync.location!)).status).toBe(404);
    const home = (await other.get('/')).body;
    expect(home).not.toContain('LATE-1');
    expect(home).not.toContain('Larimer');
  });
});
