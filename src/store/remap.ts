/**
 * "Apply to what is already posted": the posted tickets of a range, page by page, and moving
 * the ones whose documents must be rewritten back to pending (the outcome table's `remap`
 * move) with the documents to rewrite marked in their facts.
 */
import { sql } from 'kysely';
import { readStoredTicket } from '../domain/stored-ticket.js';
import { readDocs } from '../domain/ticket-docs.js';
import type { TicketDocs } from '../domain/ticket-docs.js';
import type { Db } from './db.js';
import { ticketMove } from './ticket-moves.js';

export interface PostedTicket {
  locationId: string;
  ticketId: string;
  businessDate: string;
  stored: ReturnType<typeof readStoredTicket>;
  docs: TicketDocs;
}

/** Posted tickets of these locations and dates after `after` (keyset), oldest first. */
export async function postedTicketsPage(db: Db, tenantId: string, q: { locationIds: readonly string[]; from: string; to: string; limit: number;
  after?: { businessDate: string; locationId: string; ticketId: string } }): Promise<PostedTicket[]> {
  if (q.locationIds.length === 0) return [];
  let query = db.selectFrom('tickets').select(['location_id', 'ticket_id', 'business_date', 'normalized', 'qbo_docs'])
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...q.locationIds]).where('sync_state', '=', 'posted')
    .where('business_date', '>=', q.from).where('business_date', '<=', q.to);
  if (q.after) {
    const a = q.after;
    query = query.where((eb) => eb(eb.refTuple('business_date', 'location_id', 'ticket_id'), '>', eb.tuple(a.businessDate, a.locationId, a.ticketId)));
  }
  const rows = await query.orderBy('business_date').orderBy('location_id').orderBy('ticket_id').limit(q.limit).execute();
  return rows.map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id, businessDate: r.business_date, stored: readStoredTicket(r.normalized),
    docs: readDocs(r.qbo_docs) }));
}

/**
 * Moves these posted tickets back to pending for a rewrite, saving their facts (with the
 * documents to rewrite marked) in the same statement. Returns the keys actually moved: a
 * ticket no longer posted (an edit arrived meanwhile) is left to its own run.
 */
export async function markForRemap(db: Db, tenantId: string, updates: readonly { locationId: string; ticketId: string; docs: TicketDocs }[]) {
  if (updates.length === 0) return [];
  const move = ticketMove('remap');
  const rows = await sql<{ location_id: string; ticket_id: string }>`
    UPDATE tickets t SET sync_state = ${move.to}, qbo_docs = v.docs::jsonb, last_run_id = NULL
    FROM (SELECT * FROM unnest(${updates.map((u) => u.locationId)}::text[], ${updates.map((u) => u.ticketId)}::text[],
                               ${updates.map((u) => JSON.stringify(u.docs))}::text[]) AS x(location_id, ticket_id, docs)) v
    WHERE t.tenant_id = ${tenantId} AND t.location_id = v.location_id AND t.ticket_id = v.ticket_id
      AND t.sync_state IN (${sql.join(move.from.map((s) => sql.lit(s)))})
    RETURNING t.location_id, t.ticket_id`.execute(db);
  return rows.rows.map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id }));
}
