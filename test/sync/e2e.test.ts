/**
 * Issue 5's end-to-end check: demo tickets for 3 days × 2 locations in different time zones,
 * synced to the simulator, then read back through the QuickBooks API and reconciled per
 * business date and location.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { summarise } from '../../src/intake/take-tickets.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { formatReconciliation, reconcile } from '../../src/sync/reconcile/reconcile.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const DATES = ['2026-11-21', '2026-11-22', '2026-11-23'];
const LOCATIONS = [{ id: 'denver-1', timeZone: 'America/Denver' }, { id: 'brooklyn-1', timeZone: 'America/New_York' }];

describe('sync end to end', () => {
  let world: SyncWorld;
  let connectionId: number;

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]! });
    for (const l of LOCATIONS) await world.addLocation(l.id, l.timeZone);
    ({ connectionId } = await world.connect('denver-1'));
    await world.sync.useConnection(TENANT, 'brooklyn-1', connectionId);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('posts every ticket exactly once, and QuickBooks matches the POS to the cent per date, location and method', async () => {
    const tickets = [...generateDemoTickets({ seed: 5, locations: LOCATIONS, dates: DATES, ticketsPerDay: 40 })];
    expect(summarise(await world.take(tickets)).refused).toBe(0);
    const report = await world.sync.initialize(TENANT, connectionId);
    expect(report.records.map((r) => r.record)).toEqual(expect.arrayContaining(['Guest Customer', 'Product', 'Service', 'Tips', 'Tax', 'Credit Card', 'Undeposited Funds']));
    const { runId } = await world.sync.syncNow(TENANT, { connectionId });
    const runs = await world.runQueued();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
    const view = await world.sync.run(TENANT, runId);
    expect(view).toMatchObject({ status: 'finished', done: view!.total });

    const states = await world.database.db.selectFrom('tickets').select(['sync_state', 'status']).where('tenant_id', '=', TENANT).execute();
    expect(states.every((s) => (s.status === 'voided' ? s.sync_state === 'void' : s.sync_state === 'posted'))).toBe(true);

    const connection = await getConnection(world.database.db, TENANT, connectionId);
    const client = await world.client(connectionId);
    const recon = await reconcile(world.database, client, {
      tenantId: TENANT, locationIds: LOCATIONS.map((l) => l.id), from: '2026-11-20', to: '2026-11-24', setup: readSetup(connection!)!.setup,
    });
    expect(recon.problems, formatReconciliation(recon)).toEqual([]);
    expect(recon.tickets).toBeGreaterThan(200);
    // Both zones and every date are present, and payments were compared per method.
    expect(new Set(recon.rows.map((r) => `${r.date} ${r.locationId}`)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(recon.rows.filter((r) => r.measure.startsWith('payments')).map((r) => r.measure)).size).toBeGreaterThanOrEqual(4);

    // HTTP requests per posted ticket: batching brings it far below 1.
    const posted = runs[0]!.posted;
    expect(runs[0]!.httpRequests / posted).toBeLessThan(0.5);

    // Running again posts nothing new and creates nothing.
    const before = world.sim.counters((await world.client(connectionId)).realmId).writes;
    await world.sync.syncNow(TENANT, { connectionId });
    const again = await world.runQueued();
    expect(again[0]).toMatchObject({ total: 0, posted: 0 });
    expect(world.sim.counters(connection!.realmId).writes).toBe(before);
  });
});
