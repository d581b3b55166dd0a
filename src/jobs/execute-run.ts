/**
 * One run as either runner executes it: heartbeat while it works, and an unexpected error
 * ends it `failed` with the reason rather than leaving it running (a resumed or retried run
 * would fail the same way, again and again).
 */
import { finishRun, heartbeat } from '../store/runs.js';
import type { Run } from '../domain/run.js';
import type { SyncDeps } from '../sync/index.js';
import { executeRun } from '../sync/index.js';
import type { RunControl, RunSummary } from '../sync/index.js';

export async function executeWithHeartbeat(deps: SyncDeps, run: Run, leaseMs: number, control: RunControl = {}): Promise<RunSummary | null> {
  const db = deps.database.db;
  // A process stalled past the lease (a busy machine) may find its run taken over: it stops
  // at its next check instead of posting beside the run that continues its work.
  let lost = false;
  const beat = setInterval(() => void heartbeat(db, run.id).then((mine) => {
    if (!mine && !lost) {
      lost = true;
      deps.logger.warn({ runId: run.id }, 'this run was taken over by another worker (its heartbeat was late); stopping it here');
    }
  }).catch(() => undefined), Math.max(250, leaseMs / 4));
  try {
    return await executeRun(deps, run, { ...control, stopRequested: () => lost || control.stopRequested?.() === true });
  } catch (err) {
    deps.logger.error({ err, runId: run.id }, 'run failed');
    await finishRun(db, run.id, 'failed', `the run stopped on an unexpected error (logged): ${(err as Error).message}; tickets stay pending`);
    return null;
  } finally {
    clearInterval(beat);
  }
}
