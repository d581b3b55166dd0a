/**
 * What a run would claim, read without claiming it (a dry run, issue 16): the pending tickets of
 * a run's scope, optionally within business dates, page by page (keyset), oldest first.
 */
import { readStoredTicket } from '../domain/stored-ticket.js';
import { readDocs } from '../domain/ticket-docs.js';
import type { Db } from './db.js';
import type { ClaimedTicket, TicketScope } from './sync-tickets.js';
import { ticketMove } from './ticket-moves.js';

export interface DryRunScope extends TicketScope {
  from?: string | null;
  to?: string | null;
}

type Key = { businessDate: string; locationId: string; ticketId: string };

export async function claimableTicketsPage(db: Db, scope: DryRunScope, limit: number, after?: Key): Promise<ClaimedTicket[]> {
  if (scope.locations.length === 0) return [];
  let q = db.selectFrom('tickets').where('tenant_id', '=', scope.tenantId).where('sync_state', 'in', ticketMove('claim').from)
    .where((eb) => eb.or(scope.locations.map((l) => (l.startDate
      ? eb.and([eb('location_id', '=', l.id), eb('business_date', '>=', l.startDate)])
      : eb('location_id', '=', l.id)))));
  if (scope.cutoffDate) q = q.where('business_date', '<', scope.cutoffDate);
  if (scope.cutoffAt) q = q.where('updated_at', '<=', scope.cutoffAt);
  if (scope.from) q = q.where('business_date', '>=', scope.from);
  if (scope.to) q = q.where('business_date', '<=', scope.to);
  if (after) q = q.where((eb) => eb(eb.refTuple('business_date', 'location_id', 'ticket_id'), '>', eb.tuple(after.businessDate, after.locationId, after.ticketId)));
  const rows = await q.select(['location_id', 'ticket_id', 'version', 'status', 'business_date', 'total_cents', 'normalized', 'qbo_docs', 'posted_version', 'post_epoch'])
    .orderBy('business_date').orderBy('location_id').orderBy('ticket_id').limit(limit).execute();
  return rows.map((r) => ({
    locationId: r.location_id, ticketId: r.ticket_id, version: r.version, status: r.status, businessDate: r.business_date,
    totalCents: r.total_cents, stored: readStoredTicket(r.normalized), docs: readDocs(r.qbo_docs), postedVersion: r.posted_version, epoch: r.post_epoch,
  }));
}
