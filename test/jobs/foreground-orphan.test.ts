/**
 * `tillbooks sync` started again after a killed one (embedded store, issue 18): the killed
 * process's run, still marked running with a fresh heartbeat, is handed on at once instead of
 * making the command sit silent for the lease; the command follows the continuation and its
 * outcome counts the whole sync. PGlite only: with PostgreSQL the job queue's workers adopt
 * orphans (jobs/graphile-runner.ts), and this path is not taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInForeground } from '../../src/jobs/index.js';
import { claimRun } from '../../src/store/runs.js';
import { makeRunChain } from '../../src/cli/run-chain.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';
import { simpleTicket } from '../support/tickets.js';

describe('a sync started after a killed one, embedded', () => {
  let w: SyncWorld;
  let connectionId: number;

  beforeAll(async () => {
    w = await startSyncWorld({ backend: backends()[0]! });
    await w.addLocation('denver-1', 'America/Denver');
    ({ connectionId } = await w.connect('denver-1'));
    await w.sync.initialize(TENANT, connectionId);
    await w.take(Array.from({ length: 6 }, (_, i) => simpleTicket({ id: `K-${i}` })));
  }, 60_000);
  afterAll(async () => w?.close());

  it('takes the dead process\'s run over at once and reports the whole sync', async () => {
    const { runId } = await w.sync.syncNow(TENANT, { connectionId });
    // The killed command had claimed it: running, heartbeat fresh, nobody left to beat it.
    expect((await claimRun(w.database.db, 'cli-killed'))?.id).toBe(runId);
    const chain = makeRunChain();
    const waits: number[] = [];
    const ended = await runInForeground(w.deps, TENANT, runId, {
      leaseMs: 600_000, pollMs: 50, onProgress: (r) => chain.see(r), onWait: (r) => waits.push(r.id),
    });
    chain.see(ended!);
    // A lease of ten minutes: had it waited for it, the test would have timed out.
    expect(ended).toMatchObject({ status: 'finished' });
    expect(chain.ids[0]).toBe(runId);
    expect(chain.ids.length).toBeGreaterThan(1);
    expect(chain.totals()).toMatchObject({ posted: 6, pending: 0, skipped: 0 });
    expect(waits).toEqual([]);
  }, 60_000);
});
