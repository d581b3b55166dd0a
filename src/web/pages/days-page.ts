/**
 * The Days page (summary-rules §1, §6), one location at a time:
 *
 *   GET  /days?location=&from=&to=          the posting mode, and the location's summary days with their POS
 *                                            totals, state, QuickBooks documents and the reconciliation read back
 *   GET  /days?…&mode=&cutover=&preview=1    the same, with what switching the mode would do (nothing saved)
 *   POST /days/mode                          save the switch (the service refuses what the preview refused)
 *   POST /days/sync                          "Sync now" for the location: every day over and not posted
 *   POST /days/requeue                       "Resync" a skipped day, "Repost this day" one changed in QuickBooks
 *
 * Every action ends in a redirect with a message (a reload never repeats it). QuickBooks is read
 * once per page view (two queries) for the reconciliation, only when a day has documents.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DATE_RANGE_TEXT, isDateInRange } from '../../domain/business-date.js';
import { listLocations } from '../../store/locations.js';
import { daysOverview, switchEffects } from '../../sync/index.js';
import type { PostingMode } from '../../sync/index.js';
import { sessionOf } from '../session/guards.js';
import { buildDaysView } from './days-view.js';
import type { PreviewView } from './days-view.js';
import { describeFailure } from './failures.js';
import { field, flash, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';

type Query = Record<'location' | 'from' | 'to' | 'mode' | 'cutover' | 'preview', string | string[] | undefined>;
const first = (v: string | string[] | undefined) => [v].flat()[0] ?? '';
const isMode = (v: string): v is PostingMode => v === 'summary' || v === 'line-by-line';

export function daysUrl(locationId: string, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({ location: locationId, ...extra });
  return `/days?${q.toString()}`;
}

export function daysPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: Partial<Query> }>('/days', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const locations = await listLocations(kit.deps.db, tenantId);
    const layout = signedInLayout(kit, request, reply, 'Days', 'days');
    const chosen = locations.find((l) => l.id === first(request.query.location)) ?? locations[0];
    if (!chosen) return sendHtml(reply, 200, kit.render('no-locations', layout));
    const q = { from: first(request.query.from), to: first(request.query.to) };
    const problems = [q.from, q.to].filter((d) => d !== '' && !isDateInRange(d)).map((d) => `"${d}" is not a date from ${DATE_RANGE_TEXT}`);
    const range = problems.length ? {} : { ...(q.from && { from: q.from }), ...(q.to && { to: q.to }) };
    const view = await daysOverview(kit.deps.sync, tenantId, { locationId: chosen.id, ...range, readBack: true });
    let preview: PreviewView | null = null;
    const mode = first(request.query.mode);
    const cutover = first(request.query.cutover);
    if (first(request.query.preview) !== '' && isMode(mode)) {
      if (!isDateInRange(cutover)) preview = { mode, from: cutover, effects: [], problems: [`"${cutover}" is not a date from ${DATE_RANGE_TEXT}`] };
      else {
        const p = await kit.deps.sync.days.previewMode(tenantId, chosen.id, { mode, from: cutover });
        preview = { mode, from: cutover, effects: switchEffects(p, chosen.timeZone), problems: p.refused ? [p.refused] : [] };
      }
    }
    return sendHtml(reply, problems.length ? 422 : 200, kit.render('days', {
      ...layout, styles: ['days.css'],
      page: buildDaysView({ view, locations, range: q, problems, preview, connected: chosen.connectionId !== null && chosen.enabled }),
    }));
  });

  app.post('/days/mode', async (request, reply) => {
    const { tenantId, locationId, back } = target(request);
    const mode = field(request, 'mode');
    const from = field(request, 'cutover');
    if (!isMode(mode)) {
      flash(kit, request, reply, { kind: 'error', text: 'Choose line-by-line or daily summary.' });
      return reply.redirect(back, 303);
    }
    try {
      await kit.deps.sync.days.setMode(tenantId, locationId, { mode, from, savedBy: sessionOf(request).user.email });
      flash(kit, request, reply, { kind: 'success', text: `Saved: ${locationId} posts ${mode === 'summary' ? 'one daily summary per day' : 'line-by-line'} from ${from} on.` });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `The switch was not saved: ${describeFailure(err)}` });
    }
    return reply.redirect(back, 303);
  });
  dayActions(app, kit);
}

/** "Sync now", "Resync" and "Repost this day": runs queued for the location's days. */
function dayActions(app: FastifyInstance, kit: PageKit): void {
  app.post('/days/sync', async (request, reply) => {
    const { tenantId, locationId, back } = target(request);
    try {
      const { runId } = await kit.deps.sync.syncNow(tenantId, { locationId });
      flash(kit, request, reply, { kind: 'success', text: `Sync now: run ${runId} posts every day of ${locationId} that is over and not posted or out of date.`,
        link: { href: `/quickbooks?location=${encodeURIComponent(locationId)}&run=${runId}#progress`, label: `Follow the progress of run ${runId}` } });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Sync did not start: ${describeFailure(err)}` });
    }
    return reply.redirect(back, 303);
  });

  app.post('/days/requeue', async (request, reply) => {
    const { tenantId, locationId, back } = target(request);
    const which = field(request, 'action') === 'repost' ? 'repost' : 'resync';
    const date = field(request, 'date');
    try {
      const by = sessionOf(request).user.email;
      const r = which === 'repost' ? await kit.deps.sync.days.repost(tenantId, locationId, date, by) : await kit.deps.sync.days.resync(tenantId, locationId, [date], by);
      const words = which === 'repost' ? 'Repost this day' : 'Resync';
      flash(kit, request, reply, r.queued.length
        ? { kind: 'success', text: `${words}: ${date} is queued${r.runId ? ` in run ${r.runId}` : ' (the location is not connected: it posts once it is)'}.` }
        : { kind: 'info', text: `${words}: ${date} was left alone (${r.ignored[0]?.reason ?? 'nothing to do'}).` });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Nothing was queued: ${describeFailure(err)}` });
    }
    return reply.redirect(back, 303);
  });
}

/** The location a form acts on (the service answers another tenant's as unknown) and where to go back. */
function target(request: FastifyRequest): { tenantId: string; locationId: string; back: string } {
  const locationId = field(request, 'location');
  return { tenantId: sessionOf(request).user.tenantId, locationId, back: daysUrl(locationId) };
}
