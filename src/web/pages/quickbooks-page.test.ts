/**
 * The QuickBooks page over HTTP against the real sync and the simulator: connecting through
 * the consent page (and cancelling), a second location using an existing connection,
 * Initialize and its report, the schedule form, the toggle, Sync now with progress that
 * refreshes itself without scripts, runs, the chart, the reconnect banner, disconnecting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLocation } from '../../store/locations.js';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

const flashOf = (html: string) => /<div id="flash"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1]?.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

describe('the QuickBooks page', () => {
  let w: World;
  let owner: Agent;
  const page = (q = 'location=denver-1') => owner.get(`/quickbooks?${q}`);
  const act = async (action: string, fields: Record<string, string>) => {
    const res = await owner.submit('/quickbooks?location=denver-1', action, fields);
    expect(res.status).toBe(303);
    return res;
  };

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
  });
  afterAll(async () => w.stop());

  it('offers to connect a location that is not connected, and nothing to sync yet', async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.body).toContain('This location is not connected to QuickBooks yet.');
    expect(res.body).toContain('id="connect-button"');
    expect(res.body).not.toContain('id="initialize-button"');
    expect(res.body).toMatch(/id="sync-now-button" disabled/);
  });

  it('says so when the user cancels on the consent page', async () => {
    const back = await connectThroughConsent(owner, 'denver-1', { cancel: true });
    expect(back.status).toBe(303);
    expect(flashOf((await owner.get(back.location!)).body)).toBe('The connection was cancelled in QuickBooks; nothing changed.');
    expect(await w.t.sync.connections('default')).toEqual([]);
  });

  it('connects through the consent page and shows the company', async () => {
    const back = await connectThroughConsent(owner, 'denver-1', { newName: 'Corner <Café>' });
    expect(back.location).toBe('/quickbooks?location=denver-1');
    const res = await owner.get(back.location!);
    expect(flashOf(res.body)).toBe('Connected to QuickBooks company Corner &lt;Café&gt;. Next: press Initialize.');
    expect(res.body).toContain('<dd id="company-name">Corner &lt;Café&gt;</dd>');
    expect(res.body).toContain('id="initialize-button"');
    expect(res.body).not.toMatch(/id="sync-now-button" disabled/);
  });

  it('runs Initialize and shows what it found and created', async () => {
    const [connection] = await w.t.sync.connections('default');
    await act('/quickbooks/initialize', { location: 'denver-1', connection: String(connection!.id) });
    const res = await page();
    expect(flashOf(res.body)).toMatch(/^Initialize finished: \d+ records found, \d+ created, 0 made active again\./);
    const report = /<table id="initialize-report">([\s\S]*?)<\/table>/.exec(res.body)![1]!;
    expect(report).toContain('<th scope="row">Guest Customer</th>');
    expect(report).toContain('<th scope="row">Undeposited Funds</th>');
    expect(report).toMatch(/<td>created<\/td>/);
    expect(report).toMatch(/<td>found<\/td>/);
    expect(res.body).toContain('Initialize again');
  });

  it('saves the schedule, and refuses a time that does not exist', async () => {
    await act('/quickbooks/schedule', { location: 'denver-1', startDate: '2026-11-01', syncTime: '02:30', syncTimeZone: 'America/Phoenix' });
    let res = await page();
    expect(flashOf(res.body)).toBe('Schedule saved: every day at 02:30 America/Phoenix, tickets from 2026-11-01.');
    expect(await getLocation(w.t.database.db, 'default', 'denver-1')).toMatchObject({ syncTime: '02:30', syncTimeZone: 'America/Phoenix', syncStartDate: '2026-11-01' });
    expect(res.body).toContain('<option selected>America/Phoenix</option>');
    expect(res.body).toMatch(/Next scheduled run: <strong id="next-run">\d{4}-\d\d-\d\d 02:30 MST<\/strong>/);
    await act('/quickbooks/schedule', { location: 'denver-1', startDate: '', syncTime: '25:00', syncTimeZone: 'Mars/Olympus' });
    res = await page();
    expect(flashOf(res.body)).toContain('The schedule was not saved:');
    expect(flashOf(res.body)).toContain('Daily sync time: must be HH:MM');
    expect(flashOf(res.body)).toMatch(/Time zone: .*Mars\/Olympus.* is not an IANA time zone/);
    expect(await getLocation(w.t.database.db, 'default', 'denver-1')).toMatchObject({ syncTime: '02:30', syncStartDate: '2026-11-01' });
    await act('/quickbooks/schedule', { location: 'denver-1', startDate: '', syncTime: '00:00', syncTimeZone: 'America/Denver' });
    expect((await getLocation(w.t.database.db, 'default', 'denver-1'))!.syncStartDate).toBeNull();
  });

  it('switches integrated QuickBooks off and on', async () => {
    await act('/quickbooks/enabled', { location: 'denver-1' });
    expect((await getLocation(w.t.database.db, 'default', 'denver-1'))!.enabled).toBe(false);
    const off = await page();
    expect(off.body).toContain('are kept but not posted');
    expect(off.body).not.toMatch(/id="enabled" name="enabled" value="on" checked/);
    await act('/quickbooks/enabled', { location: 'denver-1', enabled: 'on' });
    expect((await getLocation(w.t.database.db, 'default', 'denver-1'))!.enabled).toBe(true);
  });

  it('syncs now: progress that reloads itself without scripts, then the run with its counts and the chart', async () => {
    const [connection] = await w.t.sync.connections('default');
    // Slow QuickBooks down so the run is still going when the page is read.
    w.t.simulator!.setFaults(connection!.realmId, { latencyMs: 150 });
    const res = await act('/quickbooks/sync-now', { location: 'denver-1' });
    const runId = Number(/&run=(\d+)#progress$/.exec(res.location!)![1]);
    const running = await owner.get(res.location!.replace('#progress', ''));
    expect(running.body).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(running.body).toContain(`data-run-url="/api/v1/runs/${runId}" data-run-active="true"`);
    expect(running.body).toMatch(/<progress id="run-bar" max="\d+" value="\d+">/);
    w.t.simulator!.clearFaults(connection!.realmId);
    await w.t.worker!.drain();
    const done = await owner.get(`/quickbooks?location=denver-1&run=${runId}`);
    expect(done.body).not.toContain('http-equiv="refresh"');
    expect(done.body).toContain('data-run-active="false"');
    const run = (await w.t.sync.run('default', runId))!;
    expect(run.status).toBe('finished');
    expect(run.posted).toBeGreaterThan(0);
    const runsTable = /<table id="runs-table">([\s\S]*?)<\/table>/.exec(done.body)![1]!;
    expect(runsTable).toContain(`run=${runId}#progress">${runId}</a>`);
    expect(runsTable).toContain(`<td class="num">${run.posted}</td>`);
    expect(runsTable).toContain(`<td class="num">${run.httpRequests}</td>`);
    // The chart's table has the demo day with what was posted.
    const chartTable = /<table id="chart-table">([\s\S]*?)<\/table>/.exec(done.body)![1]!;
    expect(chartTable).toMatch(new RegExp(`<th scope="row">${w.demoDate}</th><td class="num">${run.posted}</td>`));
    expect((chartTable.match(/<tr>/g) ?? []).length).toBe(15);
    expect(done.body).toMatch(/<rect class="bar-posted" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+"><title>/);
  });

  it('lets a second location use the existing connection instead of connecting again', async () => {
    const key = { authorization: `Bearer ${w.ownerApiKey}` };
    await w.t.app.inject({ method: 'POST', url: '/api/v1/locations', headers: key, payload: { id: 'boulder-2', name: 'Boulder', timeZone: 'America/Denver' } });
    const before = await owner.get('/quickbooks?location=boulder-2');
    expect(before.body).toContain('<legend>Use an existing connection</legend>');
    const [connection] = await w.t.sync.connections('default');
    expect(before.body).toContain(`<option value="${connection!.id}">Corner &lt;Café&gt; (denver-1)</option>`);
    const res = await owner.submit('/quickbooks?location=boulder-2', '/quickbooks/use-connection', { location: 'boulder-2', connection: String(connection!.id) });
    expect(res.location).toBe('/quickbooks?location=boulder-2');
    const after = await owner.get(res.location!);
    expect(flashOf(after.body)).toBe('Boulder now posts to Corner &lt;Café&gt;.');
    expect(after.body).toContain('<dd id="company-name">Corner &lt;Café&gt;</dd>');
    expect((await w.t.sync.connections('default'))[0]!.locationIds.sort()).toEqual(['boulder-2', 'denver-1']);
  });

  it('shows a "reconnect needed" banner when QuickBooks drops the connection', async () => {
    const [connection] = await w.t.sync.connections('default');
    w.t.simulator!.setFaults(connection!.realmId, { disconnected: true, expireAccessTokens: true });
    // A new ticket to post, so the run has to talk to QuickBooks.
    const ticket = { id: 'NEW-1', locationId: 'denver-1', version: 1, status: 'closed', closedAt: new Date(Date.now() - 60_000).toISOString(),
      lines: [{ kind: 'product', name: 'Tea', quantity: '1', unitPrice: '3.00' }], payments: [{ method: 'cash', amount: '3.00' }], total: '3.00' };
    const intake = await w.t.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: { authorization: `Bearer ${w.ownerApiKey}` }, payload: ticket });
    expect(intake.statusCode).toBe(200);
    await act('/quickbooks/sync-now', { location: 'denver-1' });
    await w.t.worker!.drain();
    const res = await page();
    expect((await w.t.sync.connections('default'))[0]!.status).toBe('reconnect_needed');
    expect(res.body).toContain('<div class="banner" role="alert" id="reconnect-banner">');
    expect(res.body).toContain('Reconnect to QuickBooks');
    w.t.simulator!.clearFaults(connection!.realmId);
  });

  it('disconnects, keeping the link for a reconnect', async () => {
    const [connection] = await w.t.sync.connections('default');
    await act('/quickbooks/disconnect', { location: 'denver-1', connection: String(connection!.id) });
    const res = await page();
    expect(flashOf(res.body)).toContain('Disconnected from Corner &lt;Café&gt;.');
    expect(res.body).toContain('badge-disconnected');
    expect(res.body).toMatch(/<button type="submit" class="primary">Reconnect<\/button>/);
  });

  it('answers 404 for a location or run that does not exist', async () => {
    expect((await page('location=nowhere')).status).toBe(404);
    expect((await page('location=denver-1&run=999999')).status).toBe(404);
    expect((await page('run=abc')).status).toBe(404);
  });
});
