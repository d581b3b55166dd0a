/**
 * A drawer operation whose new version carries another date (issue 14, summary-rules §4): it
 * leaves the day it was on, so that posted day is out of date too, not only the day it joins.
 * The next run takes its line out of the old day's drawer entry (deleted: it was the only one)
 * and puts it in the new day's; QuickBooks, read back over HTTP, holds each day exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeDrawerOperations } from '../../src/intake/take-drawer-operations.js';
import { backends } from '../support/stores.js';
import { FAULT_STORES, dayBlock, exactlyOnceProblems, wireDrawer, wireTickets } from '../support/summary-faults.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const STORE = FAULT_STORES[0]!;
const [OLD, NEW] = ['2026-02-02', '2026-02-03'];

describe.each(backends())('a drawer operation moved to another day on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;

  beforeAll(async () => {
    world = await startSyncWorld({ backend, timeScale: 60 });
    await world.addLocation(STORE.id, STORE.zone);
    ({ connectionId } = await world.connect(STORE.id));
    await world.sync.initialize(TENANT, connectionId);
    await world.sync.days.setMode(TENANT, STORE.id, { mode: 'summary', from: '2026-01-01' });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('marks the day it left out of date, and the next run rewrites both days', async () => {
    const sync = async () => {
      await world.sync.syncNow(TENANT, { connectionId });
      return world.runQueued();
    };
    const states = async () => Object.fromEntries((await world.database.db.selectFrom('summary_days').select(['business_date', 'state']).execute())
      .map((r) => [String(r.business_date).slice(0, 10), r.state]));
    const block = dayBlock([STORE], [OLD, NEW], 2);
    expect(block.drawer.map((o) => o.date)).toEqual([OLD]);
    await world.take(wireTickets(block));
    await takeDrawerOperations(world.database.db, TENANT, wireDrawer(block).map((raw, ref) => ({ raw, ref })));
    await sync();
    expect(await states()).toEqual({ [OLD]: 'posted', [NEW]: 'posted' });
    const client = await world.client(connectionId);
    expect(await exactlyOnceProblems(client, [STORE], [block])).toEqual([]);

    // Version 2 of the paid-out: the POS dated it the next day.
    const moved = { ...block.drawer[0]!, at: `${NEW}T16:00:00${STORE.offset}`, date: NEW };
    const raw = JSON.parse(wireDrawer({ ...block, drawer: [moved] })[0]!) as Record<string, unknown>;
    const taken = await takeDrawerOperations(world.database.db, TENANT, [{ raw: JSON.stringify({ ...raw, version: 2 }), ref: 0 }]);
    expect(taken.map((r) => r.outcome)).toEqual(['replaced']);
    expect(await states()).toEqual({ [OLD]: 'out-of-date', [NEW]: 'out-of-date' });

    await sync();
    expect(await states()).toEqual({ [OLD]: 'posted', [NEW]: 'posted' });
    const problems = await exactlyOnceProblems(client, [STORE], [{ ...block, drawer: [moved] }]);
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
