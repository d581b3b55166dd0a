/**
 * Executing a queued run in the process that asked for it (the CLI, the demo), reporting its
 * progress as it goes. Embedded mode: this process claims and executes runs itself (whatever
 * is queued before it, too). Server mode: it joins the job queue as one more worker and
 * follows the run, and the continuations of a run handed back or taken over, to the end.
 */
import { isOver } from '../domain/run.js';
import type { Run } from '../domain/run.js';
import { claimRun, continuationId, getRun } from '../store/runs.js';
import type { SyncDeps } from '../sync/index.js';
import { executeWithHeartbeat } from './execute-run.js';
import { startJobRunner } from './graphile-runner.js';
import { jobQueueOf } from './job-queue.js';

export interface ForegroundOptions {
  leaseMs: number;
  /** Called with the run (or its continuation) as it progresses. */
  onProgress?: (run: Run) => void;
  /** How often progress is read back while another worker runs it (real ms; default 300). */
  pollMs?: number;
}

/** Runs `runId` to its end here; returns the run as it ended (the last continuation), or null if unknown. */
export async function runInForeground(deps: SyncDeps, tenantId: string, runId: number, opts: ForegroundOptions): Promise<Run | null> {
  const queue = jobQueueOf(deps.database);
  if (!queue) return runHere(deps, tenantId, runId, opts);
  const runner = await startJobRunner(deps, queue, { leaseMs: opts.leaseMs, concurrency: 1, schedule: false });
  try {
    return await follow(deps, tenantId, runId, opts);
  } finally {
    await runner.stop();
  }
}

async function runHere(deps: SyncDeps, tenantId: string, runId: number, opts: ForegroundOptions): Promise<Run | null> {
  const db = deps.database.db;
  for (;;) {
    const claimed = await claimRun(db, `cli-${process.pid}`);
    if (claimed) {
      await executeWithHeartbeat(deps, claimed, opts.leaseMs, {
        onProgress: (counts) => {
          if (claimed.id === runId) opts.onProgress?.({ ...claimed, ...counts });
        },
      });
    }
    const mine = await getRun(db, tenantId, runId);
    if (mine?.status === 'stopped') {
      // Handed back (its heartbeat went unconfirmed): its continuation carries on here.
      const next = await continuationId(db, mine);
      if (next === null) return mine;
      runId = next;
      continue;
    }
    if (!mine || isOver(mine.status)) return mine;
    // Someone else is running it (or its company is busy): follow it.
    if (!claimed) {
      opts.onProgress?.(mine);
      await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
    }
  }
}

async function follow(deps: SyncDeps, tenantId: string, runId: number, opts: ForegroundOptions): Promise<Run | null> {
  const db = deps.database.db;
  for (let id = runId; ;) {
    const run = await getRun(db, tenantId, id);
    if (!run) return null;
    opts.onProgress?.(run);
    if (run.status === 'stopped') {
      // Handed back (a worker stopped or died): its continuation carries on.
      const next = await continuationId(db, run);
      if (next === null) return run;
      id = next;
      continue;
    }
    if (isOver(run.status)) return run;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
  }
}
