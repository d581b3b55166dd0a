/**
 * POST /api/v1/drawer-operations and POST /api/v1/payouts (records-format.md): the POS's
 * other records, taken exactly as tickets are (one, an array of up to 1,000, or NDJSON; each
 * checked on its own; the answer has an outcome per record, in order: 200 when none was
 * refused, 207 when some were, 422 when all were). They are registered in the tickets' scope,
 * so they share its body parsers, its key guard and its rate limits.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { drawerOperationSchema } from '../../domain/drawer-operation.js';
import { payoutSchema } from '../../domain/payout.js';
import { summarise } from '../../intake/take-records.js';
import type { IntakeEntry, IntakeOptions, IntakeResult } from '../../intake/take-records.js';
import { takeDrawerOperations } from '../../intake/take-drawer-operations.js';
import { takePayouts } from '../../intake/take-payouts.js';
import type { Db } from '../../store/index.js';
import { tenantOf } from './auth.js';
import { MAX_BATCH, entriesOf, intakeAnswer, present } from './intake-http.js';
import type { ApiOperation } from './openapi.js';

type Take = (db: Db, tenantId: string, entries: readonly IntakeEntry[], opts: IntakeOptions) => Promise<IntakeResult[]>;

interface RecordRoute { path: string; noun: string; plural: string; schema: z.ZodType; take: Take; more?: string }

const ROUTES: RecordRoute[] = [
  { path: '/api/v1/drawer-operations', noun: 'drawer operation', plural: 'drawer operations', schema: drawerOperationSchema, take: takeDrawerOperations,
    more: 'Named by location and id; dated by `at` in the location\'s time zone.' },
  { path: '/api/v1/payouts', noun: 'payout', plural: 'payouts', schema: payoutSchema, take: takePayouts,
    more: 'Named by processor and id; `net = gross − fees + adjustments` is checked; the processor must be one the mapping turned payouts on for.' },
];

export const recordsApiOperations: ApiOperation[] = ROUTES.map((r) => ({
  method: 'post', path: r.path, summary: `Send ${r.plural}: one, a batch (a JSON array), or NDJSON (one ${r.noun} a line).`,
  description: `Each ${r.noun} is checked on its own, so one bad ${r.noun} never costs a batch; at most ${MAX_BATCH} a request. ${r.more ?? ''}`.trim(),
  body: z.union([r.schema, z.array(r.schema).min(1).max(MAX_BATCH)]),
  extraBodyTypes: { 'application/x-ndjson': { schema: { type: 'string', description: `one ${r.noun} object a line` } } },
  responses: { 200: `every ${r.noun} taken or unchanged`, 207: 'some refused (see each result)', 400: `the body is not a ${r.noun}, a batch or NDJSON`,
    413: `more than ${MAX_BATCH} ${r.plural}`, 415: 'not JSON or NDJSON', 422: `every ${r.noun} refused`, 429: 'too many requests for this key' },
  answer: intakeAnswer,
}));

export interface RecordsRouteOptions {
  db: Db;
  guard: (request: never, reply: never) => Promise<unknown>;
  rateLimit?: object;
  onRequest?: (request: never, reply: never) => Promise<unknown>;
}

/** The routes, in a scope whose content-type parsers hand the body over as text. */
export function recordsRoutes(app: FastifyInstance, opts: RecordsRouteOptions): void {
  for (const r of ROUTES) {
    app.post(r.path, {
      preHandler: opts.guard as never,
      ...(opts.onRequest && { onRequest: [opts.onRequest] as never }),
      ...(opts.rateLimit && { config: { rateLimit: opts.rateLimit } }),
    }, async (request, reply) => {
      const tenantId = tenantOf(request);
      const entries = entriesOf(String(request.body ?? ''), request.headers['content-type'] ?? '', r.noun);
      const results = await r.take(opts.db, tenantId, entries, { log: request.log });
      const summary = summarise(results);
      const status = summary.refused === 0 ? 200 : summary.refused === results.length ? 422 : 207;
      return reply.status(status).send({ summary, results: results.map(present) });
    });
  }
}
