/**
 * The accountant's mapping over JSON (docs/mapping.md), per QuickBooks connection:
 *   GET  /api/v1/connections/:id/mapping                      → MappingView
 *   PUT  /api/v1/connections/:id/mapping   {mapping, revision} → {revision} | 422 {details} | 409 stale
 *   GET  /api/v1/connections/:id/mapping/names?days=30        → {names: PosNameSeen[]}
 *   GET  /api/v1/connections/:id/company-lists?refresh=1      → CompanyLists
 *   POST /api/v1/connections/:id/mapping/targets {role, posName, what?} → 201 {target}
 *   GET  /api/v1/connections/:id/mapping/export               → MappingExport
 *   POST /api/v1/connections/:id/mapping/import?save=1&allowMissing=1  (an export) → ImportResult
 *   POST /api/v1/connections/:id/mapping/apply/preview {from, to}     → ApplyPreview
 *   POST /api/v1/connections/:id/mapping/apply {from, to}     → 202 {runId, tickets}
 * An API key or a signed-in session; another tenant's connection answers as a missing one. Every
 * check is the MappingService's, so the page, this API and the CLI refuse the same things; a
 * refusal is a 422 whose `details` name each field, the value sent and why.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { MappingFieldError } from '../../domain/account-mapping.js';
import { formatPath } from '../../domain/ticket-schema.js';
import { DATE_RANGE_TEXT, isDateInRange } from '../../domain/business-date.js';
import { isServiceError } from '../../sync/index.js';
import type { SyncService } from '../../sync/index.js';
import { HttpError } from '../errors.js';
import { tenantOf } from './auth.js';
import type { ApiOperation } from './openapi.js';

export interface MappingApiOptions {
  sync: SyncService;
  guard: (request: never, reply: never) => Promise<unknown>;
}

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const date = z.string().refine(isDateInRange, { error: `must be a date YYYY-MM-DD from ${DATE_RANGE_TEXT}` });
const putBody = z.object({ mapping: z.unknown().refine((m) => m !== undefined, { error: 'send the mapping' }), revision: z.number().int().min(0) }).strict();
const namesQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).strict();
const listsQuery = z.object({ refresh: flag.default(false) }).strict();
const importQuery = z.object({ save: flag.default(false), allowMissing: flag.default(false), revision: z.coerce.number().int().min(0).optional() }).strict();
const rangeBody = z.object({ from: date, to: date }).strict().refine((r) => r.from <= r.to, { error: '`from` must not be after `to`', path: ['to'] });
const targetBody = z.object({
  role: z.enum(['category', 'method', 'tax', 'discount', 'special', 'drawer', 'processor', 'location']),
  posName: z.string().min(1).max(200),
  what: z.enum(['account', 'class', 'department']).optional(),
}).strict();

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) {
    throw new HttpError(422, `the ${what} is not valid`, r.error.issues.map((i) => ({ field: formatPath(i.path), message: i.message })));
  }
  return r.data;
}

/** The mapping's refusals as the API's field errors. */
function refused(errors: MappingFieldError[]): HttpError {
  return new HttpError(422, 'the mapping is not valid', errors.map((e) => ({ field: e.path, ...(e.value !== undefined && { value: e.value }), message: e.message })));
}

type WithId = { Params: { id: string } };
const BASE = '/api/v1/connections/:id';

const refusal = 'not valid: `details` names each field, the value sent and why';
export const mappingApiOperations: ApiOperation[] = [
  { method: 'get', path: `${BASE}/mapping`, summary: 'The mapping of a QuickBooks connection, with its revision.', responses: { 200: 'the mapping', 404: 'no such connection' } },
  { method: 'put', path: `${BASE}/mapping`, summary: 'Save the mapping (send the revision you read).', body: putBody,
    responses: { 200: '{revision}', 404: 'no such connection', 409: 'someone saved since you read it (code STALE)', 422: refusal } },
  { method: 'get', path: `${BASE}/mapping/names`, summary: 'The POS names seen in the last days, and whether each is mapped.', query: namesQuery,
    responses: { 200: '{names}', 404: 'no such connection', 422: refusal } },
  { method: 'get', path: `${BASE}/company-lists`, summary: 'The company\'s accounts, items, payment methods, classes and departments.', query: listsQuery,
    responses: { 200: 'the lists', 404: 'no such connection', 422: refusal } },
  { method: 'post', path: `${BASE}/mapping/targets`, summary: 'Create a record in QuickBooks for a POS name.', body: targetBody,
    responses: { 201: '{target}', 404: 'no such connection', 422: refusal } },
  { method: 'get', path: `${BASE}/mapping/export`, summary: 'The mapping as a file, with names, for another company or for keeping.', responses: { 200: 'the export (an attachment)', 404: 'no such connection' } },
  { method: 'post', path: `${BASE}/mapping/import`, summary: 'Check an export against this company, and save it with save=1.', query: importQuery,
    description: 'The body is a file made by the export.', responses: { 200: 'what matched and what is missing', 404: 'no such connection', 409: 'stale revision', 422: refusal } },
  { method: 'post', path: `${BASE}/mapping/apply/preview`, summary: 'What applying the mapping to posted tickets of a date range would change.', body: rangeBody,
    responses: { 200: 'tickets and documents changing, money moving', 404: 'no such connection', 422: refusal } },
  { method: 'post', path: `${BASE}/mapping/apply`, summary: 'Apply the mapping to posted tickets of a date range.', body: rangeBody,
    responses: { 202: '{runId, tickets}: a run started', 200: 'nothing to change (runId null)', 404: 'no such connection', 422: refusal } },
];

function connectionOf(raw: string): number {
  const id = Number(raw);
  if (!/^[1-9][0-9]{0,15}$/.test(raw) || !Number.isSafeInteger(id)) throw new HttpError(404, `no connection ${raw}`);
  return id;
}

/** Who saved: the signed-in user, or the API key's number. */
function savedBy(request: FastifyRequest): string | null {
  return request.session?.user.email ?? (request.apiKeyId !== undefined ? `api key ${request.apiKeyId}` : null);
}

export async function mappingApi(app: FastifyInstance, opts: MappingApiOptions): Promise<void> {
  readRoutes(app, opts);
  writeRoutes(app, opts);
}

function readRoutes(app: FastifyInstance, opts: MappingApiOptions): void {
  const guard = { preHandler: opts.guard as never };
  const service = opts.sync.mapping;

  app.get<WithId>(`${BASE}/mapping`, guard, async (request) => service.mapping(tenantOf(request), connectionOf(request.params.id)));

  app.get<WithId>(`${BASE}/mapping/names`, guard, async (request) => {
    const q = parse(namesQuery, request.query, 'query');
    return { names: await service.posNamesSeen(tenantOf(request), connectionOf(request.params.id), { days: q.days }) };
  });

  app.get<WithId>(`${BASE}/company-lists`, guard, async (request) => {
    const q = parse(listsQuery, request.query, 'query');
    return service.companyLists(tenantOf(request), connectionOf(request.params.id), { refresh: q.refresh });
  });

  app.get<WithId>(`${BASE}/mapping/export`, guard, async (request, reply) => {
    const doc = await service.exportMapping(tenantOf(request), connectionOf(request.params.id));
    return reply.header('content-disposition', `attachment; filename="mapping-${request.params.id}.json"`).send(doc);
  });

  app.post<WithId>(`${BASE}/mapping/apply/preview`, guard, async (request) => {
    const range = parse(rangeBody, request.body, 'range');
    return service.previewApply(tenantOf(request), connectionOf(request.params.id), range);
  });
}

function writeRoutes(app: FastifyInstance, opts: MappingApiOptions): void {
  const guard = { preHandler: opts.guard as never };
  const service = opts.sync.mapping;

  app.put<WithId>(`${BASE}/mapping`, guard, async (request) => {
    const body = parse(putBody, request.body, 'request');
    const result = await service.saveMapping(tenantOf(request), connectionOf(request.params.id), body.mapping,
      { expectedRevision: body.revision, by: savedBy(request) });
    if (!result.ok) throw refused(result.errors);
    return { revision: result.revision };
  });

  app.post<WithId>(`${BASE}/mapping/targets`, guard, async (request, reply) => {
    const body = parse(targetBody, request.body, 'request');
    const target = await service.createTarget(tenantOf(request), connectionOf(request.params.id), body);
    return reply.status(201).send({ target });
  });

  app.post<WithId>(`${BASE}/mapping/import`, guard, async (request) => {
    const q = parse(importQuery, request.query, 'query');
    return service.importMapping(tenantOf(request), connectionOf(request.params.id), request.body, {
      save: q.save, allowMissing: q.allowMissing, ...(q.revision !== undefined && { expectedRevision: q.revision }), by: savedBy(request),
    }).catch((err: unknown) => {
      // An export that is not one: the same 422 and field errors as a PUT.
      throw isServiceError(err) && err.code === 'INVALID' && Array.isArray(err.details) ? refused(err.details as MappingFieldError[]) : err;
    });
  });

  app.post<WithId>(`${BASE}/mapping/apply`, guard, async (request, reply) => {
    const range = parse(rangeBody, request.body, 'range');
    const result = await service.applyToPosted(tenantOf(request), connectionOf(request.params.id), range);
    return reply.status(result.runId === null ? 200 : 202).send(result);
  });
}
