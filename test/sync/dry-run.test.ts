/**
 * Issue 16, the dry run (both backends, the simulator over HTTP): before the first sync of a
 * connection it sends only reads (the simulator's request log and write counter), says which
 * set-up records Initialize would create, and its figures - documents by kind, totals per day
 * and store - are exactly what the real run then posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const DATES = ['2026-11-22', '2026-11-23'];
const LOCATIONS = [{ id: 'denver-1', timeZone: 'America/Denver' }, { id: 'brooklyn-1', timeZone: 'America/New_York' }];
const cents = (v: unknown) => Math.round(Number(v) * 100);

describe.each(backends())('dry run on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;

  beforeAll(async () => {
    world = await startSyncWorld({ backend, limits: { enabled: false } });
    for (const l of LOCATIONS) await world.addLocation(l.id, l.timeZone);
    ({ connectionId, realmId } = await world.connect('denver-1'));
    await world.sync.useConnection(TENANT, 'brooklyn-1', connectionId);
    await world.take([...generateDemoTickets({ seed: 61, locations: LOCATIONS, dates: DATES, ticketsPerDay: 10 })]);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('writes nothing, and says exactly what the run then posts', async () => {
    const logged = world.sim.requestLog(realmId).length;
    const writes = world.sim.counters(realmId).writes;
    const dry = await world.sync.repair.dryRun(TENANT, { connectionId });
    const asked = world.sim.requestLog(realmId).slice(logged);
    expect(world.sim.counters(realmId).writes).toBe(writes);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((r) => !(r.method === 'GET' || r.path === 'query' || (r.path === 'batch' && r.batchQueries.length > 0)))).toEqual([]);
    expect(dry.reads).toBe(asked.length);
    expect(dry).toMatchObject({ initialized: false, company: 'Test Café', unmappable: [] });
    expect(dry.tickets).toBeGreaterThan(30);
    expect(dry.setupRecords.map((r) => r.name)).toEqual(expect.arrayContaining(['Guest Customer']));
    expect(dry.accounts.length).toBeGreaterThan(4);
    // Twice gives the same answer: nothing was made meanwhile.
    const again = await world.sync.repair.dryRun(TENANT, { connectionId });
    expect(again).toMatchObject({ documents: dry.documents, days: dry.days, setupRecords: dry.setupRecords });

    await world.sync.syncNow(TENANT, { connectionId });
    expect((await world.runQueued())[0]).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
    const posted = new Map<string, { documents: number; cents: number }>();
    for (const entity of ['Invoice', 'Payment', 'RefundReceipt']) {
      for (const d of world.sim.documents(realmId, entity)) {
        const key = `${String(d.TxnDate)} ${entity}`;
        const p = posted.get(key) ?? { documents: 0, cents: 0 };
        posted.set(key, { documents: p.documents + 1, cents: p.cents + cents(d.TotalAmt) });
      }
    }
    const predicted = new Map<string, { documents: number; cents: number }>();
    for (const d of dry.days) {
      expect(d.operation).toBe('create');
      const key = `${d.date} ${d.entity}`;
      const p = predicted.get(key) ?? { documents: 0, cents: 0 };
      predicted.set(key, { documents: p.documents + d.documents, cents: p.cents + d.cents });
    }
    expect(Object.fromEntries(predicted)).toEqual(Object.fromEntries(posted));
    // The set-up records it named are the ones Initialize and the run created.
    const report = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.report;
    const created = report.records.filter((r) => r.action === 'created').map((r) => `${r.entity} ${r.name}`).sort();
    expect(dry.setupRecords.map((r) => `${r.entity} ${r.name}`).sort()).toEqual(created);
  }, 60_000);
});
