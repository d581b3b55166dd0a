/**
 * POST /api/v1/tickets: one ticket (a JSON object) or a batch (an array of up to 1,000, or
 * NDJSON). Each ticket's own text is kept as received. The answer has an outcome per ticket,
 * in order: 200 when none was refused, 207 when some were, 422 when all were.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ticketSchema } from '../../domain/ticket-schema.js';
import { summarise, takeTickets } from '../../intake/take-tickets.js';
import type { Db } from '../../store/index.js';
import { tenantOf } from './auth.js';
import { MAX_BATCH, entriesOf, intakeAnswer, present } from './intake-http.js';
import type { ApiOperation } from './openapi.js';
import { recordsRoutes } from './records.js';

export { MAX_BATCH } from './intake-http.js';
// 1,000 tickets of a few kilobytes each, with room for long ones.
const BODY_LIMIT = 16 * 1024 * 1024;

export const ticketsApiOperations: ApiOperation[] = [{
  method: 'post', path: '/api/v1/tickets', summary: 'Send tickets: one, a batch (a JSON array), or NDJSON (one ticket a line).',
  description: `Each ticket is checked on its own, so one bad ticket never costs a batch; at most ${MAX_BATCH} tickets a request.`,
  body: z.union([ticketSchema, z.array(ticketSchema).min(1).max(MAX_BATCH)]),
  extraBodyTypes: { 'application/x-ndjson': { schema: { type: 'string', description: 'one ticket object a line' } } },
  responses: { 200: 'every ticket taken or unchanged', 207: 'some refused (see each result)', 400: 'the body is not a ticket, a batch or NDJSON',
    413: `more than ${MAX_BATCH} tickets`, 415: 'not JSON or NDJSON', 422: 'every ticket refused', 429: 'too many requests for this key' },
  answer: intakeAnswer,
}];

export interface TicketsApiOptions {
  db: Db;
  guard: (request: never, reply: never) => Promise<unknown>;
  /** Called after tickets were stored (the sync may want to react to edits). */
  /** @fastify/rate-limit options of the route (default: none, i.e. unlimited). */
  rateLimit?: object;
  /** A further check before anything else (the per-address limit). */
  onRequest?: (request: never, reply: never) => Promise<unknown>;
}

export async function ticketsApi(app: FastifyInstance, opts: TicketsApiOptions): Promise<void> {
  // This plugin's own parsers: the handler needs the text, not a parsed object.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/x-ndjson', 'text/plain'], { parseAs: 'string', bodyLimit: BODY_LIMIT },
    (_req, body, done) => done(null, body));

  app.post('/api/v1/tickets', {
    preHandler: opts.guard as never,
    ...(opts.onRequest && { onRequest: [opts.onRequest] as never }),
    ...(opts.rateLimit && { config: { rateLimit: opts.rateLimit } }),
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const entries = entriesOf(String(request.body ?? ''), request.headers['content-type'] ?? '');
    const results = await takeTickets(opts.db, tenantId, entries, { log: request.log });
    const summary = summarise(results);
    const status = summary.refused === 0 ? 200 : summary.refused === results.length ? 422 : 207;
    return reply.status(status).send({ summary, results: results.map(present) });
  });
  // The other POS records share this scope: its body parsers, key guard and rate limits.
  recordsRoutes(app, opts);
}
