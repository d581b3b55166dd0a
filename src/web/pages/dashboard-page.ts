/** GET /: the dashboard, the signed-in home ("do my books match, and what needs me?"). */
import type { FastifyInstance } from 'fastify';
import { sessionOf } from '../session/guards.js';
import { DAY_CHOICES, loadDashboard } from './dashboard-view.js';
import { notFound, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { makeMoneyChart } from './money-chart.js';

export function dashboardPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: { location?: string | string[]; days?: string | string[] } }>('/', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    // A parameter given twice arrives as a list: the first one counts; an unknown day count is the default.
    const location = [request.query.location].flat()[0] || undefined;
    const days = DAY_CHOICES.find((d) => String(d) === [request.query.days].flat()[0]) ?? DAY_CHOICES[0];
    const view = await loadDashboard(kit.deps, tenantId, { locationId: location, days });
    const layout = signedInLayout(kit, request, reply, 'Dashboard', 'home');
    if (view === 'no-locations') return sendHtml(reply, 200, kit.render('no-locations', layout));
    if (!view) return notFound(kit, request, reply, 'That location');
    // Sales per day in money, tickets as the second measure: a wide drawing and a phone's.
    const charts = view.money.length ? (['wide', 'narrow'] as const).map((size) => makeMoneyChart(view.money, view.from, view.to, size)) : [];
    return sendHtml(reply, 200, kit.render('dashboard', { ...layout, view, charts, dayChoices: DAY_CHOICES }));
  });
}
