/**
 * Issue 17's pipelining: the batches of a step go out together, up to QuickBooks' 10 in flight
 * per company, and every document is still written exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { summarise } from '../../src/intake/take-tickets.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

describe('pipelined batches', () => {
  let world: SyncWorld;

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]!, pageSize: 300, pipelineDepth: 10 });
    await world.addLocation('denver-1', 'America/Denver');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('has more than one batch in flight, never more than 10, and writes each document once', async () => {
    const { connectionId, realmId } = await world.connect('denver-1');
    const tickets = [...generateDemoTickets({ seed: 11, locations: [{ id: 'denver-1', timeZone: 'America/Denver' }], dates: ['2026-11-21', '2026-11-22'], ticketsPerDay: 150 })];
    expect(summarise(await world.take(tickets)).refused).toBe(0);
    await world.sync.initialize(TENANT, connectionId);
    // Answers take a while, so batches sent together are seen together.
    world.sim.setFaults(realmId, { latencyMs: 30 });
    const before = world.sim.counters(realmId);
    await world.sync.syncNow(TENANT, { connectionId });
    const [run] = await world.runQueued();
    expect(run).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
    const after = world.sim.counters(realmId);
    expect(after.maxConcurrency).toBeGreaterThan(1);
    expect(after.maxConcurrency).toBeLessThanOrEqual(10);
    expect(after.throttled - before.throttled).toBe(0);
    expect(after.replays - before.replays).toBe(0);

    // QuickBooks holds exactly the documents the tickets' facts name: none twice, none missing.
    const inBooks = ['Invoice', 'Payment', 'RefundReceipt'].flatMap((e) => world.sim.documents(realmId, e).map((d) => `${e} ${String(d.Id)}`)).sort();
    const rows = await world.database.db.selectFrom('tickets').select('qbo_docs').where('tenant_id', '=', TENANT).execute();
    const named = rows.flatMap((r) => {
      const d = r.qbo_docs as { invoice: { id: string } | null; refundReceipt: { id: string } | null; payments: { id: string }[] } | null;
      if (!d) return [];
      return [...(d.invoice ? [`Invoice ${d.invoice.id}`] : []), ...(d.refundReceipt ? [`RefundReceipt ${d.refundReceipt.id}`] : []), ...d.payments.map((p) => `Payment ${p.id}`)];
    }).sort();
    expect(inBooks.length).toBeGreaterThan(300);
    expect(inBooks).toEqual(named);
    await world.sync.syncNow(TENANT, { connectionId });
    const again = await world.runQueued();
    expect(again[0]).toMatchObject({ total: 0, posted: 0 });
    expect(world.sim.counters(realmId).writes).toBe(after.writes);
  });
});
