/**
 * A user of one tenant can neither see nor act on another tenant's tickets, locations,
 * connections or runs: through the pages, the ticket page, Resync, the QuickBooks forms and
 * the JSON API (session or API key). Another tenant's things answer exactly like missing ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER, connectThroughConsent, signedIn, startWorld } from './test-support/world.js';
import type { World , Agent} from './test-support/world.js';

describe('tenant isolation', () => {
  let w: World;
  let owner: Agent;
  let other: Agent;
  let ownerTickets: string[];
  let runId: number;
  let connectionId: number;

  const snapshot = () => w.t.database.db.selectFrom('tickets').select(['tenant_id', 'ticket_id', 'sync_state', 'attempts', 'post_epoch'])
    .orderBy('tenant_id').orderBy('ticket_id').execute();
  const runCount = async () => (await w.t.database.db.selectFrom('sync_runs').select('id').execute()).length;

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, 'owner-password-for-tests');
    other = await signedIn(w.t, OTHER.email, OTHER.password);
    const connected = await connectThroughConsent(owner, 'denver-1');
    expect(connected.status).toBe(303);
    connectionId = (await w.t.sync.connections('default'))[0]!.id;
    await owner.submit('/quickbooks?location=denver-1', '/quickbooks/initialize', { location: 'denver-1', connection: String(connectionId) });
    const sync = await owner.submit('/quickbooks?location=denver-1', '/quickbooks/sync-now', { location: 'denver-1' });
    runId = Number(/run=(\d+)/.exec(sync.location!)![1]);
    await w.t.worker!.drain();
    ownerTickets = (await w.t.database.db.selectFrom('tickets').select('ticket_id').where('tenant_id', '=', 'default').execute()).map((r) => r.ticket_id);
    expect(ownerTickets.length).toBeGreaterThan(10);
  });
  afterAll(async () => w.stop());

  it('lists only the tenant\'s own tickets, whatever the filter', async () => {
    const mine = await other.get('/tickets');
    expect(mine.body).toContain(`>${OTHER.ticketId}</a>`);
    for (const id of ownerTickets) expect(mine.body).not.toContain(`>${id}</a>`);
    const theirs = await other.get('/tickets?location=denver-1');
    expect(theirs.body).toContain('No ticket matches these filters');
    const ownerList = await owner.get('/tickets?location=paris-1');
    expect(ownerList.body).toContain('No ticket matches these filters');
  });

  it('answers 404 for another tenant\'s ticket page, showing nothing of it', async () => {
    const res = await other.get(`/tickets/denver-1/${encodeURIComponent(ownerTickets[0]!)}`);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(ownerTickets[0]!);
    const back = await owner.get(`/tickets/${OTHER.locationId}/${OTHER.ticketId}`);
    expect(back.status).toBe(404);
    expect(back.body).not.toContain('Secret haircut');
    expect((await other.get(`/tickets/${OTHER.locationId}/${OTHER.ticketId}`)).body).toContain('Secret haircut');
  });

  it('answers 404 for another tenant\'s location and run on the QuickBooks page', async () => {
    expect((await other.get('/quickbooks?location=denver-1')).status).toBe(404);
    expect((await other.get(`/quickbooks?run=${runId}`)).status).toBe(404);
    const own = await other.get('/quickbooks');
    expect(own.status).toBe(200);
    expect(own.body).not.toContain('Corner Café');
    expect((await owner.get(`/quickbooks?run=${runId}`)).status).toBe(200);
  });

  it('refuses to act on another tenant\'s location or connection', async () => {
    const before = await snapshot();
    const runs = await runCount();
    const attempts: [string, Record<string, string>][] = [
      ['/quickbooks/sync-now', { location: 'denver-1' }],
      ['/quickbooks/enabled', { location: 'denver-1' }],
      ['/quickbooks/schedule', { location: 'denver-1', syncTime: '03:00', syncTimeZone: 'UTC', startDate: '' }],
      ['/quickbooks/connect', { location: 'denver-1' }],
      ['/quickbooks/initialize', { location: OTHER.locationId, connection: String(connectionId) }],
      ['/quickbooks/use-connection', { location: OTHER.locationId, connection: String(connectionId) }],
      ['/quickbooks/disconnect', { location: OTHER.locationId, connection: String(connectionId) }],
    ];
    for (const [action, fields] of attempts) {
      const res = await other.submit('/quickbooks', action, fields);
      expect([action, res.status]).toEqual([action, 404]);
    }
    expect(await snapshot()).toEqual(before);
    expect(await runCount()).toBe(runs);
    const [connection] = await w.t.sync.connections('default');
    expect(connection).toMatchObject({ status: 'connected', locationIds: ['denver-1'] });
    expect(await w.t.sync.connections(OTHER.tenantId)).toEqual([]);
  });

  it('ignores another tenant\'s tickets in Resync selected tickets', async () => {
    const before = await snapshot();
    const runs = await runCount();
    const res = await other.submit('/tickets', '/tickets/resync', { ticket: ownerTickets.slice(0, 3).map((id) => `denver-1/${encodeURIComponent(id)}`), return: '/tickets' });
    expect(res.status).toBe(303);
    const page = await other.get('/tickets');
    expect(page.body).toContain('0 tickets queued, 3 ignored');
    expect(page.body).toContain('3 tickets not found');
    expect(await snapshot()).toEqual(before);
    expect(await runCount()).toBe(runs);
  });

  it('shows another tenant none of the first\'s processors on the Payouts page, and keeps its usual delay apart', async () => {
    const bank = (await w.t.sync.mapping.companyLists('default', connectionId)).accounts.find((a) => a.type === 'Bank')!;
    await w.t.sync.payouts.turnOn('default', connectionId, { processor: 'square', from: '2026-11-01', bank: { id: bank.id, name: bank.name }, by: 'test' });
    await w.t.sync.payouts.setUsualDelay('default', 'square', 3, 'test');
    expect((await owner.get('/payouts')).body).toContain('Card clearing - square');
    const page = await other.get('/payouts');
    expect(page.body).toContain('No processor has payouts turned on');
    expect(page.body).not.toContain('square');
    const res = await other.submit('/payouts', '/payouts/delay', { processor: 'square', connection: String(connectionId), days: '9' });
    expect(res.status).toBe(303);
    expect((await w.t.sync.payouts.clearing('default')).processors[0]!.usualDelayDays).toBe(3);
    expect((await w.t.sync.payouts.clearing(OTHER.tenantId)).processors).toEqual([]);
  });

  it.each(['API key', 'session'])('keeps the sync API inside the tenant (%s)', async (how) => {
    const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
      if (how === 'API key') {
        const res = await w.t.app.inject({ method, url, headers: { authorization: `Bearer ${w.otherApiKey}` }, ...(body !== undefined && { payload: body as object }) });
        return { status: res.statusCode, json: res.json() as Record<string, unknown> };
      }
      const token = /<meta name="csrf-token" content="([^"]+)">/.exec((await other.get('/tickets')).body)![1]!;
      const res = await w.t.app.inject({ method, url, headers: { cookie: `tb_session=${other.cookies.get('tb_session')}`, 'x-csrf-token': token },
        ...(body !== undefined && { payload: body as object }) });
      return { status: res.statusCode, json: res.json() as Record<string, unknown> };
    };
    const before = await snapshot();
    expect((await call('GET', `/api/v1/runs/${runId}`)).status).toBe(404);
    expect((await call('GET', '/api/v1/runs')).json).toEqual({ runs: [] });
    expect((await call('GET', '/api/v1/runs?locationId=denver-1')).status).toBe(404);
    expect((await call('POST', '/api/v1/sync', { locationId: 'denver-1' })).status).toBe(404);
    expect((await call('POST', '/api/v1/sync', { connectionId })).status).toBe(404);
    const resync = await call('POST', '/api/v1/resync', { tickets: [{ locationId: 'denver-1', ticketId: ownerTickets[0] }] });
    expect(resync).toEqual({ status: 200, json: { queued: [], ignored: [{ locationId: 'denver-1', ticketId: ownerTickets[0], reason: 'no such ticket' }], runId: null } });
    expect(await snapshot()).toEqual(before);
    // The owner, with the owner's key, sees the run.
    const mine = await w.t.app.inject({ url: `/api/v1/runs/${runId}`, headers: { 'x-api-key': w.ownerApiKey } });
    expect(mine.json()).toMatchObject({ run: { id: runId, status: 'finished' } });
  });
});
