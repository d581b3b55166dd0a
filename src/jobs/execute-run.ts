/**
 * One run as either runner executes it: heartbeat while it works, and an unexpected error
 * ends it `failed` with the reason rather than leaving it running (a resumed or retried run
 * would fail the same way, again and again). The embedded store gets its upkeep before and
 * after (upkeep.ts); a server's is its autovacuum's.
 */
import { finishRun, handBackRun, heartbeat } from '../store/runs.js';
import type { Run } from '../domain/run.js';
import type { SyncDeps } from '../sync/index.js';
import { executeRun } from '../sync/index.js';
import type { RunControl, RunSummary } from '../sync/index.js';
import { upkeepNow } from './upkeep.js';

export async function executeWithHeartbeat(deps: SyncDeps, run: Run, leaseMs: number, control: RunControl = {}): Promise<RunSummary | null> {
  await upkeepNow(deps);
  const summary = await executeFenced(deps, run, leaseMs, control);
  await upkeepNow(deps);
  return summary;
}

async function executeFenced(deps: SyncDeps, run: Run, leaseMs: number, control: RunControl): Promise<RunSummary | null> {
  const db = deps.database.db;
  // A process stalled past the lease (a busy machine) may find its run taken over: it stops
  // at its next check instead of posting beside the run that continues its work. It also
  // stops on its own once no beat was confirmed for half the lease, before anyone may take
  // the run over: a stalled event loop must not wake up and post beside a successor.
  let lost = false;
  let confirmedAt = Date.now();
  const beat = setInterval(() => {
    // The beat counts from when it was sent, not when its answer came back: on a stalled
    // machine the answer may arrive seconds after the database recorded it.
    const sentAt = Date.now();
    void heartbeat(db, run.id).then((mine) => {
      if (mine) confirmedAt = Math.max(confirmedAt, sentAt);
      else if (!lost) {
        lost = true;
        deps.logger.warn({ runId: run.id }, 'this run was taken over by another worker (its heartbeat was late); stopping it here');
      }
    }).catch(() => undefined);
  }, Math.max(250, leaseMs / 4));
  // Once it has stopped the run, the fence holds: a beat confirmed later must not let it carry on.
  let fencedAt: number | null = null;
  const fenced = () => {
    if (fencedAt === null && (lost || Date.now() - confirmedAt > leaseMs / 2)) fencedAt = Date.now();
    return fencedAt !== null;
  };
  try {
    const summary = await executeRun(deps, run, { ...control, stopRequested: () => fenced() || control.stopRequested?.() === true });
    // Stopped by its own fence (not taken over): hand it back at once, so a continuation
    // resumes it without waiting out the lease.
    if (summary.status === 'stopped' && !lost && fenced()) {
      await handBackRun(db, run.id, 'handed back: its heartbeat could not be confirmed in time; a new run continues its tickets');
    }
    return summary;
  } catch (err) {
    deps.logger.error({ err, runId: run.id }, 'run failed');
    await finishRun(db, run.id, 'failed', `the run stopped on an unexpected error (logged): ${(err as Error).message}; tickets stay pending`);
    return null;
  } finally {
    clearInterval(beat);
  }
}
