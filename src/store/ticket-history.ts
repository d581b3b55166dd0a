/** One ticket as the ticket page shows it: the stored row and the history of its sync events. */
import type { Kysely } from 'kysely';
import type { TicketState } from '../domain/ticket-outcomes.js';
import type { DB } from './schema.js';

export interface TicketDetail {
  locationId: string;
  ticketId: string;
  version: number;
  status: 'closed' | 'voided';
  closedAt: Date;
  businessDate: string;
  totalCents: number;
  /** The JSON text exactly as the POS sent it. */
  raw: string;
  normalized: unknown;
  receivedAt: Date;
  state: TicketState;
  postedVersion: number | null;
  qboDocs: unknown;
  qboDocNumber: string | null;
  lastError: unknown;
  attempts: number;
  syncedAt: Date | null;
}

export interface TicketEvent {
  id: number;
  runId: number | null;
  version: number;
  at: Date;
  kind: string;
  detail: unknown;
}

/** The tenant's ticket, or null (another tenant's ticket is as unknown as a missing one). */
export async function getTicketDetail(db: Kysely<DB>, tenantId: string, locationId: string, ticketId: string): Promise<TicketDetail | null> {
  const r = await db.selectFrom('tickets').selectAll()
    .where('tenant_id', '=', tenantId).where('location_id', '=', locationId).where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    locationId: r.location_id, ticketId: r.ticket_id, version: r.version, status: r.status, closedAt: r.closed_at,
    businessDate: r.business_date, totalCents: r.total_cents, raw: r.raw, normalized: r.normalized, receivedAt: r.received_at,
    state: r.sync_state, postedVersion: r.posted_version, qboDocs: r.qbo_docs, qboDocNumber: r.qbo_doc_number,
    lastError: r.last_error, attempts: r.attempts, syncedAt: r.synced_at,
  };
}

/** The newest `limit` events of a ticket (default 200), oldest first. */
export async function ticketEvents(db: Kysely<DB>, tenantId: string, locationId: string, ticketId: string, limit = 200): Promise<TicketEvent[]> {
  const rows = await db.selectFrom('sync_events').select(['id', 'run_id', 'version', 'at', 'kind', 'detail'])
    .where('tenant_id', '=', tenantId).where('location_id', '=', locationId).where('ticket_id', '=', ticketId)
    .orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map((r) => ({ id: r.id, runId: r.run_id, version: r.version, at: r.at, kind: r.kind, detail: r.detail }));
}
