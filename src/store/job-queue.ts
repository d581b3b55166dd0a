/**
 * The SQL of server mode's job queue (src/jobs/ drives graphile-worker): the trigger that turns
 * each queued run into a job in its company's queue, and the worker beats behind our leases.
 * graphile-worker's own tables live in `jobsSchema`; we touch them only through its public
 * functions and its `jobs` view.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './db.js';
import type { DB } from './schema.js';

// Any constant works; it only has to be the same in every process of tillbooks.
const INSTALL_LOCK = 7_301_994_002;

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * (Re)installs the trigger, and gives runs queued before it existed their jobs. The job key is
 * the run, so nothing is queued twice; the queue name is the QuickBooks company.
 */
export async function installRunJobTrigger(database: Database, where: { appSchema: string; jobsSchema: string; task: string }): Promise<void> {
  const app = ident(where.appSchema);
  const jobs = ident(where.jobsSchema);
  const addJob = (run: string, queue: string) => `${jobs}.add_job('${where.task}', json_build_object('runId', ${run}.id),
        queue_name => ${queue}, job_key => 'sync-run:' || ${run}.id, job_key_mode => 'preserve_run_at', max_attempts => 10)`;
  // One simple query: its statements run as one transaction, so the lock holds to the end.
  await database.exec(`
    SELECT pg_advisory_xact_lock(${INSTALL_LOCK});
    CREATE OR REPLACE FUNCTION ${app}.tillbooks_enqueue_run() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      PERFORM ${addJob('NEW', `(SELECT 'qbo:' || c.environment || ':' || c.realm_id FROM ${app}.qbo_connections c WHERE c.id = NEW.connection_id)`)};
      RETURN NEW;
    END
    $fn$;
    CREATE OR REPLACE TRIGGER sync_runs_enqueue AFTER INSERT ON ${app}.sync_runs
      FOR EACH ROW WHEN (NEW.status = 'queued') EXECUTE FUNCTION ${app}.tillbooks_enqueue_run();
    SELECT ${addJob('r', `'qbo:' || c.environment || ':' || c.realm_id`)}
      FROM ${app}.sync_runs r JOIN ${app}.qbo_connections c ON c.id = r.connection_id
      WHERE r.status = 'queued' AND NOT EXISTS (SELECT 1 FROM ${jobs}.jobs j WHERE j.key = 'sync-run:' || r.id);`);
}

/** This process's graphile-worker ids are alive at `at`. */
export async function beatWorkers(db: Kysely<DB>, processId: string, workerIds: readonly string[], at: Date): Promise<void> {
  if (workerIds.length === 0) return;
  await sql`INSERT INTO job_workers (worker_id, process, beat_at)
    SELECT w, ${processId}, ${at} FROM unnest(${[...workerIds]}::text[]) AS w
    ON CONFLICT (worker_id) DO UPDATE SET beat_at = EXCLUDED.beat_at`.execute(db);
}

/**
 * Unlocks the jobs (and company queues) of workers silent since `staleBefore`, for other
 * workers to take; returns their ids. A job locked before then by a worker with no beat since
 * counts too (a worker that died before its first beat).
 */
export async function releaseDeadWorkers(db: Kysely<DB>, jobsSchema: string, staleBefore: Date): Promise<string[]> {
  const jobs = sql.id(jobsSchema);
  // A named queue stays locked by the worker that last took one of its jobs: a worker that died
  // holding a queue (its job already gone) blocks the company's next run unless the queue counts too.
  const dead = await sql<{ locked_by: string }>`SELECT DISTINCT l.locked_by FROM (
      SELECT j.locked_by, j.locked_at FROM ${jobs}.jobs j
      UNION ALL SELECT q.locked_by, q.locked_at FROM ${jobs}._private_job_queues q) l
    WHERE l.locked_by IS NOT NULL AND l.locked_at < ${staleBefore}
      AND NOT EXISTS (SELECT 1 FROM job_workers w WHERE w.worker_id = l.locked_by AND w.beat_at >= ${staleBefore})`.execute(db);
  const ids = dead.rows.map((r) => r.locked_by);
  if (ids.length > 0) await sql`SELECT ${jobs}.force_unlock_workers(${ids}::text[])`.execute(db);
  await sql`DELETE FROM job_workers WHERE beat_at < ${staleBefore}`.execute(db);
  return ids;
}

/** A stopping process's workers leave the beat table. */
export async function forgetWorkers(db: Kysely<DB>, workerIds: readonly string[]): Promise<void> {
  if (workerIds.length > 0) await sql`DELETE FROM job_workers WHERE worker_id = ANY(${[...workerIds]}::text[])`.execute(db);
}
