/**
 * Repair over JSON (issue 16):
 *   POST /api/v1/sync/dry-run  {connectionId?, locationId?, from?, to?}            → 200 DryRunReport (reads only)
 *   POST /api/v1/undo/preview  {connectionId, locationIds?, from, to, mode?}       → 200 UndoPreview
 *   POST /api/v1/undo          {…the preview's range, confirm | confirmToken}      → 202 {runId, jobId, documents, tickets}
 *   GET  /api/v1/undo/:id                                                          → {job} | 404
 *   POST /api/v1/repost        {connectionId, locationIds?, from, to, tickets?, confirm?} → 202 {runId, tickets}
 *   GET  /api/v1/audit?limit=                                                      → {entries}
 * Undo and repost are destructive: a signed-in user, or an API key holding the `destructive`
 * scope (any other key is answered 403 and nothing happens), and the confirmation naming the
 * company (422 without it). Each is written to the audit log.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formatPath } from '../../domain/ticket-schema.js';
import type { Actor, SyncService } from '../../sync/index.js';
import { HttpError } from '../errors.js';
import { tenantOf } from './auth.js';
import type { ApiOperation } from './openapi.js';

export interface RepairApiOptions {
  sync: SyncService;
  guard: (request: never, reply: never) => Promise<unknown>;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');
const range = {
  connectionId: z.number().int().positive(),
  locationIds: z.array(z.string().min(1).max(64)).max(100).optional(),
  from: date,
  to: date,
};
const confirmation = { confirm: z.string().max(200).optional(), confirmToken: z.string().max(100).optional() };
const dryRunBody = z.object({ connectionId: z.number().int().positive().optional(), locationId: z.string().min(1).max(64).optional(),
  from: date.optional(), to: date.optional() }).strict();
const previewBody = z.object({ ...range, mode: z.enum(['pending', 'withheld']).optional() }).strict();
const undoBody = z.object({ ...range, mode: z.enum(['pending', 'withheld']).optional(), ...confirmation }).strict();
const repostBody = z.object({ ...range, ...confirmation,
  tickets: z.array(z.object({ locationId: z.string().min(1).max(64), ticketId: z.string().min(1).max(200) }).strict()).min(1).max(1000).optional() }).strict();
const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const DESTRUCTIVE = { 403: 'an API key without the `destructive` scope', 422: 'not confirmed: name the company (`confirm`) or send the preview\'s `confirmToken` (code CONFIRM)' };

export const repairApiOperations: ApiOperation[] = [
  { method: 'post', path: '/api/v1/sync/dry-run', summary: 'What a Sync now run would write (documents by kind, totals per day and account, set-up records), with nothing written.',
    body: dryRunBody, responses: { 200: 'the dry run', 404: 'no such location or connection', 409: 'not connected' } },
  { method: 'post', path: '/api/v1/undo/preview', summary: 'What an undo of a range would void or delete, and the money per day and store.', body: previewBody,
    responses: { 200: 'the preview, with the company the confirmation names and a confirmToken', 404: 'no such connection' } },
  { method: 'post', path: '/api/v1/undo', summary: 'Undo a range: every posted document of it voided or deleted, the tickets back to pending (or withheld).', body: undoBody,
    responses: { 202: 'queued; the Location header is the run', ...DESTRUCTIVE, 409: 'an undo of this company is already under way (code BUSY)' } },
  { method: 'get', path: '/api/v1/undo/:id', summary: 'One undo: its status and how many documents it voided or deleted.', responses: { 200: '{job}', 404: 'no such undo' } },
  { method: 'post', path: '/api/v1/repost', summary: 'Repost a range (confirmed) or chosen tickets: rewritten from their current version and mapping, in place.', body: repostBody,
    responses: { 202: 'queued (runId null when nothing was to repost)', ...DESTRUCTIVE } },
  { method: 'get', path: '/api/v1/audit', summary: 'The audit log of destructive actions, newest first.', query: auditQuery, responses: { 200: '{entries}' } },
];

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw new HttpError(422, `the ${what} is not valid`, r.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })));
  return r.data;
}

/** Who asks, for the audit log; refused (403) for an API key without the `destructive` scope. */
function destructiveActor(request: FastifyRequest): Actor {
  if (request.apiKeyId !== undefined) {
    if (!request.apiKeyScopes?.includes('destructive')) {
      throw new HttpError(403, 'this API key may not undo or repost: create one with the `destructive` scope (tillbooks api-key create NAME --scope destructive)');
    }
    return { actor: `api key #${request.apiKeyId}`, via: 'api-key' };
  }
  return { actor: request.session?.user.email ?? 'signed-in user', via: 'session' };
}

export async function repairApi(app: FastifyInstance, opts: RepairApiOptions): Promise<void> {
  const guard = { preHandler: opts.guard as never };
  const repair = opts.sync.repair;

  app.post('/api/v1/sync/dry-run', guard, async (request) => repair.dryRun(tenantOf(request), parse(dryRunBody, request.body, 'request')));
  app.post('/api/v1/undo/preview', guard, async (request) => repair.previewUndo(tenantOf(request), parse(previewBody, request.body, 'request')));

  app.post('/api/v1/undo', guard, async (request, reply) => {
    const tenantId = tenantOf(request);
    const who = destructiveActor(request);
    const started = await repair.undo(tenantId, parse(undoBody, request.body, 'request'), who);
    return reply.status(202).header('location', `/api/v1/runs/${started.runId}`).send(started);
  });

  app.get<{ Params: { id: string } }>('/api/v1/undo/:id', guard, async (request) => {
    const id = Number(request.params.id);
    const job = Number.isSafeInteger(id) && id > 0 ? await repair.undoJob(tenantOf(request), id) : null;
    if (!job) throw new HttpError(404, `no undo ${request.params.id}`);
    return { job };
  });

  app.post('/api/v1/repost', guard, async (request, reply) => {
    const tenantId = tenantOf(request);
    const who = destructiveActor(request);
    const started = await repair.repost(tenantId, parse(repostBody, request.body, 'request'), who);
    return reply.status(202).send(started);
  });

  app.get('/api/v1/audit', guard, async (request) => ({ entries: await repair.audit(tenantOf(request), parse(auditQuery, request.query, 'query').limit) }));
}
