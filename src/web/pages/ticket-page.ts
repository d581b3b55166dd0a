/** GET /tickets/:locationId/:ticketId: the ticket as received, its documents and its history. */
import type { FastifyInstance } from 'fastify';
import { getLocation } from '../../store/locations.js';
import { getTicketDetail, ticketEvents } from '../../store/ticket-history.js';
import { sessionOf } from '../session/guards.js';
import { notFound, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import * as format from './format.js';
import { indentJson } from './pretty-json.js';
import { ticketRef } from './tickets-query.js';
import { eventDetail, readDocuments, readError, readSummary } from './ticket-view.js';

export function ticketPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Params: { locationId: string; ticketId: string } }>('/tickets/:locationId/:ticketId', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const { locationId, ticketId } = request.params;
    const [ticket, location, events] = await Promise.all([
      getTicketDetail(kit.deps.db, tenantId, locationId, ticketId),
      getLocation(kit.deps.db, tenantId, locationId),
      ticketEvents(kit.deps.db, tenantId, locationId, ticketId),
    ]);
    if (!ticket) return notFound(kit, request, reply, 'That ticket');
    const zone = location?.timeZone ?? 'UTC';
    const self = `/tickets/${encodeURIComponent(locationId)}/${encodeURIComponent(ticketId)}`;
    return sendHtml(reply, 200, kit.render('ticket', {
      ...signedInLayout(kit, request, reply, `Ticket ${format.id(ticketId)}`, 'tickets'),
      ticket, zone, self, ref: ticketRef(locationId, ticketId), locationName: location?.name ?? locationId,
      ...rawShown(ticket.raw), summary: readSummary(ticket.normalized), docs: readDocuments(ticket.qboDocs),
      error: readError(ticket.lastError),
      events: events.map((e) => ({ ...e, text: eventDetail(e.detail) })),
    }));
  });
}

/**
 * The page shows at most RAW_SHOWN characters of the ticket as received, indented when whole
 * and cut as received when longer: a 16 MB ticket made a 16 MB page, and five viewers took the
 * process from 543 MB to 1.3 GB (issue 20). Intake now bounds a ticket; older rows may not be.
 */
export const RAW_SHOWN = 64 * 1024;

function rawShown(raw: string): { raw: string; rawCut: { shown: string; total: string } | null } {
  // Invisible and re-ordering characters as JSON escapes (`\u202E`): the same JSON, shown honestly.
  if (raw.length <= RAW_SHOWN) return { raw: format.visibleText(indentJson(raw)), rawCut: null };
  return { raw: `${format.visibleText(raw.slice(0, RAW_SHOWN))} …`, rawCut: { shown: RAW_SHOWN.toLocaleString('en-US'), total: raw.length.toLocaleString('en-US') } };
}
