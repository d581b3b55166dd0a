/**
 * The jobs room's door: the runner for this store. Embedded PGlite → the in-process loop;
 * a PostgreSQL server → graphile-worker (the queue must be installed first: job-queue.ts).
 */
import type { SyncDeps } from '../sync/index.js';
import { jobQueueOf } from './job-queue.js';
import type { RunRunner } from './runner.js';
import { startWorker } from './worker.js';

export type { RunRunner } from './runner.js';
export { installJobQueue, jobQueueOf, jobsSchemaFor } from './job-queue.js';

export interface RunnerOptions {
  leaseMs: number;
  /** Server mode: runs executed at once by this process. */
  concurrency?: number;
  pollMs?: number;
  schedule?: boolean;
}

export async function startRunner(deps: SyncDeps, opts: RunnerOptions): Promise<RunRunner> {
  const queue = jobQueueOf(deps.database);
  // graphile-worker's pool, loaded by server mode only.
  if (queue) return (await import('./graphile-runner.js')).startJobRunner(deps, queue, opts);
  // Embedded mode is one process: a run left running belongs to an earlier life of it.
  return startWorker(deps, { leaseMs: opts.leaseMs, adoptOrphans: true, ...(opts.pollMs && { pollMs: opts.pollMs }),
    ...(opts.schedule === false && { schedule: false }) });
}
export { runInForeground } from './foreground.js';
export type { ForegroundOptions } from './foreground.js';
