/**
 * Storing tickets as they arrive. One statement writes a whole chunk: new tickets are
 * inserted, higher versions replace lower ones, and nothing else is touched, so a retried
 * batch changes nothing (ticket-format §5).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Ticket } from '../domain/ticket.js';
import { ticketKey } from '../domain/ticket.js';
import type { TicketState } from '../domain/ticket-outcomes.js';
import type { DB } from './schema.js';
import { touchDays } from './summary-days.js';
import { newVersionState } from './ticket-moves.js';

export interface StoredVersion {
  locationId: string;
  ticketId: string;
  version: number;
  raw: string;
}

export interface TicketWrite {
  ticket: Ticket;
  raw: string;
  businessDate: string;
  /** The state for a ticket seen the first time (void for a voided one). */
  initialState: TicketState;
}

export async function storedVersions(db: Kysely<DB>, tenantId: string,
  keys: readonly { locationId: string; ticketId: string }[]): Promise<Map<string, StoredVersion>> {
  const out = new Map<string, StoredVersion>();
  if (keys.length === 0) return out;
  // Keys go in as two arrays (unnest), not as a list of row literals: PGlite's planner
  // spins on a few hundred `(a, b) IN ((…), …)` tuples, and two arrays are 2 parameters.
  const rows = await db.selectFrom('tickets').select(['location_id', 'ticket_id', 'version', 'raw'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.ticketId)}::text[]))`))
    .execute();
  for (const r of rows) out.set(ticketKey(r.location_id, r.ticket_id), { locationId: r.location_id, ticketId: r.ticket_id, version: r.version, raw: r.raw });
  return out;
}

/**
 * Inserts new tickets and replaces stored ones whose version is lower. Answers, per key
 * actually written, whether it was inserted (true) or replaced (false). A key missing from
 * the answer was not written: the stored version was already as high (a concurrent writer).
 *
 * On replace, the sync state follows the outcome table's new-version rows (ticket-moves.ts):
 * a run holding the ticket keeps it; a voided ticket never posted becomes void; anything else
 * is pending. Check and write are one atomic statement.
 */
export async function writeTickets(db: Kysely<DB>, tenantId: string, writes: readonly TicketWrite[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (writes.length === 0) return out;
  const keys = sql<[string, string]>`(SELECT * FROM unnest(${writes.map((w) => w.ticket.locationId)}::text[], ${writes.map((w) => w.ticket.id)}::text[]))`;
  const rows = await db
    // The business dates before the write (the statement's snapshot): an edit may move a ticket off its day.
    .with('before', (qb) => qb.selectFrom('tickets').select(['location_id', 'ticket_id', 'business_date'])
      .where('tenant_id', '=', tenantId).where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in', keys)))
    .insertInto('tickets')
    .values(writes.map((w) => ({
      tenant_id: tenantId,
      location_id: w.ticket.locationId,
      ticket_id: w.ticket.id,
      version: w.ticket.version,
      status: w.ticket.status,
      closed_at: new Date(w.ticket.closedAtMs),
      business_date: w.businessDate,
      total_cents: w.ticket.total,
      raw: w.raw,
      normalized: JSON.stringify(w.ticket),
      sync_state: w.initialState,
    })))
    .onConflict((oc) => oc.columns(['tenant_id', 'location_id', 'ticket_id'])
      .doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        status: eb.ref('excluded.status'),
        closed_at: eb.ref('excluded.closed_at'),
        business_date: eb.ref('excluded.business_date'),
        total_cents: eb.ref('excluded.total_cents'),
        raw: eb.ref('excluded.raw'),
        normalized: eb.ref('excluded.normalized'),
        updated_at: sql<Date>`now()`,
        sync_state: newVersionState('tickets', 'excluded'),
        last_error: null,
        attempts: 0,
      }))
      .where('tickets.version', '<', (eb) => eb.ref('excluded.version')))
    .returning(['location_id', 'ticket_id', 'business_date', sql<boolean>`xmax = 0`.as('inserted'),
      sql<string | null>`(SELECT b.business_date::text FROM before b WHERE b.location_id = tickets.location_id AND b.ticket_id = tickets.ticket_id)`.as('date_before')])
    .execute();
  for (const r of rows) out.set(ticketKey(r.location_id, r.ticket_id), r.inserted);
  // Summary mode: a late ticket, an edit or a void makes its day (and the day it left) out of date.
  await touchDays(db, tenantId, rows.flatMap((r) => [{ locationId: r.location_id, businessDate: r.business_date },
    ...(r.date_before && r.date_before !== r.business_date ? [{ locationId: r.location_id, businessDate: r.date_before }] : [])]));
  return out;
}
