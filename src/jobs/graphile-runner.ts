/**
 * Server mode's runner: a graphile-worker pool executing runs as jobs (job-queue.ts), plus
 * what graphile-worker leaves to us:
 *
 * - **Leases.** graphile-worker takes a locked job as abandoned only after 4 hours. Each
 *   process beats its worker ids into `job_workers`; any process finding a job locked by a
 *   worker that has not beaten for the lease unlocks it (`force_unlock_workers`), and the
 *   run that worker held is stopped and continued by a new run (store/runs.ts).
 * - **Shutdown.** `stop()` asks running runs to stop at the next batch; each hands its run
 *   back (stopped, with a continuation queued in the same transaction), so another worker
 *   picks it up at once. graphile-worker's own abort signal, after its grace time, asks too.
 * - **The schedule**, ticked by every process: the compare-and-set on `next_run_at` lets one
 *   of them enqueue each due run.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { run as runGraphile } from 'graphile-worker';
import type { Runner, Task, WorkerEvents } from 'graphile-worker';
import { beatWorkers, forgetWorkers, releaseDeadWorkers } from '../store/job-queue.js';
import { handBackRun, resumeAbandonedRuns, runsOutstanding, startRunById } from '../store/runs.js';
import type { SyncDeps } from '../sync/index.js';
import { tickChangeCapture, tickSchedule } from '../sync/index.js';
import { executeWithHeartbeat } from './execute-run.js';
import { makeGraphileLogger } from './graphile-logger.js';
import { SYNC_RUN_TASK } from './job-queue.js';
import type { JobQueueLocation } from './job-queue.js';
import type { RunRunner } from './runner.js';

export interface JobRunnerOptions {
  /** Runs this process executes at once (one per company at most). Default 10. */
  concurrency?: number;
  /** A worker not heard of for this long is dead; its jobs go to others (real ms; default 60 000). */
  leaseMs?: number;
  /** Schedule ticks and idle checks (real ms; default 2000). */
  pollMs?: number;
  /** Tick the daily schedule (default true). */
  schedule?: boolean;
}

/** What the pieces of one runner share: who it is, its workers, and whether it is stopping. */
interface RunnerState {
  id: string;
  deps: SyncDeps;
  leaseMs: number;
  log: SyncDeps['logger'];
  workerIds: Set<string>;
  stopping: boolean;
  timers: NodeJS.Timeout[];
}

export async function startJobRunner(deps: SyncDeps, queue: JobQueueLocation, opts: JobRunnerOptions = {}): Promise<RunRunner> {
  const db = deps.database.db;
  const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 4)}`;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 2000;
  const concurrency = opts.concurrency ?? 10;
  const state: RunnerState = { id, deps, leaseMs, log: deps.logger.child({ runner: id }), workerIds: new Set(), stopping: false, timers: [] };

  // Passed in, not read from the runner: the pool's workers are created while run() starts.
  const events = new EventEmitter() as WorkerEvents;
  events.on('worker:create', ({ worker }) => {
    state.workerIds.add(worker.workerId);
  });
  const runner: Runner = await runGraphile({
    events,
    connectionString: queue.url,
    schema: queue.jobsSchema,
    concurrency,
    maxPoolSize: concurrency + 2,
    noHandleSignals: true,
    pollInterval: pollMs,
    gracefulShutdownAbortTimeout: leaseMs / 2,
    logger: makeGraphileLogger(deps.logger),
    taskList: { [SYNC_RUN_TASK]: syncRunTask(state) },
  });

  every(state, Math.max(250, leaseMs / 4), 'lease sweep', () => beatAndSweep(state, queue));
  if (opts.schedule !== false) {
    every(state, pollMs, 'schedule tick', () => tickSchedule(deps));
    every(state, pollMs, 'change capture tick', () => tickChangeCapture(deps));
  }

  let stopped: Promise<void> | null = null;
  return {
    id,
    kick: () => undefined, // graphile-worker hears new jobs through LISTEN/NOTIFY
    drain: async () => {
      while (!state.stopping && (await runsOutstanding(db))) await new Promise((r) => setTimeout(r, Math.min(pollMs, 200)));
    },
    stop: () => {
      stopped ??= (async () => {
        state.stopping = true;
        for (const t of state.timers) clearInterval(t);
        await runner.stop();
        await forgetWorkers(db, [...state.workerIds]);
      })();
      return stopped;
    },
  };
}

/** The sync-run job: executes the run it names; a run stopped by our shutdown is handed back. */
function syncRunTask(state: RunnerState): Task {
  const db = state.deps.database.db;
  return async (payload, helpers) => {
    const runId = Number((payload as { runId?: unknown }).runId);
    if (!Number.isSafeInteger(runId)) throw new Error(`sync-run job without a run id: ${JSON.stringify(payload)}`);
    // Which process, and which of its graphile-worker slots, ran it (shown with the run).
    const run = await startRunById(db, runId, `${state.id} ${helpers.job.locked_by ?? ''}`.trim());
    if (!run) return;
    const stopRequested = () => state.stopping || helpers.abortSignal?.aborted === true;
    const summary = await executeWithHeartbeat(state.deps, run, state.leaseMs, { stopRequested });
    if (summary?.status === 'stopped') {
      const next = await handBackRun(db, run.id, 'handed back: its worker was stopping; a new run continues its tickets');
      state.log.info({ runId: run.id, continuation: next }, 'run handed back');
    }
  };
}

/** Says our workers are alive, and takes over the runs and jobs of workers that are not. */
async function beatAndSweep(state: RunnerState, queue: JobQueueLocation): Promise<void> {
  const db = state.deps.database.db;
  await beatWorkers(db, state.id, [...state.workerIds], new Date());
  const staleBefore = new Date(Date.now() - state.leaseMs);
  // Runs first: a stopped run's job, unlocked next, then finds nothing to do.
  const resumed = await resumeAbandonedRuns(db, staleBefore);
  const dead = await releaseDeadWorkers(db, queue.jobsSchema, staleBefore);
  if (resumed.length > 0) state.log.warn({ resumedRuns: resumed }, takeOverInWords(resumed));
  // Only queue locks left behind (no run was cut short): routine, nothing for a person to do.
  if (dead.length > 0) {
    state.log.info({ deadWorkers: dead }, `released the queue's hold of ${plural(dead.length, 'worker')} of a stopped process; another worker takes their jobs`);
  }
}

/** Runs fn now and every ms, never two at once, never once stopping; a failure is logged. */
function every(state: RunnerState, ms: number, what: string, fn: () => Promise<unknown>): void {
  let busy = false;
  const tick = () => {
    if (busy || state.stopping) return;
    busy = true;
    fn().catch((err: unknown) => state.log.error({ err }, what)).finally(() => {
      busy = false;
    });
  };
  tick();
  state.timers.push(setInterval(tick, ms));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The operator's sentence for runs whose worker stopped answering (issue 18: it was a raw JSON warning). */
export function takeOverInWords(continuations: readonly number[]): string {
  return `${plural(continuations.length, 'run')} stopped when the process running ${continuations.length === 1 ? 'it' : 'them'} stopped answering `
    + `(crash, deploy or kill); continuing ${continuations.length === 1 ? 'it' : 'them'} as run ${continuations.join(', ')}; what was in flight is settled from its journal`;
}
