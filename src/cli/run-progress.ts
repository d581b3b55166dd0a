/** Executing queued runs from a terminal, with a progress bar per run. */
import cliProgress from 'cli-progress';
import type { Runtime } from '../app/runtime.js';
import { startRunner } from '../jobs/index.js';
import { jobQueueOf } from '../jobs/job-queue.js';
import { claimRun, continuationId, getRun } from '../store/runs.js';
import type { RunRow } from '../store/schema.js';
import type { SyncDeps } from '../sync/deps.js';
import { executeRun } from '../sync/run.js';
import type { RunSummary } from '../sync/run.js';

/**
 * Runs the run `runId` (and whatever is queued before it) in this process. If another process
 * (a server's worker on the same PostgreSQL) claims it first, follows its progress instead.
 * Server mode: this process joins the job queue as one more worker while it waits.
 */
export async function runWithProgress(rt: Runtime, deps: SyncDeps, tenantId: string, runId: number, opts: { progress: boolean }): Promise<RunSummary | null> {
  if (jobQueueOf(rt.database)) return followInQueue(rt, deps, tenantId, runId, opts);
  const bar = opts.progress ? new cliProgress.SingleBar({ format: 'syncing [{bar}] {value}/{total} tickets | {posted} posted, {skipped} skipped | {requests} requests', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(1, 0, { posted: 0, skipped: 0, requests: 0 });
  let result: RunSummary | null = null;
  try {
    for (;;) {
      const run = await claimRun(rt.database.db, `cli-${process.pid}`);
      if (run) {
        const summary = await executeRun(deps, run, {
          onProgress: (done, total) => {
            if (run.id === runId) bar?.setTotal(Math.max(1, total));
            if (run.id === runId) bar?.update(done);
          },
        });
        if (run.id === runId) result = summary;
      }
      const mine = await getRun(rt.database.db, tenantId, runId);
      if (!mine || (mine.status !== 'queued' && mine.status !== 'running')) break;
      if (!run) {
        // Someone else is running it (or its company is busy): follow it.
        bar?.setTotal(Math.max(1, mine.total));
        bar?.update(mine.done, { posted: mine.posted, skipped: mine.skipped, requests: mine.http_requests });
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    bar?.stop();
  }
  return result;
}

async function followInQueue(rt: Runtime, deps: SyncDeps, tenantId: string, runId: number, opts: { progress: boolean }): Promise<RunSummary | null> {
  const bar = opts.progress ? new cliProgress.SingleBar({ format: 'syncing [{bar}] {value}/{total} tickets | {posted} posted, {skipped} skipped', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(1, 0, { posted: 0, skipped: 0 });
  const runner = await startRunner(deps, { leaseMs: rt.config.runLeaseMs, concurrency: 1, schedule: false });
  let row: RunRow | null = null;
  try {
    for (let id = runId; ;) {
      row = await getRun(rt.database.db, tenantId, id);
      if (!row) return null;
      bar?.setTotal(Math.max(1, row.total));
      bar?.update(row.done, { posted: row.posted, skipped: row.skipped });
      if (row.status === 'stopped') {
        // Handed back (a worker stopped or died): its continuation carries on.
        const next = await continuationId(rt.database.db, row);
        if (next === null) return null;
        id = next;
        continue;
      }
      if (row.status !== 'queued' && row.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    bar?.stop();
    await runner.stop();
  }
  return { status: row.status === 'finished' ? 'finished' : 'failed', total: row.total, posted: row.posted, skipped: row.skipped, pending: row.pending, voided: row.voided, httpRequests: row.http_requests, error: row.error };
}
