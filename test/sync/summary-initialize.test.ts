/**
 * Initialize in summary mode (issue 14, summary-rules §5): with stores in summary mode and days
 * waiting, Initialize sets up summary mode's records and what the waiting days name (an item per
 * category met, a PMT item and clearing account per tender, an item per tax), so the first run
 * over the backlog sends only the days' documents, batched ten store-days a request, and reads
 * nothing (the bench's target: a clean run reads nothing beyond Initialize's look-ups).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeDrawerOperations } from '../../src/intake/take-drawer-operations.js';
import { backends } from '../support/stores.js';
import { FAULT_STORES, datesFrom, dayBlock, exactlyOnceProblems, wireDrawer, wireTickets } from '../support/summary-faults.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const STORES = FAULT_STORES.slice(0, 2);

describe.each(backends())('Initialize with summary days waiting on $name', (backend) => {
  let world: SyncWorld;

  beforeAll(async () => {
    world = await startSyncWorld({ backend, timeScale: 60 });
    for (const s of STORES) await world.addLocation(s.id, s.zone);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('sets up what the days name: the first run sends only batches of day documents', async () => {
    const { connectionId, realmId } = await world.connect(STORES[0]!.id);
    await world.sync.useConnection(TENANT, STORES[1]!.id, connectionId);
    for (const s of STORES) await world.sync.days.setMode(TENANT, s.id, { mode: 'summary', from: '2026-01-01' });
    const block = dayBlock(STORES, datesFrom('2026-02-01', 10), 4);
    await world.take(wireTickets(block));
    await takeDrawerOperations(world.database.db, TENANT, wireDrawer(block).map((raw, ref) => ({ raw, ref })));

    const report = await world.sync.initialize(TENANT, connectionId);
    expect(JSON.stringify(report)).toContain('Coffee');
    const mark = world.sim.requestLog(realmId).length;
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();
    const sent = world.sim.requestLog(realmId).slice(mark);
    expect(sent.filter((r) => r.path !== 'batch').map((r) => `${r.method} ${r.path} ${r.query ?? ''}`)).toEqual([]);
    // 20 store-days: 20 receipts, 16 COGS entries (a day in five has no costs), 10 drawer entries: 46 documents, 2 batches.
    expect(sent).toHaveLength(Math.ceil(46 / 30));
    expect(await exactlyOnceProblems(await world.client(connectionId), STORES, [block])).toEqual([]);
  });
});
