/**
 * Undo and repost of a range (issue 16): the undo job row a run works from, the tickets of a
 * range as the preview reads them, claiming them for an undo run (the outcome table's `undo`
 * move), and moving them back to pending for a repost (`repost`, `post-again`).
 */
import { sql } from 'kysely';
import { z } from 'zod';
import { readStoredTicket } from '../domain/stored-ticket.js';
import { readDocs } from '../domain/ticket-docs.js';
import type { TicketDocs } from '../domain/ticket-docs.js';
import type { TicketState } from '../domain/ticket-outcomes.js';
import type { Selectable } from 'kysely';
import type { Db } from './db.js';
import { runStillRunning } from './runs.js';
import type { UndoJobsTable } from './schema.js';
import type { ClaimedTicket } from './sync-tickets.js';
import { ticketMove } from './ticket-moves.js';

export type UndoMode = 'pending' | 'withheld';

export interface UndoRange {
  locationIds: string[];
  /** Business dates, both included. */
  from: string;
  to: string;
}

export interface UndoJob extends UndoRange {
  id: number;
  tenantId: string;
  connectionId: number;
  mode: UndoMode;
  status: 'open' | 'finished' | 'failed';
  requestedBy: string;
  documentsPlanned: number;
  documentsDone: number;
  ticketsDone: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const locationIdsSchema = z.array(z.string());

type UndoRow = Selectable<UndoJobsTable>;

function toJob(r: UndoRow): UndoJob {
  const ids = locationIdsSchema.safeParse(r.location_ids);
  return {
    id: r.id, tenantId: r.tenant_id, connectionId: r.connection_id, locationIds: ids.success ? ids.data : [], from: r.date_from, to: r.date_to,
    mode: r.mode, status: r.status, requestedBy: r.requested_by, documentsPlanned: r.documents_planned, documentsDone: r.documents_done,
    ticketsDone: r.tickets_done, error: r.error, createdAt: r.created_at, finishedAt: r.finished_at,
  };
}

/** A new open undo; throws a unique violation (23505) while another undo of the company is open. */
export async function createUndoJob(db: Db,
  job: { tenantId: string; connectionId: number; mode: UndoMode; requestedBy: string; documentsPlanned: number } & UndoRange): Promise<number> {
  const row = await db.insertInto('undo_jobs').values({
    tenant_id: job.tenantId, connection_id: job.connectionId, location_ids: JSON.stringify(job.locationIds), date_from: job.from, date_to: job.to,
    mode: job.mode, requested_by: job.requestedBy, documents_planned: job.documentsPlanned,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The open undo of a company (at most one), which its undo run works on. */
export async function openUndoJob(db: Db, tenantId: string, connectionId: number): Promise<UndoJob | null> {
  const row = await db.selectFrom('undo_jobs').selectAll().where('tenant_id', '=', tenantId).where('connection_id', '=', connectionId)
    .where('status', '=', 'open').executeTakeFirst();
  return row ? toJob(row) : null;
}

export async function getUndoJob(db: Db, tenantId: string, id: number): Promise<UndoJob | null> {
  const row = await db.selectFrom('undo_jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toJob(row) : null;
}

export async function addUndoProgress(db: Db, id: number, done: { documents: number; tickets: number }): Promise<void> {
  await db.updateTable('undo_jobs')
    .set((eb) => ({ documents_done: eb('documents_done', '+', done.documents), tickets_done: eb('tickets_done', '+', done.tickets) }))
    .where('id', '=', id).execute();
}

export async function finishUndoJob(db: Db, id: number, status: 'finished' | 'failed', error: string | null): Promise<void> {
  await db.updateTable('undo_jobs').set({ status, error, finished_at: new Date() }).where('id', '=', id).where('status', '=', 'open').execute();
}

export interface RangeTicket {
  locationId: string;
  ticketId: string;
  businessDate: string;
  state: TicketState;
  docs: TicketDocs;
}

function inRange(db: Db, tenantId: string, range: UndoRange) {
  return db.selectFrom('tickets').where('tenant_id', '=', tenantId).where('location_id', 'in', range.locationIds)
    .where('business_date', '>=', range.from).where('business_date', '<=', range.to);
}

/** The tickets of a range after `after` (keyset), oldest first, with their facts. */
export async function rangeTicketsPage(db: Db, tenantId: string, range: UndoRange, limit: number,
  after?: { businessDate: string; locationId: string; ticketId: string }): Promise<RangeTicket[]> {
  if (range.locationIds.length === 0) return [];
  let q = inRange(db, tenantId, range).select(['location_id', 'ticket_id', 'business_date', 'sync_state', 'qbo_docs']);
  if (after) q = q.where((eb) => eb(eb.refTuple('business_date', 'location_id', 'ticket_id'), '>', eb.tuple(after.businessDate, after.locationId, after.ticketId)));
  const rows = await q.orderBy('business_date').orderBy('location_id').orderBy('ticket_id').limit(limit).execute();
  return rows.map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id, businessDate: r.business_date, state: r.sync_state,
    docs: readDocs(r.qbo_docs) }));
}

/** Tickets of the range that still hold live documents in QuickBooks (as the facts say). */
export async function countLiveInRange(db: Db, tenantId: string, range: UndoRange): Promise<number> {
  if (range.locationIds.length === 0) return 0;
  const r = await inRange(db, tenantId, range).where('posted_version', 'is not', null)
    .select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Claims up to `limit` tickets of the range for an undo run (the `undo` move), each once per
 * run: every ticket that may hold documents, and (mode withheld) every one still to be posted.
 */
export async function claimForUndo(db: Db, tenantId: string, range: UndoRange, runId: number, limit: number): Promise<ClaimedTicket[]> {
  if (range.locationIds.length === 0) return [];
  const move = ticketMove('undo');
  const page = inRange(db, tenantId, range).where('sync_state', 'in', move.from)
    .where((eb) => eb.or([eb('last_run_id', 'is', null), eb('last_run_id', '<>', runId)]))
    .where(runStillRunning(runId)) // a run taken over claims nothing more (runs.ts)
    .select(['location_id', 'ticket_id'])
    .orderBy('business_date').orderBy('location_id').orderBy('ticket_id').limit(limit).forUpdate().skipLocked();
  const rows = await db.updateTable('tickets').set({ sync_state: move.to, last_run_id: runId })
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in', page.$asTuple('location_id', 'ticket_id')))
    .returning(['location_id', 'ticket_id', 'version', 'status', 'business_date', 'total_cents', 'normalized', 'qbo_docs', 'posted_version', 'post_epoch'])
    .execute();
  return rows.map((r) => ({
    locationId: r.location_id, ticketId: r.ticket_id, version: r.version, status: r.status, businessDate: r.business_date,
    totalCents: r.total_cents, stored: readStoredTicket(r.normalized), docs: readDocs(r.qbo_docs), postedVersion: r.posted_version, epoch: r.post_epoch,
  })).sort((a, b) => cmp(a.businessDate, b.businessDate) || cmp(a.locationId, b.locationId) || cmp(a.ticketId, b.ticketId));
}

/** A fingerprint no mapped body has: the next run rewrites the document in place. */
export const REPOST_MARK = 'stale (repost)';

/**
 * Moves the tickets of a range (or chosen tickets) back to pending for a repost: posted and
 * skipped ones (`repost`), and withheld ones (`post-again`). Their live documents are marked so
 * the next run rewrites each in place; a new attempt epoch gives every write a new requestid (a
 * refused one would only replay its refusal). Returns the keys moved.
 */
export async function markForRepost(db: Db, tenantId: string, range: UndoRange, keys?: readonly { locationId: string; ticketId: string }[] | null) {
  if (range.locationIds.length === 0) return [];
  const from = [...new Set([...ticketMove('repost').from, ...ticketMove('post-again').from])];
  const to = ticketMove('repost').to;
  const stale = (doc: string) => sql`CASE WHEN t.qbo_docs -> ${doc} IS NULL OR jsonb_typeof(t.qbo_docs -> ${doc}) = 'null' THEN t.qbo_docs
    ELSE jsonb_set(t.qbo_docs, ${sql.lit(`{${doc},hash}`)}, to_jsonb(${REPOST_MARK}::text)) END`;
  const keyFilter = keys
    ? sql`AND (t.location_id, t.ticket_id) IN (SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.ticketId)}::text[]))`
    : sql``;
  const rows = await sql<{ location_id: string; ticket_id: string }>`
    UPDATE tickets t SET sync_state = ${to}, post_epoch = t.post_epoch + 1, last_run_id = NULL,
      qbo_docs = CASE WHEN t.qbo_docs IS NULL THEN NULL ELSE
        jsonb_set(${stale('refundReceipt')}, '{payments}', COALESCE((SELECT jsonb_agg(jsonb_set(p, '{hash}', to_jsonb(${REPOST_MARK}::text)))
          FROM jsonb_array_elements(t.qbo_docs -> 'payments') p), '[]'::jsonb)) END
    WHERE t.tenant_id = ${tenantId} AND t.location_id IN (${sql.join(range.locationIds)})
      AND t.business_date >= ${range.from} AND t.business_date <= ${range.to}
      AND t.sync_state IN (${sql.join(from.map((s) => sql.lit(s)))}) ${keyFilter}
    RETURNING t.location_id, t.ticket_id`.execute(db);
  // The invoice is marked in a second pass: one jsonb_set per document keeps each CASE simple.
  await sql`UPDATE tickets t SET qbo_docs = ${stale('invoice')}
    WHERE t.tenant_id = ${tenantId} AND t.qbo_docs IS NOT NULL
      AND (t.location_id, t.ticket_id) IN (SELECT * FROM unnest(${rows.rows.map((r) => r.location_id)}::text[], ${rows.rows.map((r) => r.ticket_id)}::text[]))`.execute(db);
  return rows.rows.map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
