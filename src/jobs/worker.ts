/**
 * The embedded runner: a loop in the server process that claims the next queued run (one per
 * company at a time, store/runs.ts), executes it with a heartbeat, and ticks the daily
 * schedule. Server mode uses graphile-worker instead (graphile-runner.ts), behind the same
 * RunRunner interface. `kick()` wakes it at once when a run is queued ("Sync now").
 * `stop()` asks the run in flight to stop at its next batch and hands it back.
 */
import { randomUUID } from 'node:crypto';
import { executeWithHeartbeat } from './execute-run.js';
import { upkeepNow } from './upkeep.js';
import type { RunRunner } from './runner.js';
import { markOrphanedRequestsOver } from '../store/qbo-writes.js';
import { claimRun, handBackRun, resumeAbandonedRuns, runsOutstanding } from '../store/runs.js';
import type { SyncDeps } from '../sync/index.js';
import { tickChangeCapture, tickSchedule } from '../sync/index.js';

export interface WorkerOptions {
  workerId?: string;
  /** How often to look for work when nobody kicks (real ms; default 2000). */
  pollMs?: number;
  /** A running run whose heartbeat is older than this is taken as dead (real ms; default 60 000). */
  leaseMs?: number;
  /** Tick the daily schedule (default true). */
  schedule?: boolean;
  /** Runs left `running` by an earlier life of this process are dead (single-process embedded mode). */
  adoptOrphans?: boolean;
  /** How often (real ms), while no run waits, the embedded store gets its VACUUM and ANALYZE (store/upkeep.ts); default 10 minutes. */
  upkeepEveryMs?: number;
}

/** The embedded runner is one kind of RunRunner (runner.ts). */
export type Worker = RunRunner;

export function startWorker(deps: SyncDeps, opts: WorkerOptions = {}): Worker {
  const id = opts.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const pollMs = opts.pollMs ?? 2000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const db = deps.database.db;
  const upkeep = upkeepWhenIdle(deps, opts.upkeepEveryMs ?? 10 * 60_000);
  let stopped = false;
  let wake: (() => void) | null = null;
  let drainWaiters: (() => void)[] = [];
  const sleep = () => new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, pollMs);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });

  const loop = async () => {
    if (opts.adoptOrphans) await adoptOrphans(deps);
    while (!stopped) {
      try {
        await resumeAbandonedRuns(db, new Date(Date.now() - leaseMs));
        if (opts.schedule !== false) {
          await tickSchedule(deps);
          await tickChangeCapture(deps);
        }
        const run = await claimRun(db, id);
        if (run) {
          // Stopping asks the run to stop at its next batch; it is handed back (stopped, with a
          // continuation queued) rather than finished: SIGTERM mid-sync waited for the whole run.
          const summary = await executeWithHeartbeat(deps, run, leaseMs, { stopRequested: () => stopped });
          if (summary?.status === 'stopped') await handBackRun(db, run.id, 'handed back: the service was stopping; a new run continues its tickets');
          continue;
        }
        if (drainWaiters.length > 0 && !(await busy())) {
          const waiters = drainWaiters;
          drainWaiters = [];
          for (const w of waiters) w();
        }
        await upkeep();
      } catch (err) {
        deps.logger.error({ err }, 'worker loop');
      }
      if (!stopped) await sleep();
    }
  };

  const busy = () => runsOutstanding(db);

  const done = loop();
  return {
    id,
    kick: () => wake?.(),
    drain: () => new Promise<void>((resolve) => {
      drainWaiters.push(resolve);
      wake?.();
    }),
    stop: async () => {
      stopped = true;
      wake?.();
      await done;
      for (const w of drainWaiters) w();
    },
  };
}

/**
 * Runs left running by an earlier life of this process (the embedded store is one process's)
 * are dead; what it sent has arrived at QuickBooks or never will, so their successors need not
 * wait for it (sync/engine/earlier-writes.ts).
 */
async function adoptOrphans(deps: SyncDeps): Promise<void> {
  await resumeAbandonedRuns(deps.database.db, new Date(Date.now() + 1000));
  await markOrphanedRequestsOver(deps.database.db);
}

/** The store's upkeep while no run waits, at most once per `everyMs`: no background process does it for PGlite. */
function upkeepWhenIdle(deps: SyncDeps, everyMs: number): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < everyMs) return;
    last = Date.now();
    await upkeepNow(deps);
  };
}
