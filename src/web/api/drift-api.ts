/**
 * Changes made in QuickBooks (issue 16) over HTTP:
 *   POST /api/v1/quickbooks/webhooks                           QuickBooks' signed notifications (public: the signature is the credential)
 *   GET  /api/v1/tickets/changed-in-quickbooks                 → {tickets} changed in QuickBooks, with what changed
 *   POST /api/v1/tickets/:locationId/:ticketId/repost          → {ticket} pending, {runId} of the run rewriting it
 *   POST /api/v1/tickets/:locationId/:ticketId/accept          → {ticket} posted again, as QuickBooks now holds it
 *
 * The webhook is verified before anything is read from it: `intuit-signature` must be the
 * base64 HMAC-SHA256 of the raw body under the app's verifier token (Intuit's webhooks documentation);
 * otherwise 401 and nothing is stored. A verified one is stored and answered at once (the
 * checks run in the company's queue), well within Intuit's 3 seconds.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SyncService } from '../../sync/index.js';
import { HttpError } from '../errors.js';
import { tenantOf } from './auth.js';
import type { ApiOperation } from './openapi.js';

export const WEBHOOK_PATH = '/api/v1/quickbooks/webhooks';

export interface DriftApiOptions {
  sync: SyncService;
  guard: (request: never, reply: never) => Promise<unknown>;
  /** The app's verifier token (Config.qbo.webhookVerifierToken); undefined: every notification is refused. */
  verifierToken: string | undefined;
}

const changedQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });
const choiceAnswer = z.object({ ticket: z.object({ locationId: z.string(), ticketId: z.string(), state: z.enum(['pending', 'posted']) }), runId: z.number().int().nullable() });

export const driftApiOperations: ApiOperation[] = [
  { method: 'post', path: WEBHOOK_PATH, summary: 'QuickBooks webhook notifications (for Intuit, not for scripts).',
    description: 'Signed by QuickBooks: `intuit-signature` is the base64 HMAC-SHA256 of the raw body with the app\'s verifier token (QBO_WEBHOOK_VERIFIER_TOKEN). '
      + 'CloudEvents array or the legacy `eventNotifications` body. No API key or session: the signature is the credential.',
    responses: { 200: 'stored; the changes are checked in the background', 400: 'the body is not JSON', 401: 'the signature is missing or does not match' } },
  { method: 'get', path: '/api/v1/tickets/changed-in-quickbooks', summary: 'Tickets whose documents were edited, voided or deleted in QuickBooks.', query: changedQuery,
    responses: { 200: '{tickets}: each with what changed (document, edited/voided/deleted, when noticed)' } },
  { method: 'post', path: '/api/v1/tickets/:locationId/:ticketId/repost', summary: 'Repost a ticket changed in QuickBooks: rewritten from its current version and mapping.',
    responses: { 202: 'queued; runId is the run rewriting it', 404: 'no such ticket', 422: 'the ticket is not changed in QuickBooks' }, answer: choiceAnswer },
  { method: 'post', path: '/api/v1/tickets/:locationId/:ticketId/accept', summary: 'Accept a ticket changed in QuickBooks as QuickBooks now holds it.',
    responses: { 200: 'posted again', 404: 'no such ticket', 422: 'the ticket is not changed in QuickBooks' }, answer: choiceAnswer },
];

/** True when `signature` is the notification's HMAC under the token (compared in constant time). */
export function validSignature(raw: string, signature: string | undefined, token: string | undefined): boolean {
  if (!token || !signature) return false;
  const expected = createHmac('sha256', token).update(raw, 'utf8').digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type TicketParams = { Params: { locationId: string; ticketId: string } };

export async function driftApi(app: FastifyInstance, opts: DriftApiOptions): Promise<void> {
  const guard = { preHandler: opts.guard as never };
  await app.register(async (hooks) => webhookRoute(hooks, opts));

  app.get('/api/v1/tickets/changed-in-quickbooks', guard, async (request) => {
    const q = changedQuery.safeParse(request.query ?? {});
    if (!q.success) throw new HttpError(422, 'the query is not valid');
    return { tickets: await opts.sync.changedTickets(tenantOf(request), { limit: q.data.limit }) };
  });
  const who = (request: FastifyRequest) => request.session?.user.email ?? (request.apiKeyId !== undefined ? `API key ${request.apiKeyId}` : null);
  app.post<TicketParams>('/api/v1/tickets/:locationId/:ticketId/repost', guard, async (request, reply) => {
    const { runId, ...ticket } = await opts.sync.repostTicket(tenantOf(request), request.params, who(request));
    return reply.status(202).header('location', `/api/v1/runs/${runId}`).send({ ticket, runId });
  });
  app.post<TicketParams>('/api/v1/tickets/:locationId/:ticketId/accept', guard, async (request) => {
    const { runId, ...ticket } = await opts.sync.acceptTicketAsIs(tenantOf(request), request.params, who(request));
    return { ticket, runId };
  });
}

/** In a scope of its own: the body is kept as the raw text the signature was computed over. */
async function webhookRoute(app: FastifyInstance, opts: DriftApiOptions): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 1_048_576 }, (_request, body, done) => done(null, body));
  app.post(WEBHOOK_PATH, async (request, reply) => {
    const raw = typeof request.body === 'string' ? request.body : '';
    const signature = request.headers['intuit-signature'];
    if (!validSignature(raw, typeof signature === 'string' ? signature : undefined, opts.verifierToken)) {
      request.log.warn(opts.verifierToken ? 'a QuickBooks webhook with a bad signature was refused' : 'a QuickBooks webhook was refused: QBO_WEBHOOK_VERIFIER_TOKEN is not set');
      return reply.status(401).send({ error: 'the intuit-signature header does not sign this body with our verifier token' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return reply.status(400).send({ error: 'the notification is not JSON' });
    }
    const { stored } = await opts.sync.receiveQuickBooksChanges(body);
    return { ok: true, stored };
  });
}
