/** GET /quickbooks: one location's connection, schedule, Initialize, runs, errors and chart. */
import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../session/guards.js';
import { notFound, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { isActive, loadQuickBooksView } from './quickbooks-view.js';

export function quickbooksPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: { location?: string | string[]; run?: string | string[] } }>('/quickbooks', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const runId = request.query.run === undefined ? undefined : Number(request.query.run);
    if (runId !== undefined && !(Number.isSafeInteger(runId) && runId > 0)) return notFound(kit, request, reply, 'That run');
    // A parameter given twice arrives as a list: the first one counts.
    const location = [request.query.location].flat()[0];
    const locationId = location || undefined;
    const view = await loadQuickBooksView(kit.deps, tenantId, { locationId, runId });
    const layout = signedInLayout(kit, request, reply, 'QuickBooks', 'quickbooks');
    if (view === 'no-locations') return sendHtml(reply, 200, kit.render('no-locations', layout));
    if (!view) return notFound(kit, request, reply, runId !== undefined ? 'That run' : 'That location');
    const runActive = isActive(view.run);
    return sendHtml(reply, 200, kit.render('quickbooks', {
      ...layout, title: `QuickBooks · ${view.location.name}`, view, runActive, ...(runActive && { refreshSeconds: 2 }),
    }));
  });
}
