/**
 * Sync runs as a queue in PostgreSQL: queued → running (claimed by one worker, heartbeat) →
 * finished / failed / stopped. At most one running run per QuickBooks company (a unique
 * partial index): two workers can never post for one company at once.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Run, RunCounts, RunStatus, RunTrigger, TicketRef } from '../domain/run.js';
import type { DB, RunRow } from './schema.js';

export interface NewRun {
  tenantId: string;
  connectionId: number;
  locationId: string | null;
  trigger: RunTrigger;
  cutoffDate?: string | null;
  cutoffAt?: Date | null;
  ticketKeys?: TicketRef[] | null;
}

const ticketKeysSchema = z.array(z.object({ locationId: z.string(), ticketId: z.string() })).nullable();

/** The row as the domain's Run. A run whose ticket list cannot be read runs over no ticket rather than all. */
export function toRun(r: RunRow): Run {
  const keys = ticketKeysSchema.safeParse(r.ticket_keys ?? null);
  return {
    id: r.id, tenantId: r.tenant_id, connectionId: r.connection_id, locationId: r.location_id, trigger: r.trigger as RunTrigger, status: r.status,
    cutoffDate: r.cutoff_date, cutoffAt: r.cutoff_at, ticketKeys: keys.success ? keys.data : [],
    queuedAt: r.queued_at, startedAt: r.started_at, finishedAt: r.finished_at, heartbeatAt: r.heartbeat_at, workerId: r.worker_id,
    total: r.total, done: r.done, posted: r.posted, skipped: r.skipped, pending: r.pending, voided: r.voided, httpRequests: r.http_requests,
    error: r.error,
  };
}

export async function enqueueRun(db: Kysely<DB>, run: NewRun): Promise<number> {
  const row = await db.insertInto('sync_runs').values({
    tenant_id: run.tenantId, connection_id: run.connectionId, location_id: run.locationId, trigger: run.trigger,
    cutoff_date: run.cutoffDate ?? null, cutoff_at: run.cutoffAt ?? null,
    ticket_keys: run.ticketKeys ? JSON.stringify(run.ticketKeys) : null,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A new queued run with the same scope as `r`, to continue what `r` could not finish. */
async function continuationOf(db: Kysely<DB>, row: RunRow): Promise<number> {
  const r = toRun(row);
  return enqueueRun(db, {
    tenantId: r.tenantId, connectionId: r.connectionId!, locationId: r.locationId, trigger: r.trigger,
    cutoffDate: r.cutoffDate, cutoffAt: r.cutoffAt, ticketKeys: r.ticketKeys,
  });
}

/**
 * Runs whose worker stopped beating (crash, deploy, kill) are marked stopped, and each gets a
 * continuation queued with the same scope, so the work resumes without waiting for the next
 * schedule. What the dead run left in flight is settled by the continuation (its journal).
 */
export async function resumeAbandonedRuns(db: Kysely<DB>, staleBefore: Date): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const dead = await trx.updateTable('sync_runs')
      .set({ status: 'stopped', finished_at: new Date(), error: 'the worker stopped answering (crash, deploy or kill); a new run resumes its tickets' })
      .where('status', '=', 'running').where('heartbeat_at', '<', staleBefore)
      .returningAll().execute();
    const resumed: number[] = [];
    for (const r of dead) resumed.push(await continuationOf(trx, r));
    return resumed;
  });
}

/**
 * A worker that stops (shutdown) or yields hands its run back: stopped, with a continuation
 * queued in the same transaction. Returns the continuation's id.
 */
export async function handBackRun(db: Kysely<DB>, runId: number, reason: string): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('sync_runs').set({ status: 'stopped', finished_at: new Date(), error: reason })
      .where('id', '=', runId).where('status', '=', 'running').returningAll().executeTakeFirst();
    return row ? continuationOf(trx, row) : null;
  });
}

/**
 * Starts one chosen run (the job queue hands out run ids). A run found `running` belongs to a
 * worker that died holding it (the queue gave its job out again): it is stopped and continued
 * by a new run, and null is returned, as for a run already finished.
 */
export async function startRunById(db: Kysely<DB>, runId: number, workerId: string): Promise<Run | null> {
  const row = await db.updateTable('sync_runs')
    .set({ status: 'running', worker_id: workerId, started_at: new Date(), heartbeat_at: new Date() })
    .where('id', '=', runId).where('status', '=', 'queued')
    .returningAll().executeTakeFirst();
  if (row) return toRun(row);
  await handBackRun(db, runId, 'its worker died while running it; a new run resumes its tickets');
  return null;
}

/** The run that continues `run` (the next one of its company), once it was handed back or taken over. */
export async function continuationId(db: Kysely<DB>, run: Pick<Run, 'id' | 'tenantId' | 'connectionId'>): Promise<number | null> {
  const next = await db.selectFrom('sync_runs').select('id').where('tenant_id', '=', run.tenantId)
    .where('connection_id', '=', run.connectionId).where('id', '>', run.id).orderBy('id').limit(1).executeTakeFirst();
  return next?.id ?? null;
}

/**
 * A run's fence: true only while run `runId` is still running. A worker stalled past its lease
 * (its run taken over and the continuation perhaps finished already) must not claim more
 * tickets or days, which nobody would then settle; the takeover commits before the
 * continuation starts, so a claim that sees the run stopped claims nothing.
 *
 * `lock` also locks the run's row for the statement (FOR SHARE), so a takeover being committed
 * is waited for and then seen: what must not happen beside a continuation at all, such as
 * putting back to pending the tickets (or days) it has claimed meanwhile (they would be held by
 * nobody, and the continuation, which never claims a ticket twice, would finish without them),
 * or writing a journal entry on a server.
 */
export function runStillRunning(runId: number, opts: { lock?: boolean } = {}) {
  return sql<boolean>`EXISTS (SELECT 1 FROM sync_runs fence WHERE fence.id = ${runId} AND fence.status = 'running' ${sql.raw(opts.lock ? 'FOR SHARE' : '')})`;
}

/** True while any run is queued or running (tests, the demo and the CLI wait for none). */
export async function runsOutstanding(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('sync_runs').select('id').where('status', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims the oldest queued run whose company has no running run. Returns null when none can
 * start. Two workers racing for one company: the unique index lets one win; the other sees a
 * unique violation and tries the next candidate.
 */
export async function claimRun(db: Kysely<DB>, workerId: string): Promise<Run | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = await db.selectFrom('sync_runs as r').select('r.id')
      .where('r.status', '=', 'queued')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('sync_runs as x').select('x.id')
        .whereRef('x.connection_id', '=', 'r.connection_id').where('x.status', '=', 'running'))))
      .orderBy('r.id').limit(1).executeTakeFirst();
    if (!candidate) return null;
    try {
      const row = await db.updateTable('sync_runs')
        .set({ status: 'running', worker_id: workerId, started_at: new Date(), heartbeat_at: new Date() })
        .where('id', '=', candidate.id).where('status', '=', 'queued')
        .returningAll().executeTakeFirst();
      if (row) return toRun(row);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  return null;
}

/**
 * Beats a running run's heartbeat. False when the run is no longer running: another process
 * took it over (this one was silent past the lease) or it was stopped - its worker must stop
 * at once, or two runs would post for one company.
 */
export async function heartbeat(db: Kysely<DB>, runId: number): Promise<boolean> {
  const r = await db.updateTable('sync_runs').set({ heartbeat_at: new Date() })
    .where('id', '=', runId).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateRunCounts(db: Kysely<DB>, runId: number, c: Partial<RunCounts>): Promise<void> {
  await db.updateTable('sync_runs').set({
    ...(c.total !== undefined && { total: c.total }),
    ...(c.done !== undefined && { done: c.done }),
    ...(c.posted !== undefined && { posted: c.posted }),
    ...(c.skipped !== undefined && { skipped: c.skipped }),
    ...(c.pending !== undefined && { pending: c.pending }),
    ...(c.voided !== undefined && { voided: c.voided }),
    ...(c.httpRequests !== undefined && { http_requests: c.httpRequests }),
    heartbeat_at: new Date(),
  }).where('id', '=', runId).execute();
}

/**
 * Ends a running run. A run no longer running (taken over after a late heartbeat, or handed
 * back) keeps what was recorded then: its finish time is when its successor could start.
 * Returns false in that case.
 */
export async function finishRun(db: Kysely<DB>, runId: number, status: Exclude<RunStatus, 'queued' | 'running'>, error: string | null): Promise<boolean> {
  const r = await db.updateTable('sync_runs').set({ status, error, finished_at: new Date() })
    .where('id', '=', runId).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getRun(db: Kysely<DB>, tenantId: string, runId: number): Promise<Run | null> {
  const row = await db.selectFrom('sync_runs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
  return row ? toRun(row) : null;
}

export async function recentRuns(db: Kysely<DB>, tenantId: string, opts: { locationId?: string; limit?: number } = {}): Promise<Run[]> {
  let q = db.selectFrom('sync_runs').selectAll().where('tenant_id', '=', tenantId);
  if (opts.locationId) {
    const loc = opts.locationId;
    // A run of the whole company counts for each of its locations.
    q = q.where((eb) => eb.or([eb('location_id', '=', loc), eb.and([eb('location_id', 'is', null),
      eb('connection_id', 'in', eb.selectFrom('locations').select('connection_id').where('tenant_id', '=', tenantId).where('id', '=', loc))])]));
  }
  return (await q.orderBy('id', 'desc').limit(opts.limit ?? 10).execute()).map(toRun);
}

/** A run of the same kind already waiting for this scope (so a double click queues one run). */
export async function findQueuedRun(db: Kysely<DB>, tenantId: string, connectionId: number, locationId: string | null,
  trigger: RunTrigger): Promise<number | null> {
  const row = await db.selectFrom('sync_runs').select('id')
    .where('tenant_id', '=', tenantId).where('connection_id', '=', connectionId).where('trigger', '=', trigger).where('status', '=', 'queued')
    .where(locationId === null ? sql<boolean>`location_id IS NULL` : sql<boolean>`location_id = ${locationId}`)
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.id ?? null;
}
