/**
 * The adaptive batch reading against the simulator's two readings (issue 17, Build 1): against
 * a strict company the client meets one 429 episode, learns the strict reading and is not
 * throttled again; against a lenient one it is never throttled and posts above the strict
 * ceiling (more than 500 batch items in a minute, which the strict reading never allows).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BatchOp, QboClient } from '../../src/qbo/index.js';
import type { LoggedRequest } from '../../src/sandbox/index.js';
import { startWorld } from './world.js';
import type { World } from './world.js';

const ADAPTIVE = { setting: 'adaptive' as const, retryAfterMs: 24 * 3_600_000 };
const queries = (batches: number): BatchOp[] => Array.from({ length: batches * 30 }, (_, i) =>
  ({ operation: 'query' as const, query: `SELECT * FROM Account WHERE Name = 'n${i}'` }));

/** The most batch items the simulator received in any sliding minute of clock time. */
function maxItemsPerMinute(log: readonly LoggedRequest[]): number {
  const batches = log.filter((r) => r.path === 'batch');
  let best = 0;
  for (let i = 0, j = 0, items = 0; j < batches.length; j++) {
    items += batches[j]!.batchQueries.length;
    while (batches[j]!.at - batches[i]!.at >= 60_000) items -= batches[i++]!.batchQueries.length;
    best = Math.max(best, items);
  }
  return best;
}

async function allOk(client: QboClient, ops: BatchOp[]) {
  const results = await client.batch(ops);
  expect(results.filter((r) => !r.ok)).toEqual([]);
}

describe('the adaptive batch reading against the simulator', () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.close();
  });

  it('a strict company: one 429 episode, then strict from then on, no more 429', { timeout: 120_000 }, async () => {
    world = await startWorld({ timeScale: 60 });
    const w = world;
    const throttledAt: number[] = [];
    const client = w.client({ batchReading: ADAPTIVE, log: (e) => { if (e.status === 429) throttledAt.push(w.clock.now()); } });
    await allOk(client, queries(40));
    const episode = w.sim.counters(w.realmId).throttled;
    expect(episode).toBeGreaterThan(0);
    // One episode: every 429 came back before the company's pause (a minute) was over.
    expect(Math.max(...throttledAt) - Math.min(...throttledAt)).toBeLessThan(60_000);
    await allOk(w.client({ batchReading: ADAPTIVE }), queries(40));
    expect(w.sim.counters(w.realmId).throttled).toBe(episode);
    expect(maxItemsPerMinute(world.sim.requestLog(world.realmId).slice(-40))).toBeLessThanOrEqual(500);
  });

  it('a lenient company: never throttled, and above the strict ceiling', { timeout: 120_000 }, async () => {
    world = await startWorld({ timeScale: 10 });
    world.sim.setLimits(world.realmId, { meterBatchItems: false });
    const client = world.client({ batchReading: ADAPTIVE });
    await allOk(client, queries(60));
    expect(world.sim.counters(world.realmId).throttled).toBe(0);
    expect(maxItemsPerMinute(world.sim.requestLog(world.realmId))).toBeGreaterThan(500);
  });

  it('forced strict never goes above the strict ceiling, even where lenient would pass', { timeout: 120_000 }, async () => {
    world = await startWorld({ timeScale: 60 });
    world.sim.setLimits(world.realmId, { meterBatchItems: false });
    const client = world.client({ batchReading: { ...ADAPTIVE, setting: 'strict' } });
    await allOk(client, queries(30));
    expect(world.sim.counters(world.realmId).throttled).toBe(0);
    expect(maxItemsPerMinute(world.sim.requestLog(world.realmId))).toBeLessThanOrEqual(500);
  });
});
