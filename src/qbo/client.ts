/**
 * The QuickBooks Online client for one company: the one way the product talks to QuickBooks.
 * Writes carry a requestid derived from (company, caller's key, operation) and are announced
 * to the journal before they are sent; every request goes through the company's limiter and
 * the retry decision. See executor.ts for one request's life.
 */
import { randomInt } from 'node:crypto';
import type { Clock } from '../lib/clock.js';
import { makeAccessTokens } from './access-tokens.js';
import type { TokenRefresher } from './access-tokens.js';
import { batchBody, isWriteOp, planBatches, readBatchAnswer } from './batch.js';
import type { BatchChunk, BatchOp, BatchResult } from './batch.js';
import { QboError } from './errors.js';
import { makeExecutor } from './executor.js';
import type { QboRequestLog } from './executor.js';
import type { FetchLike } from './http.js';
import { processLimiters } from './limiter.js';
import type { CompanyLimiter, LimiterCost, LimiterRegistry } from './limiter.js';
import { entityPath, unwrapEntity, wireWrite } from './operations.js';
import type { EntityRef, QboEntity, WriteOperation } from './operations.js';
import type { QboProvider } from './provider.js';
import { buildSelect, findByNameQuery, rowsOf } from './query.js';
import { deriveBatchRequestId, deriveRequestId } from './request-id.js';
import type { RetryPolicy } from './retry-decision.js';
import type { TokenStore } from './token-store.js';

export interface JournalEntry {
  requestId: string;
  realmId: string;
  operations: { operation: WriteOperation; entity: string; key: string; requestId: string }[];
}

export interface QboJournal {
  /** Awaited before the write is first sent; the sync engine records in-flight writes here. */
  beforeSend(entry: JournalEntry): Promise<void>;
}

export interface QboClientOptions {
  provider: QboProvider;
  realmId: string;
  oauth: TokenRefresher;
  tokens: TokenStore;
  clock: Clock;
  /** This company's limiter; default: the one `limiters` holds for the realm. */
  limiter?: CompanyLimiter;
  /** Default: the process-wide registry, so every client of a company shares one limiter. */
  limiters?: LimiterRegistry;
  journal?: QboJournal;
  /** Default: global fetch. */
  fetch?: FetchLike;
  /** Per HTTP exchange, clock time. Default 60 000 ms (QuickBooks gives up at 120 s). */
  timeoutMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1). Default: crypto-random. */
  random?: () => number;
  log?: (event: QboRequestLog) => void;
}

export interface WriteOptions {
  /** Idempotency key: the document key and content version, unique per logical write. */
  key: string;
}

export interface QueryAllOptions {
  orderBy?: string;
  /** Rows per page. Default and maximum: provider.maxQueryResults (1000). */
  pageSize?: number;
}

export interface QboClient {
  readonly realmId: string;
  create<T extends QboEntity = QboEntity>(entity: string, body: Record<string, unknown>, opts: WriteOptions): Promise<T>;
  update<T extends QboEntity = QboEntity>(entity: string, body: Record<string, unknown>, opts: WriteOptions): Promise<T>;
  sparseUpdate<T extends QboEntity = QboEntity>(entity: string, body: Record<string, unknown>, opts: WriteOptions): Promise<T>;
  delete(entity: string, ref: EntityRef, opts: WriteOptions): Promise<QboEntity>;
  void<T extends QboEntity = QboEntity>(entity: string, ref: EntityRef, opts: WriteOptions): Promise<T>;
  read<T extends QboEntity = QboEntity>(entity: string, id: string): Promise<T>;
  /** The raw QueryResponse of one statement (build it with query.ts). */
  query(sql: string): Promise<Record<string, unknown>>;
  /** Every row, paging to the end. `where` conditions are ANDed. */
  queryAll<T extends QboEntity = QboEntity>(entity: string, where?: string | readonly string[], opts?: QueryAllOptions): Promise<T[]>;
  /** The record holding `name` (inactive ones included unless told otherwise), or null. */
  findByName<T extends QboEntity = QboEntity>(entity: string, name: string, opts?: { includeInactive?: boolean }): Promise<T | null>;
  /** One result per operation, in order; batches of at most provider.limits.batchItems. */
  batch<T = QboEntity>(ops: readonly BatchOp[]): Promise<BatchResult<T>[]>;
  /** HTTP requests this client sent to the API (retries included, token calls not). */
  requests(): number;
}

const ONE: LimiterCost = { requests: 1, batch: false };

export function makeQboClient(opts: QboClientOptions): QboClient {
  const { provider, realmId } = opts;
  const limiter = opts.limiter ?? (opts.limiters ?? processLimiters).forCompany(realmId, {
    limits: provider.limits, clock: opts.clock,
  });
  const exec = makeExecutor({
    provider, realmId, limiter, clock: opts.clock,
    accessTokens: makeAccessTokens({ tokens: opts.tokens, oauth: opts.oauth, clock: opts.clock }),
    fetch: opts.fetch ?? fetch,
    timeoutMs: opts.timeoutMs ?? 60_000,
    random: opts.random ?? (() => randomInt(0, 1 << 30) / (1 << 30)),
    ...(opts.retryPolicy ? { retryPolicy: opts.retryPolicy } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });

  async function write<T>(entity: string, operation: WriteOperation, body: Record<string, unknown>, key: string): Promise<T> {
    const requestId = deriveRequestId(realmId, key, `${operation}:${entity}`);
    const wire = wireWrite(entity, operation, body);
    await opts.journal?.beforeSend({ requestId, realmId, operations: [{ operation, entity, key, requestId }] });
    const { value, intuitTid } = await exec.run({
      method: 'POST', path: entityPath(entity), params: wire.params, body: wire.body, requestId, isWrite: true, cost: ONE,
    });
    return expectEntity<T>(value, entity, { requestId, intuitTid, isWrite: true });
  }

  async function query(sql: string): Promise<Record<string, unknown>> {
    const { value, intuitTid } = await exec.run({ method: 'GET', path: 'query', params: { query: sql }, isWrite: false, cost: ONE });
    return expectEntity<Record<string, unknown>>(value, 'QueryResponse', { requestId: null, intuitTid, isWrite: false });
  }

  async function queryAll<T>(entity: string, where?: string | readonly string[], o: QueryAllOptions = {}): Promise<T[]> {
    const pageSize = Math.min(o.pageSize ?? provider.maxQueryResults, provider.maxQueryResults);
    const seen = new Set<string>();
    const rows: T[] = [];
    for (let start = 1; ; start += pageSize) {
      const page = rowsOf<T & QboEntity>(await query(buildSelect({
        entity, where, startPosition: start, maxResults: pageSize, ...(o.orderBy ? { orderBy: o.orderBy } : {}),
      })), entity);
      for (const row of page) {
        // A page has been seen to hold one row more than asked (node-quickbooks#89): we step
        // by the page size, never skipping a row, and drop the repeat.
        const id = typeof row.Id === 'string' ? row.Id : null;
        if (id !== null && seen.has(id)) continue;
        if (id !== null) seen.add(id);
        rows.push(row);
      }
      if (page.length < pageSize) return rows;
    }
  }

  async function runChunk<T>(chunk: BatchChunk): Promise<BatchResult<T>[]> {
    const requestId = chunk.isWrite ? deriveBatchRequestId(realmId, chunk.itemIds) : undefined;
    const meter = provider.limits.meterBatchItems ? chunk.ops.length : 0;
    try {
      if (requestId) await opts.journal?.beforeSend({ requestId, realmId, operations: journalOps(chunk) });
      const { value, intuitTid } = await exec.run({
        method: 'POST', path: 'batch', body: batchBody(chunk), isWrite: chunk.isWrite,
        cost: { requests: 1 + meter, batch: true }, ...(requestId ? { requestId } : {}),
      });
      return readBatchAnswer(chunk, value, { requestId: requestId ?? null, intuitTid }) as BatchResult<T>[];
    } catch (err) {
      // The whole request failed after its retries: every operation in it gets that error.
      if (!(err instanceof QboError)) throw err;
      return chunk.ops.map(() => ({ ok: false as const, error: err }));
    }
  }

  return {
    realmId,
    create: (entity, body, o) => write(entity, 'create', body, o.key),
    update: (entity, body, o) => write(entity, 'update', body, o.key),
    sparseUpdate: (entity, body, o) => write(entity, 'sparseUpdate', body, o.key),
    delete: (entity, ref, o) => write(entity, 'delete', { ...ref }, o.key),
    void: (entity, ref, o) => write(entity, 'void', { ...ref }, o.key),
    async read<T>(entity: string, id: string) {
      const { value, intuitTid } = await exec.run({
        method: 'GET', path: `${entityPath(entity)}/${encodeURIComponent(id)}`, isWrite: false, cost: ONE,
      });
      return expectEntity<T>(value, entity, { requestId: null, intuitTid, isWrite: false });
    },
    query,
    queryAll,
    async findByName<T>(entity: string, name: string, o: { includeInactive?: boolean } = {}) {
      const rows = rowsOf<T & QboEntity>(await query(findByNameQuery(entity, name, o)), entity);
      return rows.find((r) => r.Active !== false) ?? rows[0] ?? null;
    },
    async batch<T>(ops: readonly BatchOp[]) {
      const chunks = planBatches(realmId, ops, provider.limits.batchItems);
      const answers = await Promise.all(chunks.map((c) => runChunk<T>(c)));
      const results = new Array<BatchResult<T>>(ops.length);
      chunks.forEach((c, i) => c.indexes.forEach((at, j) => { results[at] = answers[i]![j]!; }));
      return results;
    },
    requests: () => exec.requests(),
  };
}

function journalOps(chunk: BatchChunk): JournalEntry['operations'] {
  return chunk.ops.flatMap((op, i) => (isWriteOp(op)
    ? [{ operation: op.operation, entity: op.entity, key: op.key, requestId: chunk.itemIds[i]! }]
    : []));
}

function expectEntity<T>(value: unknown, key: string, ctx: { requestId: string | null; intuitTid: string | null; isWrite: boolean }): T {
  const entity = unwrapEntity<T>(value, key);
  if (entity === undefined) {
    throw new QboError('QBO_UNEXPECTED', {
      message: `QuickBooks answered without ${key}`, requestId: ctx.requestId, intuitTid: ctx.intuitTid, outcomeUnknown: ctx.isWrite,
    });
  }
  return entity;
}
