/**
 * Summary mode over JSON (summary-rules §1, §6), for scripts and the pages alike:
 *   GET  /api/v1/locations/:id/posting-mode                    → PostingModeView
 *   POST /api/v1/locations/:id/posting-mode/preview {mode, from} → ModeSwitchPreview + effects (nothing saved)
 *   PUT  /api/v1/locations/:id/posting-mode {mode, from}         → PostingModeView (422 when the preview refuses it)
 *   GET  /api/v1/locations/:id/days?from=&to=&check=             → {days}: totals, state, documents, reconciliation read back
 *   POST /api/v1/locations/:id/days/resync {dates}               → DayActionOutcome
 *   POST /api/v1/locations/:id/days/:date/repost                 → DayActionOutcome
 *   GET  /api/v1/locations/:id/days/:date/history                → {events}: the day's history, oldest first
 * An API key or a signed-in session; another tenant's location answers as a missing one (404).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatPath } from '../../domain/ticket-schema.js';
import { getLocation } from '../../store/locations.js';
import { daysOverview, switchEffects } from '../../sync/index.js';
import type { SyncService } from '../../sync/index.js';
import { HttpError } from '../errors.js';
import { tenantOf } from './auth.js';
import type { ApiOperation } from './openapi.js';
import type { Db } from '../../store/index.js';

export interface DaysApiOptions {
  db: Db;
  sync: SyncService;
  guard: (request: never, reply: never) => Promise<unknown>;
}

const date = z.iso.date();
const modeBody = z.object({ mode: z.enum(['line-by-line', 'summary']), from: date }).strict();
const daysQuery = z.object({ from: date.optional(), to: date.optional(), check: z.enum(['true', 'false']).default('true') }).strict();
const resyncBody = z.object({ dates: z.array(date).min(1).max(366) }).strict();
const BASE = '/api/v1/locations/:id';

export const daysApiOperations: ApiOperation[] = [
  { method: 'get', path: `${BASE}/posting-mode`, summary: 'The location\'s posting mode, its cut-over date and every cut-over saved.', responses: { 200: 'the mode', 404: 'no such location' } },
  { method: 'post', path: `${BASE}/posting-mode/preview`, summary: 'What switching the posting mode from a business date would do; nothing is saved.', body: modeBody,
    responses: { 200: 'counts, sentences, and `refused` when it cannot be saved', 404: 'no such location', 422: 'not a date' } },
  { method: 'put', path: `${BASE}/posting-mode`, summary: 'Switch the posting mode from a business date (summary: one daily summary per day).', body: modeBody,
    responses: { 200: 'the mode now', 404: 'no such location', 422: 'refused (e.g. switching back before a day already summarised)' } },
  { method: 'get', path: `${BASE}/days`, summary: 'Summary days, newest first: POS totals, state, QuickBooks documents and the reconciliation read back (check=false: no read).',
    query: daysQuery, responses: { 200: '{days, readBack}', 404: 'no such location' } },
  { method: 'post', path: `${BASE}/days/resync`, summary: 'Resync skipped days (e.g. once the books are reopened).', body: resyncBody, responses: { 200: 'what was queued and what was left alone' } },
  { method: 'post', path: `${BASE}/days/:date/repost`, summary: '"Repost this day": the POS totals replace a day changed in QuickBooks.', responses: { 200: 'what was queued and what was left alone' } },
  { method: 'get', path: `${BASE}/days/:date/history`, summary: 'What happened to a summary day, oldest first: posts (rN, documents), skips, changes in QuickBooks, undo, resync, repost.',
    responses: { 200: '{locationId, date, events}', 404: 'no such location', 422: 'not a date' } },
];

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HttpError(422, `the ${what} is not valid`, r.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })));
  return r.data;
}

export async function daysApi(app: FastifyInstance, opts: DaysApiOptions): Promise<void> {
  const guard = { preHandler: opts.guard as never };
  const own = async (tenantId: string, id: string) => {
    const l = await getLocation(opts.db, tenantId, id);
    if (!l) throw new HttpError(404, `no location "${id}"`);
    return l;
  };
  type P = { Params: { id: string; date?: string } };
  app.get<P>(`${BASE}/posting-mode`, guard, async (request) => opts.sync.days.mode(tenantOf(request), (await own(tenantOf(request), request.params.id)).id));
  app.post<P>(`${BASE}/posting-mode/preview`, guard, async (request) => {
    const l = await own(tenantOf(request), request.params.id);
    const p = await opts.sync.days.previewMode(tenantOf(request), l.id, parse(modeBody, request.body, 'request'));
    return { ...p, effects: switchEffects(p, l.timeZone) };
  });
  app.put<P>(`${BASE}/posting-mode`, guard, async (request) => {
    const l = await own(tenantOf(request), request.params.id);
    return opts.sync.days.setMode(tenantOf(request), l.id, { ...parse(modeBody, request.body, 'request'), savedBy: request.session?.user.email ?? 'api' });
  });
  app.get<P>(`${BASE}/days`, guard, async (request) => {
    const l = await own(tenantOf(request), request.params.id);
    const q = parse(daysQuery, request.query, 'query');
    const { days, readBack } = await daysOverview(opts.sync, tenantOf(request), { locationId: l.id, ...(q.from && { from: q.from }), ...(q.to && { to: q.to }), readBack: q.check === 'true' });
    return { locationId: l.id, days, readBack };
  });
  app.post<P>(`${BASE}/days/resync`, guard, async (request) => {
    const l = await own(tenantOf(request), request.params.id);
    return opts.sync.days.resync(tenantOf(request), l.id, parse(resyncBody, request.body, 'request').dates, request.session?.user.email ?? 'api');
  });
  app.post<P>(`${BASE}/days/:date/repost`, guard, async (request) => {
    const l = await own(tenantOf(request), request.params.id);
    return opts.sync.days.repost(tenantOf(request), l.id, parse(date, request.params.date, 'date'), request.session?.user.email ?? 'api');
  });
  app.get<P>(`${BASE}/days/:date/history`, guard, async (request) => {
    const l = await own(tenantOf(request), request.params.id);
    const day = parse(date, request.params.date, 'date');
    return { locationId: l.id, date: day, events: await opts.sync.days.history(tenantOf(request), l.id, day) };
  });
}
