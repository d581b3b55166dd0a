/**
 * Each failure row of posting-rules §6, ending in the state the table names.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getConnection } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

let world: SyncWorld;
let connectionId: number;
let realmId: string;
let seq = 0;

const ticket = (extra: Record<string, unknown> = {}) => ({ ...simpleTicket({ id: `F-${++seq}`, cents: 1000, closedAt: '2026-11-23T12:00:00-07:00' }), ...extra });
const row = (id: string) => world.database.db.selectFrom('tickets').select(['sync_state', 'last_error', 'posted_version']).where('ticket_id', '=', id).executeTakeFirstOrThrow();
const syncNow = async () => {
  await world.sync.syncNow(TENANT, { connectionId });
  return (await world.runQueued())[0]!;
};

beforeAll(async () => {
  world = await startSyncWorld({ backend: backends()[0]!, retryPolicy: { maxAttempts: 3 } });
  await world.addLocation('denver-1', 'America/Denver');
  ({ connectionId, realmId } = await world.connect('denver-1'));
  await world.sync.initialize(TENANT, connectionId);
});
afterAll(async () => {
  await world?.close();
});
beforeEach(() => world.sim.clearFaults('*'));

describe('when something fails (posting-rules §6)', () => {
  it('QuickBooks refuses the document → skipped with code, message and hint; fixed and resynced → posted', async () => {
    const t = ticket();
    await world.take([t]);
    world.sim.setPreferences(realmId, { BookCloseDate: '2026-11-23' });
    expect(await syncNow()).toMatchObject({ skipped: 1, posted: 0 });
    const skipped = await row(t.id as string);
    expect(skipped.sync_state).toBe('skipped');
    expect(skipped.last_error).toMatchObject({ kind: 'validation', code: 'QBO_VALIDATION', qboCode: '6210', hint: expect.stringContaining('books are closed') });
    const errors = await world.sync.ticketErrors(TENANT);
    expect(errors.map((e) => e.ticketId)).toContain(t.id);

    world.sim.setPreferences(realmId, { BookCloseDate: null });
    const outcome = await world.sync.resync(TENANT, [{ locationId: 'denver-1', ticketId: t.id as string }]);
    expect(outcome.queued).toHaveLength(1);
    await world.runQueued();
    expect(await row(t.id as string)).toMatchObject({ sync_state: 'posted', last_error: null, posted_version: 1 });
    const resyncAgain = await world.sync.resync(TENANT, [{ locationId: 'denver-1', ticketId: t.id as string }]);
    expect(resyncAgain.ignored).toEqual([{ locationId: 'denver-1', ticketId: t.id, reason: 'already posted' }]);
  });

  it('a set-up record made inactive → Initialize runs again by itself, once, and the ticket posts', async () => {
    const client = await world.client(connectionId);
    const setup = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup;
    const tips = await client.read<{ Id: string; SyncToken: string }>('Item', setup.items.tips);
    await client.sparseUpdate('Item', { Id: tips.Id, SyncToken: tips.SyncToken, Active: false }, { key: `test:deactivate-tips:${seq}` });
    const t = ticket({ tip: '2.00', total: '12.00', payments: [{ method: 'cash', amount: '12.00' }] });
    await world.take([t]);
    expect(await syncNow()).toMatchObject({ posted: 1, skipped: 0 });
    const events = await world.database.db.selectFrom('sync_events').select(['kind', 'detail']).where('ticket_id', '=', t.id as string).execute();
    expect(JSON.stringify(events)).toContain('Initialize ran again');
    expect((await client.read<{ Active: boolean }>('Item', setup.items.tips)).Active).toBe(true);
  });

  it('server errors past the retries → pending, retried by the next run', async () => {
    const t = ticket();
    await world.take([t]);
    world.sim.setFaults(realmId, { serverErrorRate: 1 });
    expect(await syncNow()).toMatchObject({ posted: 0, pending: 1 });
    expect(await row(t.id as string)).toMatchObject({ sync_state: 'pending', last_error: { kind: 'transient', code: 'QBO_SERVER' } });
    world.sim.clearFaults(realmId);
    expect(await syncNow()).toMatchObject({ posted: 1 });
    expect((await row(t.id as string)).sync_state).toBe('posted');
  });

  it('throttling storms are waited out inside the run', async () => {
    const t = ticket();
    await world.take([t]);
    world.sim.setFaults(realmId, { throttleRate: 0.5 });
    expect(await syncNow()).toMatchObject({ posted: 1, pending: 0 });
    expect(world.sim.counters(realmId).throttled).toBeGreaterThan(0);
  });

  it('the connection is lost → tickets stay pending, the run stops, the connection shows "reconnect needed"; reconnecting posts them', async () => {
    const t = ticket();
    await world.take([t]);
    world.sim.setFaults(realmId, { expireAccessTokens: true, invalidGrantOnRefresh: true });
    const run = await syncNow();
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/reconnect/i);
    expect((await row(t.id as string)).sync_state).toBe('pending');
    const [view] = await world.sync.connections(TENANT);
    expect(view).toMatchObject({ status: 'reconnect_needed' });
    world.sim.clearFaults(realmId);
    await world.connect('denver-1', { realmId });
    expect((await world.sync.connections(TENANT))[0]).toMatchObject({ status: 'connected' });
    expect(await syncNow()).toMatchObject({ posted: 1 });
  });

  it('a throttling storm through the automatic Initialize → the run fails saying so, tickets pending; the next run initializes and posts', async () => {
    await world.addLocation('boulder-1', 'America/Denver');
    const fresh = await world.connect('boulder-1', { newCompany: 'Never Initialized Café' });
    const t: Record<string, unknown> = { ...ticket(), locationId: 'boulder-1' };
    await world.take([t]);
    world.sim.setFaults(fresh.realmId, { throttleRate: 1 });
    await world.sync.syncNow(TENANT, { connectionId: fresh.connectionId });
    const [failed] = await world.runQueued();
    expect(failed).toMatchObject({ status: 'failed', posted: 0 });
    expect(failed!.error).toMatch(/^QuickBooks kept failing \(QBO_RATE_LIMIT: /);
    expect((await row(t.id as string)).sync_state).toBe('pending');
    world.sim.clearFaults(fresh.realmId);
    await world.sync.syncNow(TENANT, { connectionId: fresh.connectionId });
    expect((await world.runQueued())[0]).toMatchObject({ status: 'finished', posted: 1 });
  });

  it('a ticket that breaks the arithmetic is never taken in', async () => {
    const [r] = await world.take([{ ...ticket(), total: '99.99' }]);
    expect(r).toMatchObject({ outcome: 'refused' });
  });
});
