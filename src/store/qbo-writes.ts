/**
 * The journal of QuickBooks writes: each is written down before it is sent and taken out once
 * its answer (or its unknown outcome) is recorded on the ticket. Rows still in flight after a
 * crash name the tickets whose documents must be looked up before anything is created again.
 * Settled rows are deleted, not kept as history: nothing read them, they grew by two rows a
 * ticket (200,000 at 100,000 tickets), and an update cost a new row version and index entries
 * where a delete only marks the row.
 */
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface JournalRow {
  requestId: string;
  locationId: string | null;
  ticketId: string | null;
  version: number | null;
  docKind: string;
  operation: string;
}

export async function recordInflight(db: Kysely<DB>, tenantId: string, connectionId: number, rows: readonly JournalRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('qbo_writes').values(rows.map((r) => ({
    connection_id: connectionId, request_id: r.requestId, tenant_id: tenantId, location_id: r.locationId, ticket_id: r.ticketId,
    version: r.version, doc_kind: r.docKind, operation: r.operation, state: 'inflight' as const,
  })))
    // A retry of the same write (same requestid) is the same journal entry.
    .onConflict((oc) => oc.columns(['connection_id', 'request_id']).doUpdateSet({ state: 'inflight', updated_at: new Date() }))
    .execute();
}

export async function markSettled(db: Kysely<DB>, connectionId: number, requestIds: readonly string[]): Promise<void> {
  if (requestIds.length === 0) return;
  await db.deleteFrom('qbo_writes')
    .where('connection_id', '=', connectionId).where('request_id', 'in', [...requestIds]).where('state', '=', 'inflight').execute();
}

/** Tickets with writes whose outcome was never recorded. */
export async function inflightTickets(db: Kysely<DB>, connectionId: number): Promise<{ locationId: string; ticketId: string; requestId: string }[]> {
  const rows = await db.selectFrom('qbo_writes').select(['location_id', 'ticket_id', 'request_id'])
    .where('connection_id', '=', connectionId).where('state', '=', 'inflight').execute();
  return rows.filter((r) => r.location_id && r.ticket_id).map((r) => ({ locationId: r.location_id!, ticketId: r.ticket_id!, requestId: r.request_id }));
}
