/**
 * The journal of QuickBooks writes: each is written down before it is sent and taken out once
 * its answer (or its unknown outcome) is recorded on the ticket. Rows still in flight after a
 * crash name the tickets whose documents must be looked up before anything is created again.
 * Settled rows are deleted, not kept as history: nothing read them, they grew by two rows a
 * ticket (200,000 at 100,000 tickets), and an update cost a new row version and index entries
 * where a delete only marks the row. Ticket writes leave at their page's end, a day's or a
 * payout's once recorded on it; writes of set-up records (a payment method or item a ticket
 * named) carry no ticket and leave once their request is over (Initialize finds records by
 * name, so nothing would read them).
 *
 * A row is `inflight` from before its request is sent until the request is over (answered,
 * refused, or given up on), then `done` if its facts were not saved (the run stopped or was
 * taken over first): `done` rows are looked up exactly as `inflight` ones, but only once the
 * run that sent them can no longer have them on their way to QuickBooks (`youngWritesInFlight`).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { runStillRunning } from './runs.js';
import type { DB } from './schema.js';

export interface JournalRow {
  requestId: string;
  locationId: string | null;
  ticketId: string | null;
  version: number | null;
  docKind: string;
  operation: string;
}

/**
 * Writes the entries down before they are sent. With `runId`, only while that run is still
 * `running`, its row locked for the statement (FOR SHARE): a worker stalled past its lease must
 * not send once its run was taken over. Either its entries commit before the takeover (and the
 * continuation, which starts after it, looks their tickets up) or it sees the run stopped and
 * records nothing. Returns false when nothing was recorded for that reason: the caller must not send.
 *
 * `fence.oneConnection` (the embedded store: one connection, one statement at a time) leaves the
 * lock out: no takeover can commit between this statement's check and its commit there, and the
 * lock is a write of the run's row, a third of the statement's cost (0.99 ms against 0.69 a
 * statement, measured on the embedded store): a write of each plain request's journal entry.
 */
export async function recordInflight(
  db: Kysely<DB>, tenantId: string, connectionId: number, rows: readonly JournalRow[], fence?: { runId: number; oneConnection: boolean },
): Promise<boolean> {
  if (rows.length === 0) return true;
  // A retry of the same write (same requestid) is the same journal entry.
  const result = await insertInflight(db, tenantId, connectionId, rows, fence,
    sql`ON CONFLICT (connection_id, request_id) DO UPDATE SET state = 'inflight', updated_at = now()`).execute(db);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/**
 * Writes down ahead, in one statement, writes about to be sent over several requests (a step's
 * next plain requests or batches), under the same fence as recordInflight. Returns the requestids written
 * down: one already on record (an earlier run's, a retry) is left as it is and not returned, so
 * `dropUnsent` never takes out a row this reservation did not make.
 */
export async function reserveInflight(
  db: Kysely<DB>, tenantId: string, connectionId: number, rows: readonly JournalRow[], fence?: { runId: number; oneConnection: boolean },
): Promise<string[]> {
  if (rows.length === 0) return [];
  const result = await insertInflight(db, tenantId, connectionId, rows, fence, sql`ON CONFLICT (connection_id, request_id) DO NOTHING RETURNING request_id`)
    .execute(db);
  return (result.rows as { request_id: string }[]).map((r) => r.request_id);
}

function insertInflight(db: Kysely<DB>, tenantId: string, connectionId: number, rows: readonly JournalRow[],
  fence: { runId: number; oneConnection: boolean } | undefined, onConflict: ReturnType<typeof sql>) {
  const col = <T>(f: (r: JournalRow) => T) => rows.map(f);
  const live = fence ? runStillRunning(fence.runId, { lock: !fence.oneConnection }) : sql`true`;
  return sql`
    INSERT INTO qbo_writes (connection_id, request_id, tenant_id, location_id, ticket_id, version, doc_kind, operation, state)
    SELECT ${connectionId}::bigint, v.request_id, ${tenantId}, v.location_id, v.ticket_id, v.version, v.doc_kind, v.operation, 'inflight'
    FROM unnest(${col((r) => r.requestId)}::text[], ${col((r) => r.locationId)}::text[], ${col((r) => r.ticketId)}::text[],
                ${col((r) => r.version)}::int[], ${col((r) => r.docKind)}::text[], ${col((r) => r.operation)}::text[])
      AS v(request_id, location_id, ticket_id, version, doc_kind, operation)
    WHERE ${live}
    ${onConflict}`;
}

/** Writes reserved ahead (reserveInflight) that were never sent: nothing of them reached QuickBooks, nothing to look up. */
export async function dropUnsent(db: Kysely<DB>, connectionId: number, requestIds: readonly string[]): Promise<void> {
  if (requestIds.length === 0) return;
  await db.deleteFrom('qbo_writes')
    .where('connection_id', '=', connectionId).where('request_id', '=', sql<string>`ANY(${[...requestIds]}::text[])`).where('state', '=', 'inflight').execute();
}

export async function markSettled(db: Kysely<DB>, connectionId: number, requestIds: readonly string[]): Promise<void> {
  if (requestIds.length === 0) return;
  // One array parameter: a page settles a thousand writes or more at once.
  await db.deleteFrom('qbo_writes')
    .where('connection_id', '=', connectionId).where('request_id', '=', sql<string>`ANY(${[...requestIds]}::text[])`).where('state', 'in', ['inflight', 'done']).execute();
}

/**
 * The requests of these writes are over (answered, refused or given up on): a set-up record's
 * row leaves, the others become `done` until their facts are saved. Rows already settled are gone and stay so.
 */
export async function markRequestsOver(db: Kysely<DB>, connectionId: number, requestIds: readonly string[]): Promise<void> {
  if (requestIds.length === 0) return;
  const these = sql`connection_id = ${connectionId}::bigint AND request_id = ANY(${[...requestIds]}::text[]) AND state = 'inflight'`;
  await sql`
    WITH setup AS (DELETE FROM qbo_writes WHERE ${these} AND location_id IS NULL AND ticket_id IS NULL)
    UPDATE qbo_writes SET state = 'done', updated_at = now() WHERE ${these} AND (location_id IS NOT NULL OR ticket_id IS NOT NULL)`.execute(db);
}

/**
 * How many of the company's writes may still be on their way to QuickBooks: `inflight`, and
 * written down less than `horizonMs` ago (older ones were sent by a process that answered,
 * gave up or died long since).
 */
export async function youngWritesInFlight(db: Kysely<DB>, connectionId: number, horizonMs: number): Promise<number> {
  const r = await db.selectFrom('qbo_writes').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('connection_id', '=', connectionId).where('state', '=', 'inflight')
    .where('updated_at', '>', new Date(Date.now() - horizonMs)).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A process that held the store alone died (the embedded store, found at start): nothing it sent is still on its way. */
export async function markOrphanedRequestsOver(db: Kysely<DB>): Promise<void> {
  await db.updateTable('qbo_writes').set({ state: 'done', updated_at: new Date() }).where('state', '=', 'inflight').execute();
}

/** Tickets with writes whose outcome was never recorded. */
export async function inflightTickets(db: Kysely<DB>, connectionId: number): Promise<{ locationId: string; ticketId: string; requestId: string }[]> {
  const rows = await db.selectFrom('qbo_writes').select(['location_id', 'ticket_id', 'request_id'])
    .where('connection_id', '=', connectionId).where('state', 'in', ['inflight', 'done']).execute();
  return rows.filter((r) => r.location_id && r.ticket_id).map((r) => ({ locationId: r.location_id!, ticketId: r.ticket_id!, requestId: r.request_id }));
}
