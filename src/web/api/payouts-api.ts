/**
 * Processor payouts' clearing accounts over JSON (issue 15 item 4), for scripts and the page alike:
 *   GET /api/v1/payouts/clearing?processor=                       → ClearingOverview: per processor, tenders in,
 *                                                                  payouts out, the balance in transit by date, warnings
 *   PUT /api/v1/payouts/processors/:processor/usual-delay {days}   → the processor's usual payout delay, saved
 *   POST /api/v1/payouts/processors/:processor/payouts/:id/repost  → {payout, runId}: "Repost this payout"
 * An API key or a signed-in session; only the caller's tenant is ever read or written.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MAX_USUAL_DELAY_DAYS } from '../../domain/clearing-balance.js';
import { formatPath } from '../../domain/ticket-schema.js';
import { clearingJson } from '../../sync/index.js';
import type { SyncService } from '../../sync/index.js';
import { HttpError } from '../errors.js';
import { tenantOf } from './auth.js';
import type { ApiOperation } from './openapi.js';

export interface PayoutsApiOptions {
  sync: SyncService;
  guard: (request: never, reply: never) => Promise<unknown>;
}

const clearingQuery = z.object({ processor: z.string().min(1).max(64).optional() }).strict();
const delayBody = z.object({ days: z.number().int().min(0).max(MAX_USUAL_DELAY_DAYS) }).strict();
const delayAnswer = z.object({ processor: z.string(), usualDelayDays: z.number().int() });

export const payoutsApiOperations: ApiOperation[] = [
  { method: 'get', path: '/api/v1/payouts/clearing', query: clearingQuery, answer: clearingJson,
    summary: 'Each processor\'s clearing account: card tenders in, payouts out, the balance in transit by date, and warnings (money older than the usual delay, a payout not matching the tenders it covers).',
    responses: { 200: 'the processors with payouts turned on', 404: 'no such processor with payouts turned on', 422: 'bad query' } },
  { method: 'put', path: '/api/v1/payouts/processors/:processor/usual-delay', body: delayBody, answer: delayAnswer,
    summary: 'Set a processor\'s usual delay between a sale and its payout (days, default 5): money in clearing longer than that is a warning.',
    responses: { 200: 'saved', 422: 'not a whole number of days from 0 to 60' } },
  { method: 'post', path: '/api/v1/payouts/processors/:processor/payouts/:id/repost',
    summary: '"Repost this payout": a payout skipped, or whose Deposit was changed or deleted in QuickBooks, is posted again with its figures (the Deposit rewritten in place, or made again); a run is queued.',
    responses: { 200: '{payout, runId}: the payout, pending again, and the run that posts it', 404: 'no such payout', 422: 'the payout is neither skipped nor changed in QuickBooks' } },
];

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HttpError(422, `the ${what} is not valid`, r.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })));
  return r.data;
}

export async function payoutsApi(app: FastifyInstance, opts: PayoutsApiOptions): Promise<void> {
  const guard = { preHandler: opts.guard as never };
  app.get('/api/v1/payouts/clearing', guard, async (request) => {
    const q = parse(clearingQuery, request.query, 'query');
    return opts.sync.payouts.clearing(tenantOf(request), q.processor !== undefined ? { processor: q.processor } : {});
  });
  app.put<{ Params: { processor: string } }>('/api/v1/payouts/processors/:processor/usual-delay', guard, async (request) => {
    const { days } = parse(delayBody, request.body, 'request');
    return opts.sync.payouts.setUsualDelay(tenantOf(request), request.params.processor, days, request.session?.user.email ?? 'api');
  });
  // The service queues the run and wakes the worker.
  app.post<{ Params: { processor: string; id: string } }>('/api/v1/payouts/processors/:processor/payouts/:id/repost', guard, async (request) =>
    opts.sync.payouts.repost(tenantOf(request), request.params.id, request.params.processor));
}
