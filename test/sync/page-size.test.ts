/**
 * How many tickets a run claims a page (run.ts, PAGE_TICKETS): about a minute of the company's
 * budget, so under the lenient reading one page fills a minute's 40 batches (600 tickets) and
 * under the strict one a page stays at 300. Seen from the run's progress, saved after each page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { claimRun } from '../../src/store/runs.js';
import { executeRun } from '../../src/sync/index.js';
import { PAGE_TICKETS } from '../../src/sync/engine/run.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const N = 650;
const tickets = () => Array.from({ length: N }, (_, i) => simpleTicket({ id: `P-${i}`, closedAt: '2026-11-23T12:00:00-07:00' }));

describe('the pages of a run', () => {
  let world: SyncWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it.each([
    { reading: 'lenient' as const, pages: [PAGE_TICKETS.lenient, N] },
    { reading: 'strict' as const, pages: [PAGE_TICKETS.strict, 2 * PAGE_TICKETS.strict, N] },
  ])('claims pages of a minute of the $reading budget', { timeout: 60_000 }, async ({ reading, pages }) => {
    world = await startSyncWorld({ backend: backends()[0]!, limits: { enabled: true, meterBatchItems: reading === 'strict' } });
    world.deps.batchReading = { setting: reading, retryAfterMs: 60 * 60_000 };
    await world.addLocation('denver-1', 'America/Denver');
    const { connectionId, realmId } = await world.connect('denver-1');
    await world.sync.initialize(TENANT, connectionId);
    await world.take(tickets());
    await world.sync.syncNow(TENANT, { connectionId });
    const run = (await claimRun(world.database.db, 'test'))!;
    const done: number[] = [];
    const summary = await executeRun(world.deps, run, { onProgress: (counts) => done.push(counts.done) });
    expect(summary).toMatchObject({ status: 'finished', posted: N, pending: 0 });
    expect(done).toEqual(pages);
    expect(world.sim.counters(realmId).throttled).toBe(0);
  });
});
