/**
 * Metered QuickBooks reads on the QuickBooks page and in the API (issue 17): reads this month
 * against the installation's budget (a banner from 80 %), and a quota block shown as a banner
 * on the page and on the run it paused, gone once QuickBooks lifts it and a run resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

describe('QuickBooks usage on the page and in the API', () => {
  let w: World;
  let owner: Agent;
  const key = () => ({ authorization: `Bearer ${w.ownerApiKey}` });
  const usage = async () => (await w.t.app.inject({ method: 'GET', url: '/api/v1/quickbooks/usage', headers: key() })).json();
  const ticket = (version: number, amount: string) => ({
    id: 'Q-1', locationId: 'denver-1', version, status: 'closed', closedAt: new Date(Date.now() - 60_000).toISOString(),
    lines: [{ kind: 'product', name: 'Tea', quantity: '1', unitPrice: amount }], payments: [{ method: 'cash', amount }], total: amount,
  });
  const syncNow = async () => {
    const res = await owner.submit('/quickbooks?location=denver-1', '/quickbooks/sync-now', { location: 'denver-1' });
    await w.t.worker!.drain();
    return Number(/&run=(\d+)#progress$/.exec(res.location!)![1]);
  };

  beforeAll(async () => {
    w = await startWorld({ QBO_MONTHLY_READ_BUDGET: '5' });
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    await connectThroughConsent(owner, 'denver-1', { newName: 'Meter Café' });
    const [connection] = await w.t.sync.connections('default');
    await owner.submit('/quickbooks?location=denver-1', '/quickbooks/initialize', { location: 'denver-1', connection: String(connection!.id) });
  });
  afterAll(async () => w?.stop());

  it('shows reads this month against the budget, warning from 80 %', async () => {
    const [connection] = await w.t.sync.connections('default');
    const metered = w.t.simulator!.counters(connection!.realmId).meteredReads;
    const body = await usage();
    expect(body).toMatchObject({ budget: 5, reads: metered, warning: true });
    expect(body.companies).toEqual([expect.objectContaining({ connectionId: connection!.id, reads: metered, quotaBlockedAt: null })]);
    const page = (await owner.get('/quickbooks?location=denver-1')).body;
    expect(page).toContain('id="read-budget-banner"');
    expect(page).toMatch(/<p class="small" id="usage-text"><strong>\d+<\/strong> of 5 \(\d+ %\)/);
    expect(page).not.toContain('id="quota-banner"');
  });

  it('a quota block: banners on the page and the run, the ticket waits; lifted, the next run posts it', async () => {
    const [connection] = await w.t.sync.connections('default');
    const realmId = connection!.realmId;
    expect((await w.t.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: key(), payload: ticket(1, '3.00') })).statusCode).toBe(200);
    await syncNow();
    w.t.simulator!.setQuota(realmId, { monthlyReads: w.t.simulator!.counters(realmId).meteredReads });
    // An edit needs a read (the invoice's SyncToken): it meets the block.
    expect((await w.t.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: key(), payload: ticket(2, '4.00') })).statusCode).toBe(200);
    const paused = await syncNow();
    const run = (await w.t.sync.run('default', paused))!;
    expect(run).toMatchObject({ status: 'failed', quotaBlocked: true });
    const page = (await owner.get(`/quickbooks?location=denver-1&run=${paused}`)).body;
    expect(page).toContain('<div class="banner" role="alert" id="quota-banner">');
    expect(page).toContain('id="run-quota-banner"');
    expect((await usage()).companies[0].quotaBlockedAt).not.toBeNull();
    expect((await w.t.sync.ticketStates('default', [{ locationId: 'denver-1', ticketId: 'Q-1' }]))[0]!.state).toBe('pending');

    w.t.simulator!.setQuota(realmId, null);
    const resumed = await syncNow();
    expect(await w.t.sync.run('default', resumed)).toMatchObject({ status: 'finished', quotaBlocked: false });
    expect((await w.t.sync.ticketStates('default', [{ locationId: 'denver-1', ticketId: 'Q-1' }]))[0]!.state).toBe('posted');
    expect((await owner.get('/quickbooks?location=denver-1')).body).not.toContain('id="quota-banner"');
    expect((await usage()).companies[0].quotaBlockedAt).toBeNull();
  });
});
