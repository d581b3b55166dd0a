/**
 * QuickBooks' data API under /v3/company/{realmId}/: reads, queries, writes and batches, each
 * through the gate (auth, faults, throttles) and, for writes, requestid replay.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Refusal } from './api-gate.js';
import { admit, authenticate, injectedServerError, JSON_TYPE, resetConnection, sendRaw } from './api-gate.js';
import { batchItems, runBatch, writeItemCount } from './batch.js';
import { runCdc } from './cdc.js';
import { MalformedBody } from './body-parsers.js';
import type { Company } from './company.js';
import { logRequest } from './company.js';
import type { EntityDef } from './entity-registry.js';
import { defBySegment } from './entity-registry.js';
import type { Body } from './entity-store.js';
import { fault, isQboFault } from './errors.js';
import type { QboFault } from './errors.js';
import { notServed } from './fallback-routes.js';
import type { WriteOperation } from './operations.js';
import { countRead } from './metering.js';
import { quotaRefusal, readMeter } from './metering-gate.js';
import { performWrite, readOne } from './operations.js';
import { responseTime } from './qbo-time.js';
import { runReport } from './reports.js';
import { runQuery } from './query-exec.js';
import { MAX_BATCH_REQUEST_ID, MAX_REQUEST_ID } from './request-ids.js';
import type { SimState } from './sim-state.js';
import { faultsOf, limitsOf } from './sim-state.js';
import type { Faults, LoggedRequest } from './types.js';
import type { WriteContext } from './validate-common.js';
import { isPlainObject } from './validate-common.js';

type Query = Record<string, string | string[] | undefined>;
type ApiRequest = FastifyRequest<{ Params: { realmId: string; entity?: string; id?: string; report?: string }; Querystring: Query }>;

interface ApiCall {
  kind: 'read' | 'write' | 'batch';
  /** Share of the per-minute budget (a metered batch spends one per item too). */
  units: number;
  writeItems: number;
  batchItems?: number;
  /** A route the simulator does not serve answers its Fault whatever the client accepts (a PDF, say). */
  anyAccept?: boolean;
  run(ctx: WriteContext): Body;
}

const param = (q: Query, key: string): string | undefined => (Array.isArray(q[key]) ? q[key]?.[0] : (q[key] as string | undefined));

/** The entity of a URL segment; a segment the simulator does not serve is Intuit's "Unsupported Operation" (fallback-routes.ts). */
function entityDef(segment: string | undefined, url: string): EntityDef {
  const def = defBySegment(segment ?? '');
  if (!def) throw notServed(url);
  return def;
}

function answerOf(state: SimState, company: Company, call: ApiCall, include: string | undefined): Refusal {
  const now = state.clock.now();
  const ctx: WriteContext = {
    company, now, hidden: new Set(), meter: readMeter(state, company),
    notify: (entity, id, operation) => state.webhooks.notify({ realmId: company.realmId, entity, id, operation }),
    include: new Set((include ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)),
  };
  try {
    return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ ...call.run(ctx), time: responseTime(now) }) };
  } catch (e) {
    if (!isQboFault(e)) throw e;
    return { status: e.status, contentType: JSON_TYPE, body: JSON.stringify(e.toBody(now)) };
  }
}

function faultAnswer(state: SimState, e: QboFault): Refusal {
  return { status: e.status, contentType: JSON_TYPE, body: JSON.stringify(e.toBody(state.clock.now())) };
}

/** Injected latency, in real milliseconds (not clock time): it models the network and QuickBooks' work. */
async function pause(state: SimState, faults: Faults, call: ApiCall): Promise<void> {
  const latency = faults.latencyMs + (faults.latencyJitterMs > 0 ? state.random.next() * faults.latencyJitterMs : 0)
    + faults.latencyPerItemMs * (call.kind === 'batch' ? call.batchItems ?? 0 : 1);
  if (latency > 0) await sleep(latency);
}

/**
 * Resolves once the answer is handed to the socket, not when it has been flushed (a reply is a
 * thenable that waits for that): the caller then frees the request's concurrency slot, as
 * QuickBooks does when it answers. Waiting for the flush let a client that sends its next request
 * the moment an answer arrives meet a 429 with fewer than 10 of its requests in flight.
 */
async function writeFlow(state: SimState, company: Company, req: ApiRequest, reply: FastifyReply, call: ApiCall, faults: Faults): Promise<void> {
  const requestId = param(req.query, 'requestid');
  company.counters.writes += call.writeItems;
  if (requestId === undefined) company.counters.writesWithoutRequestId += call.writeItems;
  else {
    const max = call.kind === 'batch' ? MAX_BATCH_REQUEST_ID : MAX_REQUEST_ID;
    if (requestId === '' || requestId.length > max) return void sendRaw(reply, faultAnswer(state, fault.stringLength('requestid', max, requestId.length, 1)));
    const recorded = company.requestIds.recorded(requestId);
    if (recorded) {
      company.counters.replays += 1;
      return void sendRaw(reply, recorded);
    }
    if (!company.requestIds.begin(requestId)) return void sendRaw(reply, faultAnswer(state, fault.duplicateRequestId(requestId)));
  }
  let answer: Refusal | undefined;
  try {
    // The write is "in progress" for the whole latency: a retry with the same requestid meanwhile gets 600.
    await pause(state, faults, call);
    if (state.random.chance(faults.resetBeforeWriteRate)) {
      company.counters.resets += 1;
      return resetConnection(reply);
    }
    answer = answerOf(state, company, call, param(req.query, 'include'));
  } finally {
    if (requestId !== undefined) company.requestIds.finish(requestId, answer);
    // The write (and its remembered answer) is worth keeping across a restart.
    state.changed();
  }
  if (state.random.chance(faults.resetAfterCommitRate)) {
    company.counters.resets += 1;
    return resetConnection(reply);
  }
  return void sendRaw(reply, answer);
}

function acceptsJson(accept: string | undefined): boolean {
  // Without Accept: application/json QuickBooks answers XML (UNCONFIRMED); the simulator only speaks JSON, so it refuses.
  return (accept ?? '').toLowerCase().includes('application/json');
}

async function handle(state: SimState, req: ApiRequest, reply: FastifyReply, call: ApiCall) {
  reply.header('intuit_tid', `1-${randomUUID()}`);
  const realmId = req.params.realmId;
  const target = state.companies.get(realmId);
  if (target) {
    target.counters.requests += 1;
    logRequest(target, logEntry(state, req));
  }
  const gate = authenticate(state, realmId, req.headers.authorization);
  if (!('store' in gate)) return sendRaw(reply, gate);
  const company = gate;
  if (!call.anyAccept && !acceptsJson(req.headers.accept)) {
    return sendRaw(reply, { status: 406, contentType: 'text/plain', body: 'Send Accept: application/json (QuickBooks answers XML otherwise).' });
  }
  if (call.kind === 'batch') {
    company.counters.batchRequests += 1;
    company.counters.batchItems += call.batchItems ?? 0;
    company.counters.itemsPerBatch.push(call.batchItems ?? 0);
  }
  const faults = faultsOf(state, company);
  // A batch spends 1 + items of the minute's budget under the strict reading (meterBatchItems), 1 otherwise.
  const units = call.kind === 'batch' ? 1 + (limitsOf(state, company).meterBatchItems ? call.batchItems ?? 0 : 0) : call.units;
  const refusal = injectedServerError(state, company, faults)
    ?? (call.kind === 'read' ? quotaRefusal(state, company) : undefined)
    ?? admit(state, company, faults, call.kind === 'batch', units);
  if (refusal) return sendRaw(reply, refusal);
  try {
    if (call.kind !== 'read') {
      await writeFlow(state, company, req, reply, call, faults);
      return;
    }
    await pause(state, faults, call);
    const answer = answerOf(state, company, call, param(req.query, 'include'));
    // Intuit meters successful CorePlus calls only (metering.ts).
    if (answer.status === 200) {
      countRead(company, state.clock.now());
      state.changed();
    }
    return sendRaw(reply, answer);
  } finally {
    company.limiter.release();
  }
}

function logEntry(state: SimState, req: ApiRequest): LoggedRequest {
  const path = req.url.split('?')[0]!.replace(/^\/v3\/company\/[^/]+\//, '');
  const statement = path === 'query' ? (req.method === 'GET' ? param(req.query, 'query') : req.body) : undefined;
  const items = path === 'batch' && isPlainObject(req.body) && Array.isArray(req.body.BatchItemRequest) ? req.body.BatchItemRequest : [];
  return {
    at: state.clock.now(), method: req.method, path, query: typeof statement === 'string' ? statement : null,
    batchQueries: items.flatMap((i: unknown) => (isPlainObject(i) && typeof i.Query === 'string' ? [i.Query] : [])),
  };
}

function bodyOf(raw: unknown): unknown {
  if (raw instanceof MalformedBody) throw fault.malformed(`the body is not valid JSON (${raw.reason})`);
  return raw;
}

function writeOperation(q: Query, body: unknown): WriteOperation {
  const op = param(q, 'operation');
  const voiding = (param(q, 'include') ?? '').toLowerCase().split(',').includes('void');
  if (op === 'delete' || op === 'void' || op === 'create') return op;
  // Both update styles are in the wild (quickbooks-facts §1): ?operation=update, or a body carrying Id.
  if (op === 'update' || (op === undefined && isPlainObject(body) && body.Id !== undefined)) return voiding ? 'void' : 'update';
  if (op === undefined) return 'create';
  throw fault.unsupportedOperation(op);
}

const readCall = (run: ApiCall['run']): ApiCall => ({ kind: 'read', units: 1, writeItems: 0, run });

function batchCall(req: ApiRequest): ApiCall {
  let items: Body[] = [];
  let problem: unknown;
  try {
    items = batchItems(bodyOf(req.body));
  } catch (e) {
    problem = e;
  }
  return {
    kind: 'batch', units: 1, writeItems: writeItemCount(items), batchItems: items.length,
    run: (ctx) => {
      if (problem) throw problem;
      return { BatchItemResponse: runBatch(ctx, items, param(req.query, 'requestid')) };
    },
  };
}

export function registerApiRoutes(app: FastifyInstance, state: SimState): void {
  const base = '/v3/company/:realmId';
  const query = (text: unknown) => readCall((ctx) => {
    if (typeof text !== 'string' || text.trim() === '') throw fault.query('QueryParserError: the query statement is missing.');
    return { QueryResponse: runQuery(ctx, text) };
  });
  app.get(`${base}/query`, (req: ApiRequest, reply) => handle(state, req, reply, query(param(req.query, 'query'))));
  app.post(`${base}/query`, (req: ApiRequest, reply) => handle(state, req, reply, query(req.body)));
  app.post(`${base}/batch`, (req: ApiRequest, reply) => handle(state, req, reply, batchCall(req)));
  app.get(`${base}/cdc`, (req: ApiRequest, reply) => handle(state, req, reply, readCall((ctx) => ({
    CDCResponse: runCdc(ctx, param(req.query, 'entities'), param(req.query, 'changedSince')),
  }))));
  app.get(`${base}/reports/:report`, (req: ApiRequest, reply) => handle(state, req, reply, readCall((ctx) => (
    runReport(ctx, req.params.report ?? '', req.query, req.url)))));
  app.get(`${base}/:entity/:id`, (req: ApiRequest, reply) => handle(state, req, reply, readCall((ctx) => {
    const def = entityDef(req.params.entity, req.url);
    return { [def.name]: readOne(ctx, def, req.params.id ?? '') };
  })));
  app.get(`${base}/:entity`, (req: ApiRequest, reply) => handle(state, req, reply, readCall((ctx) => {
    const def = entityDef(req.params.entity, req.url);
    if (def.family !== 'singleton') throw fault.unsupportedOperation(`GET without an Id for ${def.name} (use /query)`);
    return { [def.name]: readOne(ctx, def, '1') };
  })));
  app.post(`${base}/:entity`, (req: ApiRequest, reply) => handle(state, req, reply, {
    kind: 'write', units: 1, writeItems: 1,
    run: (ctx) => {
      const def = entityDef(req.params.entity, req.url);
      const raw = bodyOf(req.body);
      return { [def.name]: performWrite(ctx, def, writeOperation(req.query, raw), raw) };
    },
  }));
  // Anything else under a company (a sub-route such as /invoice/70/pdf, another method): through the gate, then a Fault.
  app.all(`${base}/*`, (req: ApiRequest, reply) => handle(state, req, reply, {
    ...readCall(() => {
      throw notServed(req.url);
    }),
    anyAccept: true,
  }));
}
