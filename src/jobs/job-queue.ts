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
import { runMigrations } from 'graphile-worker';
import type { Database } from '../store/index.js';
import { makeGraphileLogger } from './graphile-logger.js';
import type { Logger } from '../lib/logger.js';

export const SYNC_RUN_TASK = 'sync-run';
// Any constant works; it only has to be the same in every process of tillbooks.
const INSTALL_LOCK = 7_301_994_002;

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

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Brings graphile-worker's schema up to date and (re)installs the trigger. Runs at every
 * server-mode start (web, worker, CLI); the advisory lock keeps starts that race apart.
 * Runs queued before the queue existed get their jobs here.
 */
export async function installJobQueue(database: Database, logger: Logger): Promise<JobQueueLocation> {
  const where = jobQueueOf(database);
  if (!where) throw new Error('the job queue needs a PostgreSQL server (DATABASE_URL)');
  await runMigrations({ connectionString: where.url, schema: where.jobsSchema, logger: makeGraphileLogger(logger) });
  const app = ident(where.appSchema);
  const jobs = ident(where.jobsSchema);
  // One simple query: its statements run as one transaction, so the lock holds to the end.
  await database.exec(`
    SELECT pg_advisory_xact_lock(${INSTALL_LOCK});
    CREATE OR REPLACE FUNCTION ${app}.tillbooks_enqueue_run() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM ${jobs}.add_job('${SYNC_RUN_TASK}', json_build_object('runId', NEW.id),
        queue_name => (SELECT 'qbo:' || c.environment || ':' || c.realm_id FROM ${app}.qbo_connections c WHERE c.id = NEW.connection_id),
        job_key => 'sync-run:' || NEW.id,
        job_key_mode => 'preserve_run_at',
        max_attempts => 10);
      RETURN NEW;
    END
    $fn$;
    CREATE OR REPLACE TRIGGER sync_runs_enqueue AFTER INSERT ON ${app}.sync_runs
      FOR EACH ROW WHEN (NEW.status = 'queued') EXECUTE FUNCTION ${app}.tillbooks_enqueue_run();
    SELECT ${jobs}.add_job('${SYNC_RUN_TASK}', json_build_object('runId', r.id),
        queue_name => 'qbo:' || c.environment || ':' || c.realm_id, job_key => 'sync-run:' || r.id,
        job_key_mode => 'preserve_run_at', max_attempts => 10)
      FROM ${app}.sync_runs r JOIN ${app}.qbo_connections c ON c.id = r.connection_id
      WHERE r.status = 'queued'
        AND NOT EXISTS (SELECT 1 FROM ${jobs}.jobs j WHERE j.key = 'sync-run:' || r.id);`);
  return where;
}
