/**
 * The sync over JSON, for scripts and for the pages' own progress polling:
 *   POST /api/v1/sync    {locationId?, connectionId?}           → 202 {runId}
 *   POST /api/v1/resync  {tickets: [{locationId, ticketId}]}    → 200 ResyncOutcome
 *   GET  /api/v1/runs?locationId=&limit=                        → {runs}
 *   GET  /api/v1/runs/:id                                       → {run} | 404
 *   GET  /api/v1/quickbooks/usage                               → UsageView (metered reads this month against the budget)
 * An API key or a signed-in session; everything inside the caller's tenant. Another tenant's
 * run, location or ticket is answered exactly like one that does not exist. What the sync
 * refuses (a location not connected yet) is answered by its code (web/errors.ts), never a 500.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatPath } from '../../domain/ticket-schema.js';
import { getLocation } from '../../store/locations.js';
import type { Db } from '../../store/index.js';
import { existingTicketKeys } from '../../store/ticket-pages.js';
import { ticketKey } from '../../domain/ticket.js';
import type { SyncService } from '../../sync/index.js';
import { HttpError } from '../errors.js';
import { tenantOf } from './auth.js';
import type { ApiOperation } from './openapi.js';

export interface SyncApiOptions {
  db: Db;
  sync: SyncService;
  guard: (request: never, reply: never) => Promise<unknown>;
}

const syncBody = z.object({
  locationId: z.string().min(1).max(64).optional(),
  connectionId: z.number().int().positive().optional(),
}).strict();

const resyncBody = z.object({
  tickets: z.array(z.object({ locationId: z.string().min(1).max(64), ticketId: z.string().min(1).max(200) }).strict()).min(1).max(1000),
}).strict();

const runsQuery = z.object({
  locationId: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const syncApiOperations: ApiOperation[] = [
  { method: 'post', path: '/api/v1/sync', summary: 'Sync now: a location, a connection, or every connected location.', body: syncBody,
    responses: { 202: 'started; the Location header is the run', 404: 'no such location or connection', 409: 'not connected to QuickBooks yet' },
    answer: z.object({ runId: z.number().int() }) },
  { method: 'post', path: '/api/v1/resync', summary: 'Post these tickets again (after a fix in QuickBooks or in the mapping).', body: resyncBody,
    description: 'A ticket of another tenant, or none, is answered in `ignored` with "no such ticket".', responses: { 200: 'what was queued and what was ignored, and why' } },
  { method: 'get', path: '/api/v1/quickbooks/usage', summary: 'Metered QuickBooks reads this month against the budget.', responses: { 200: 'the usage' } },
  { method: 'get', path: '/api/v1/runs', summary: 'The latest runs, newest first.', query: runsQuery, responses: { 200: '{runs}', 404: 'no such location' } },
  { method: 'get', path: '/api/v1/runs/:id', summary: 'One run: its status and counts (the pages poll it while it runs).', responses: { 200: '{run}', 404: 'no such run' } },
];

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HttpError(422, `the ${what} is not valid`, r.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })));
  return r.data;
}

export async function syncApi(app: FastifyInstance, opts: SyncApiOptions): Promise<void> {
  const guard = { preHandler: opts.guard as never };
  const ownLocation = async (tenantId: string, id: string | undefined) => {
    if (id !== undefined && !(await getLocation(opts.db, tenantId, id))) throw new HttpError(404, `no location "${id}"`);
  };

  app.post('/api/v1/sync', guard, async (request, reply) => {
    const tenantId = tenantOf(request);
    const body = parse(syncBody, request.body, 'request');
    await ownLocation(tenantId, body.locationId);
    if (body.connectionId !== undefined && !(await opts.sync.connections(tenantId)).some((c) => c.id === body.connectionId)) {
      throw new HttpError(404, `no connection ${body.connectionId}`);
    }
    const { runId } = await opts.sync.syncNow(tenantId, body);
    return reply.status(202).header('location', `/api/v1/runs/${runId}`).send({ runId });
  });

  app.post('/api/v1/resync', guard, async (request) => {
    const tenantId = tenantOf(request);
    const { tickets } = parse(resyncBody, request.body, 'request');
    const known = await existingTicketKeys(opts.db, tenantId, tickets);
    const mine = tickets.filter((t) => known.has(ticketKey(t.locationId, t.ticketId)));
    const outcome = mine.length ? await opts.sync.resync(tenantId, mine) : { queued: [], ignored: [], runId: null };
    const unknown = tickets.filter((t) => !known.has(ticketKey(t.locationId, t.ticketId))).map((t) => ({ ...t, reason: 'no such ticket' }));
    return { ...outcome, ignored: [...outcome.ignored, ...unknown] };
  });

  app.get('/api/v1/quickbooks/usage', guard, async (request) => opts.sync.usage(tenantOf(request)));

  app.get('/api/v1/runs', guard, async (request) => {
    const tenantId = tenantOf(request);
    const q = parse(runsQuery, request.query, 'query');
    await ownLocation(tenantId, q.locationId);
    return { runs: await opts.sync.recentRuns(tenantId, { locationId: q.locationId, limit: q.limit }) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/runs/:id', guard, async (request) => {
    const id = Number(request.params.id);
    const run = Number.isSafeInteger(id) && id > 0 ? await opts.sync.run(tenantOf(request), id) : null;
    if (!run) throw new HttpError(404, `no run ${request.params.id}`);
    return { run };
  });
}
