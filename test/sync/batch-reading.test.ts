/**
 * The learned batch reading in the store (issue 17, Build 1): a run against a strict company
 * learns the strict reading from one 429 episode and stores it with when; a new process (its own
 * limiters) starts from what the store remembers and is not throttled; once the configured period
 * is over, lenient is tried again. Both store backends.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLimiterRegistry } from '../../src/qbo/index.js';
import { loadBatchReading } from '../../src/store/qbo-batch-readings.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

// Slow enough that a run can send more than the 16 batches of 30 a strict minute allows (a
// QuickBooks minute lasts 3 real seconds), fast enough for a test.
const TIME_SCALE = 20;
const RETRY_MS = 8 * 60_000;
const N = 400;
let serial = 0;
const tickets = (n: number) => Array.from({ length: n }, () => simpleTicket({ id: `B-${serial++}`, closedAt: '2026-11-23T12:00:00-07:00' }));

describe.each(backends())('the learned batch reading on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const throttled = () => world.sim.counters(realmId).throttled;
  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return (await world.runQueued())[0]!;
  };
  /**
   * A new process: limiters of its own, the same database. It starts a minute later: a process
   * cannot know what another sent in the last minute (the throttle's window), only the reading.
   */
  const restart = async () => {
    await sleep((61_000 / TIME_SCALE));
    world.deps.limiters = makeLimiterRegistry();
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend, timeScale: TIME_SCALE });
    world.deps.batchReading = { setting: 'adaptive', retryAfterMs: RETRY_MS };
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1'));
    await world.sync.initialize(TENANT, connectionId);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('learns strict from one 429 episode and stores when; a new process starts strict and is not throttled', { timeout: 60_000 }, async () => {
    await world.take(tickets(N));
    const before = world.clock.now();
    expect(await sync()).toMatchObject({ status: 'finished', posted: N, pending: 0 });
    expect(throttled()).toBeGreaterThan(0);
    await sleep(50); // the learning is saved beside the run
    const stored = await loadBatchReading(world.database.db, realmId);
    expect(stored?.reading).toBe('strict');
    expect(stored!.learnedAt).toBeGreaterThanOrEqual(before);

    await restart();
    const episode = throttled();
    await world.take(tickets(N));
    expect(await sync()).toMatchObject({ status: 'finished', posted: N });
    expect(throttled()).toBe(episode);
  });

  it('tries lenient again once the period is over, and learns again', { timeout: 60_000 }, async () => {
    const first = (await loadBatchReading(world.database.db, realmId))!.learnedAt;
    await sleep(Math.max(0, (first + RETRY_MS - world.clock.now()) / TIME_SCALE) + 200);
    await restart();
    const episode = throttled();
    await world.take(tickets(N));
    expect(await sync()).toMatchObject({ status: 'finished', posted: N });
    expect(throttled()).toBeGreaterThan(episode);
    await sleep(50);
    expect((await loadBatchReading(world.database.db, realmId))!.learnedAt).toBeGreaterThan(first);
  });
});
