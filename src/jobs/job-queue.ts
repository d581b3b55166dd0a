/**
 * Server mode's job queue: graphile-worker in the same PostgreSQL, in a schema next to ours.
 * A run becomes a job by a trigger on `sync_runs`, so every way a run is queued (Sync now,
 * resync, the schedule, a continuation) enqueues its job in the same transaction: no run is
 * lost between the two, and none is queued twice (the job key is the run id).
 *
 * Each QuickBooks company (environment + realm) is one named queue, and graphile-worker runs
 * one job of a named queue at a time: only one process talks to a company's QuickBooks at once,
 * so the client's per-process limiter is the whole truth for that company.
 */
import type { Database } from '../store/index.js';
import { installRunJobTrigger } from '../store/job-queue.js';
import type { Logger } from '../lib/logger.js';

export const SYNC_RUN_TASK = 'sync-run';

export interface JobQueueLocation {
  url: string;
  /** Our tables' schema. */
  appSchema: string;
  /** graphile-worker's schema. */
  jobsSchema: string;
}

/** graphile-worker's schema for an app schema: its own default beside `public`, `<schema>_jobs` otherwise. */
export function jobsSchemaFor(appSchema: string): string {
  return appSchema === 'public' ? 'graphile_worker' : `${appSchema}_jobs`;
}

export function jobQueueOf(database: Database): JobQueueLocation | null {
  if (!database.server) return null;
  return { url: database.server.url, appSchema: database.server.schema, jobsSchema: jobsSchemaFor(database.server.schema) };
}

/**
 * Brings graphile-worker's schema up to date and (re)installs the trigger. Runs at every
 * server-mode start (web, worker, CLI); starts that race are kept apart by locks (graphile-
 * worker's own, and ours in the store).
 */
export async function installJobQueue(database: Database, logger: Logger): Promise<JobQueueLocation> {
  const where = jobQueueOf(database);
  if (!where) throw new Error('the job queue needs a PostgreSQL server (DATABASE_URL)');
  // Loaded by server mode only (graphile-worker and the driver it brings): the embedded store starts without them.
  const [{ runMigrations }, { makeGraphileLogger }] = await Promise.all([import('graphile-worker'), import('./graphile-logger.js')]);
  await runMigrations({ connectionString: where.url, schema: where.jobsSchema, logger: makeGraphileLogger(logger) });
  await installRunJobTrigger(database, { ...where, task: SYNC_RUN_TASK });
  return where;
}
