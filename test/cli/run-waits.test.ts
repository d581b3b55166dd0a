/**
 * Issue 18, Build 7: a command that waits says what it waits for and how long. While a run
 * follows QuickBooks' per-minute limit (a 429's pause, or the minute's requests used up) the
 * command says "waiting 12 s for QuickBooks' per-minute limit"; following a run held by a
 * process gone silent (restarted after a crash) it says "waiting for the previous run's lease
 * (up to N s)", and carries on when the run moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInForeground } from '../../src/jobs/index.js';
import { makeManualClock } from '../../src/lib/clock.js';
import { makeCompanyLimiter } from '../../src/qbo/limiter.js';
import { claimRun, finishRun } from '../../src/store/runs.js';
import { throttleWords, waitWords, watchThrottle } from '../../src/cli/run-waits.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const LIMITS = { perMinute: 2, concurrent: 10, batchPerMinute: 40, windowMs: 60_000 };

describe('what a command waits for, in words', () => {
  let w: SyncWorld;
  let connectionId: number;
  let realmId: string;

  beforeAll(async () => {
    // Real time: the 429's pause is 12 s as the command says.
    w = await startSyncWorld({ backend: backends()[0]!, timeScale: 1 });
    await w.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await w.connect('denver-1'));
  }, 60_000);
  afterAll(async () => w?.close());

  it('the limiter tells what its line waits for: a 429\'s pause, then the minute\'s budget', async () => {
    const clock = makeManualClock();
    const limiter = makeCompanyLimiter({ limits: LIMITS, clock, safetyMarginMs: 0 });
    expect(limiter.stats().waiting).toBeNull();
    limiter.pauseFor(12_000);
    void limiter.acquire({ requests: 1, batch: false });
    expect(throttleWords(limiter.stats().waiting!, clock.now())).toBe(
      'waiting 12 s for QuickBooks\' per-minute limit: it answered 429 (too many requests), so nothing is sent to this company until then');
    // The minute's two requests used up: the third waits for the first to leave the window.
    const full = makeCompanyLimiter({ limits: LIMITS, clock, safetyMarginMs: 0 });
    (await full.acquire({ requests: 1, batch: false })).release();
    await clock.advance(15_000);
    (await full.acquire({ requests: 1, batch: false })).release();
    void full.acquire({ requests: 1, batch: false });
    expect(full.stats().waiting).toEqual({ reason: 'per-minute', until: clock.now() + 45_000 });
    expect(throttleWords(full.stats().waiting!, clock.now())).toBe('waiting 45 s for QuickBooks\' per-minute limit: the requests of the last minute used it up');
  });

  it('a sync following its run says it while the company\'s limiter waits, and once', async () => {
    const { runId } = await w.sync.syncNow(TENANT, { connectionId });
    const limiter = w.deps.limiters!.forCompany(realmId, { limits: LIMITS, clock: w.deps.clock, safetyMarginMs: 0 });
    limiter.pauseFor(12_000);
    void limiter.acquire({ requests: 1, batch: false });
    const said: (string | null)[] = [];
    const stop = watchThrottle(w.deps, TENANT, runId, (words) => said.push(words), { timeScale: 1, everyMs: 20 });
    await expect.poll(() => said.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 100));
    stop();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^waiting 1[12] s for QuickBooks' per-minute limit: it answered 429/);
    await w.database.db.updateTable('sync_runs').set({ status: 'finished' }).where('id', '=', runId).execute();
  });

  it('following a run held by a process gone silent, it waits for that run\'s lease and says so', async () => {
    const { runId } = await w.sync.syncNow(TENANT, { connectionId });
    // The crashed command had claimed it; its last beat was 40 s ago, of a 60 s lease.
    expect((await claimRun(w.database.db, 'cli-crashed'))?.id).toBe(runId);
    await w.database.db.updateTable('sync_runs').set({ heartbeat_at: new Date(Date.now() - 40_000) }).where('id', '=', runId).execute();
    const said: string[] = [];
    const ended = await runInForeground(w.deps, TENANT, runId, {
      leaseMs: 60_000, pollMs: 20, followOnly: true,
      onWait: (r) => {
        said.push(waitWords(r, 60_000, Date.now()));
        // What the lease's end does: the run moves on (here: ends).
        void finishRun(w.database.db, runId, 'finished', null);
      },
    });
    expect(ended).toMatchObject({ id: runId, status: 'finished' });
    expect(said[0]).toMatch(/^waiting for the previous run's lease \(up to (\d+) s\): run \d+ is held by a process last heard from \d+ s ago\./);
    expect(Number(/up to (\d+) s/.exec(said[0]!)![1])).toBeLessThanOrEqual(20);
  });
});
