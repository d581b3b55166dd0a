/**
 * GET /days/:locationId/:date: one summary day and its history (issues 14 and 16), as the
 * ticket page shows a ticket's: every post (rN, with its documents), skip, change in
 * QuickBooks, out-of-date settlement, undo, resync and repost, oldest first.
 */
import type { FastifyInstance } from 'fastify';
import { isDateInRange } from '../../domain/business-date.js';
import { getLocation } from '../../store/locations.js';
import { sessionOf } from '../session/guards.js';
import { daysUrl } from './days-page.js';
import { notFound, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';

export function dayUrl(locationId: string, date: string): string {
  return `/days/${encodeURIComponent(locationId)}/${encodeURIComponent(date)}`;
}

export function dayPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Params: { locationId: string; date: string } }>('/days/:locationId/:date', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const { locationId, date } = request.params;
    const location = await getLocation(kit.deps.db, tenantId, locationId);
    if (!location || !isDateInRange(date)) return notFound(kit, request, reply, 'That day');
    const [events, days] = await Promise.all([
      kit.deps.sync.days.history(tenantId, locationId, date),
      kit.deps.sync.days.list(tenantId, locationId, { from: date, to: date }),
    ]);
    return sendHtml(reply, 200, kit.render('day', {
      ...signedInLayout(kit, request, reply, `${location.name}, ${date}`, 'days'),
      locationName: location.name, date, zone: location.timeZone, back: daysUrl(locationId, { from: date, to: date }),
      day: days[0] ?? null, events,
    }));
  });
}
