/**
 * Executing a queued run in the process that asked for it (the CLI, the demo), reporting its
 * progress as it goes. Embedded mode: this process claims and executes runs itself (whatever
 * is queued before it, too). Server mode: it joins the job queue as one more worker and
 * follows the run, and the continuations of a run handed back or taken over, to the end.
 */
import { isOver } from '../domain/run.js';
import type { Run } from '../domain/run.js';
import { markOrphanedRequestsOver } from '../store/qbo-writes.js';
import { claimRun, continuationId, getRun, resumeAbandonedRuns } from '../store/runs.js';
import type { SyncDeps } from '../sync/index.js';
import { executeWithHeartbeat } from './execute-run.js';
import { jobQueueOf } from './job-queue.js';

export interface ForegroundOptions {
  leaseMs: number;
  /** Called with the run (or its continuation) as it progresses. */
  onProgress?: (run: Run) => void;
  /** How often progress is read back while another worker runs it (real ms; default 300). */
  pollMs?: number;
  /** Called while this process waits for a run it cannot claim (another process holds it, or its company is busy), so it can say what it waits for. */
  onWait?: (run: Run) => void;
  /** Another worker of this process executes the run (a command run inside the service): only follow it. */
  followOnly?: boolean;
}

/** Runs `runId` to its end here; returns the run as it ended (the last continuation), or null if unknown. */
export async function runInForeground(deps: SyncDeps, tenantId: string, runId: number, opts: ForegroundOptions): Promise<Run | null> {
  if (opts.followOnly) return follow(deps, tenantId, runId, opts);
  const queue = jobQueueOf(deps.database);
  if (!queue) return runHere(deps, tenantId, runId, opts);
  const { startJobRunner } = await import('./graphile-runner.js');
  const runner = await startJobRunner(deps, queue, { leaseMs: opts.leaseMs, concurrency: 1, schedule: false });
  try {
    return await follow(deps, tenantId, runId, opts);
  } finally {
    await runner.stop();
  }
}

async function runHere(deps: SyncDeps, tenantId: string, runId: number, opts: ForegroundOptions): Promise<Run | null> {
  const db = deps.database.db;
  // No job queue: the embedded store, this process's alone (app/data-lock.ts). A run still marked
  // running was left by a process that died (a killed `sync`): its lease would only make this
  // command sit silent for up to a minute, so it is handed on to a continuation at once (issue 18).
  await resumeAbandonedRuns(db, new Date(Date.now() + 1000));
  // Nor need its successor wait for what that process sent: it has arrived or never will.
  await markOrphanedRequestsOver(db);
  for (;;) {
    const mine = await getRun(db, tenantId, runId);
    if (!mine) return null;
    opts.onProgress?.(mine);
    if (mine.status === 'stopped') {
      // Handed back (its heartbeat went unconfirmed, or its process died): its continuation carries on here.
      const next = await continuationId(db, mine);
      if (next === null) return mine;
      runId = next;
      continue;
    }
    if (isOver(mine.status)) return mine;
    // Whatever is queued first runs first (this run, or one queued before it).
    const claimed = await claimRun(db, `cli-${process.pid}`);
    if (claimed) {
      const followed = runId;
      await executeWithHeartbeat(deps, claimed, opts.leaseMs, {
        onProgress: (counts) => {
          if (claimed.id === followed) opts.onProgress?.({ ...claimed, ...counts });
        },
      });
      continue;
    }
    // Its company is busy with another run: say so once, and poll.
    opts.onWait?.(mine);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
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
    // Held by a worker gone silent (beats come every quarter lease): this waits for its lease to run out.
    if (run.status === 'running' && run.heartbeatAt && Date.now() - run.heartbeatAt.getTime() > opts.leaseMs / 2) opts.onWait?.(run);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 300));
  }
}
