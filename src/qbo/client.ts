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
import type { BatchOp, BatchResult } from './batch.js';
import { runBatch } from './batch-runner.js';
import { fixedPacing, makeBatchPacing } from './batch-reading.js';
import type { BatchReadingOptions } from './batch-reading.js';
import { QboError, QboNotSentError } from './errors.js';
import { makeExecutor } from './executor.js';
import type { Executor } from './executor.js';
import { meteredExecutor, meteredRefresher } from './metering.js';
import type { UsageSink } from './metering.js';
import type { QboRequestLog } from './executor.js';
import { fetchTransport, nodeTransport } from './http.js';
import type { FetchLike } from './http.js';
import { processLimiters } from './limiter.js';
import type { CompanyLimiter, LimiterCost, LimiterRegistry, SendGate } from './limiter.js';
import { entityPath, unwrapEntity, wireWrite } from './operations.js';
import type { EntityRef, QboEntity, WriteOperation } from './operations.js';
import type { QboJournal } from './journal.js';
import type { QboProvider } from './provider.js';
import { findByNameQuery, rowsOf } from './query.js';
import { queryAllPages } from './query-pages.js';
import { deriveRequestId } from './request-id.js';
import type { RetryPolicy } from './retry-decision.js';
import type { TokenStore } from './token-store.js';

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
  /** A fetch to send through (a test's, a proxy's); default: Node's own HTTP client (http.ts). */
  fetch?: FetchLike;
  /** Per HTTP exchange, clock time. Default 60 000 ms (QuickBooks gives up at 120 s). */
  timeoutMs?: number;
  retryPolicy?: Partial<RetryPolicy>;
  /** Jitter source in [0, 1). Default: crypto-random. */
  random?: () => number;
  log?: (event: QboRequestLog) => void;
  /** Told what each request spent (metered reads, writes, OAuth calls, quota blocks). */
  usage?: UsageSink;
  /**
   * How batch items count toward the 500 a minute for this company: adaptive, or forced
   * (batch-reading.ts). Default: the provider's `meterBatchItems`, fixed.
   */
  batchReading?: BatchReadingOptions;
}

export interface WriteOptions {
  /** Idempotency key: the document key and content version, unique per logical write. */
  key: string;
  /** `include=` values, e.g. ['allowduplicatedocnum'] (DocNumber is a reader's aid, not an identity). */
  include?: readonly string[];
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
  /** A report (ProfitAndLoss, BalanceSheet, TrialBalance…) as QuickBooks answers it: one read. */
  report(name: string, params: Record<string, string>): Promise<Record<string, unknown>>;
  /** Every row, paging to the end. `where` conditions are ANDed. */
  queryAll<T extends QboEntity = QboEntity>(entity: string, where?: string | readonly string[], opts?: QueryAllOptions): Promise<T[]>;
  /** The record holding `name` (inactive ones included unless told otherwise), or null. */
  findByName<T extends QboEntity = QboEntity>(entity: string, name: string, opts?: { includeInactive?: boolean }): Promise<T | null>;
  /**
   * Change Data Capture: the objects of these entities changed since `changedSince` (ISO), whole,
   * deleted ones as `{status: 'Deleted', Id}`; one read. `time`: QuickBooks' time of the answer.
   */
  cdc(entities: readonly string[], changedSince: string): Promise<CdcAnswer>;
  /**
   * One result per operation, in order; batches of at most provider.limits.batchItems. Once
   * `gate` is stopped, what was not sent yet is not sent: its operations answer QBO_NOT_SENT.
   */
  batch<T = QboEntity>(ops: readonly BatchOp[], opts?: { gate?: SendGate }): Promise<BatchResult<T>[]>;
  /**
   * One write of a batch's kind as a plain request: the requestid and journal entry its batch
   * item would have had, answered as a batch item is (a refusal is a result, not a throw).
   */
  writeOne<T = QboEntity>(op: Extract<BatchOp, { key: string }>, opts?: { gate?: SendGate }): Promise<BatchResult<T>>;
  /**
   * Writes about to go out (plain requests or batches), journalled together ahead of them
   * (QboJournal.reserve); returns the requestids reserved. Hand them to `releaseUnsent` once they may no longer go out.
   */
  reserveWrites(ops: readonly Extract<BatchOp, { key: string }>[]): Promise<string[]>;
  /** Of writes reserved, takes out of the journal those never sent. */
  releaseUnsent(requestIds: readonly string[]): Promise<void>;
  /** Whether a batch of `items`, or a plain request, would go out at once (the company's limiter and reading). */
  readonly pace: ClientPace;
  /** HTTP requests this client sent to the API (retries included, token calls not). */
  requests(): number;
}

const ONE: LimiterCost = { requests: 1, batch: false };

export interface ClientPace {
  admitsBatch(items: number): boolean;
  admitsPlain(): boolean;
  /** The company's reading now: plain requests beside full batch windows only pay under the lenient one. */
  lenient(): boolean;
  /** Resolves at the next change that may let a request through. */
  changed(): Promise<void>;
}

export interface CdcAnswer {
  /** Per entity asked, the changed objects (an entity without changes: an empty list). */
  changed: Record<string, QboEntity[]>;
  time: string | null;
}

/** `{"CDCResponse":[{"QueryResponse":[{"Invoice":[…]},{}]}],"time":…}`, one QueryResponse per entity asked. */
function cdcAnswer(value: unknown, entities: readonly string[]): CdcAnswer {
  const body = (value ?? {}) as { CDCResponse?: { QueryResponse?: unknown[] }[]; time?: unknown };
  const responses = body.CDCResponse?.[0]?.QueryResponse ?? [];
  const changed: Record<string, QboEntity[]> = {};
  for (const entity of entities) changed[entity] = responses.flatMap((r) => rowsOf<QboEntity>(r, entity));
  return { changed, time: typeof body.time === 'string' ? body.time : null };
}

async function asResult<T>(answer: Promise<T>): Promise<BatchResult<T>> {
  try {
    return { ok: true, entity: await answer };
  } catch (err) {
    if (!(err instanceof QboError)) throw err;
    return { ok: false, error: err };
  }
}

function paceOf(limiter: CompanyLimiter, clock: QboClientOptions['clock']): ClientPace {
  return {
    admitsBatch: (items) => limiter.admits({ requests: 1, batch: true, items }),
    admitsPlain: () => limiter.admits(ONE),
    lenient: () => limiter.pacing.reading(clock.now()) === 'lenient',
    changed: () => limiter.changed(),
  };
}

export function makeQboClient(opts: QboClientOptions): QboClient {
  const { provider, realmId } = opts;
  const { exec, limiter } = makeClientExecutor(opts);
  // The requestid a batch item of the same write carries (batch.ts), so either way it is one write.
  async function write<T>(entity: string, operation: WriteOperation, body: Record<string, unknown>, o: WriteOptions, gate?: SendGate): Promise<T> {
    const { key } = o;
    const requestId = deriveRequestId(realmId, key, `${operation}:${entity}`);
    if (gate?.stopped()) throw new QboNotSentError({ requestId });
    const wire = wireWrite(entity, operation, body, o.include);
    const entry = { requestId, realmId, operations: [{ operation, entity, key, requestId }] };
    await opts.journal?.beforeSend(entry);
    try {
      const { value, intuitTid } = await exec.run({
        method: 'POST', path: entityPath(entity), params: wire.params, body: wire.body, requestId, isWrite: true, cost: ONE, ...(gate && { gate }),
      });
      return expectEntity<T>(value, entity, { requestId, intuitTid, isWrite: true });
    } finally {
      opts.journal?.afterSend?.(entry);
    }
  }

  async function query(sql: string): Promise<Record<string, unknown>> {
    const { value, intuitTid } = await exec.run({ method: 'GET', path: 'query', params: { query: sql }, isWrite: false, cost: ONE });
    return expectEntity<Record<string, unknown>>(value, 'QueryResponse', { requestId: null, intuitTid, isWrite: false });
  }

  return {
    realmId, ...journalAhead(opts.journal, realmId),
    create: (entity, body, o) => write(entity, 'create', body, o),
    update: (entity, body, o) => write(entity, 'update', body, o),
    sparseUpdate: (entity, body, o) => write(entity, 'sparseUpdate', body, o),
    delete: (entity, ref, o) => write(entity, 'delete', { ...ref }, o),
    void: (entity, ref, o) => write(entity, 'void', { ...ref }, o),
    async read<T>(entity: string, id: string) {
      const { value, intuitTid } = await exec.run({
        method: 'GET', path: `${entityPath(entity)}/${encodeURIComponent(id)}`, isWrite: false, cost: ONE,
      });
      return expectEntity<T>(value, entity, { requestId: null, intuitTid, isWrite: false });
    },
    query,
    async report(name, params) {
      const { value } = await exec.run({ method: 'GET', path: `reports/${encodeURIComponent(name)}`, params, isWrite: false, cost: ONE });
      return value as Record<string, unknown>;
    },
    queryAll: (entity, where, o = {}) => queryAllPages(query, {
      entity, where, ...(o.orderBy ? { orderBy: o.orderBy } : {}),
      pageSize: Math.min(o.pageSize ?? provider.maxQueryResults, provider.maxQueryResults),
    }),
    async findByName<T>(entity: string, name: string, o: { includeInactive?: boolean } = {}) {
      const rows = rowsOf<T & QboEntity>(await query(findByNameQuery(entity, name, o)), entity);
      return rows.find((r) => r.Active !== false) ?? rows[0] ?? null;
    },
    async cdc(entities, changedSince) {
      const { value } = await exec.run({ method: 'GET', path: 'cdc', params: { entities: entities.join(','), changedSince }, isWrite: false, cost: ONE });
      return cdcAnswer(value, entities);
    },
    batch: (ops, o) => runBatch(ops, { realmId, provider, exec, journal: opts.journal, gate: o?.gate }),
    // A batch item's write as a plain request, answered as a batch item is: a refusal is a result.
    writeOne: <T>(op: Extract<BatchOp, { key: string }>, o?: { gate?: SendGate }) =>
      asResult(write<T>(op.entity, op.operation, op.body, { key: op.key, ...(op.include && { include: op.include }) }, o?.gate)),
    pace: paceOf(limiter, opts.clock),
    requests: () => exec.requests(),
  };
}

/** Writes journalled ahead under the requestids they will carry, alone or as batch items (QboJournal.reserve), and released. */
function journalAhead(journal: QboJournal | undefined, realmId: string): Pick<QboClient, 'reserveWrites' | 'releaseUnsent'> {
  return {
    async reserveWrites(ops) {
      if (!journal?.reserve || ops.length === 0) return [];
      const operations = ops.map((op) => ({ operation: op.operation, entity: op.entity, key: op.key,
        requestId: deriveRequestId(realmId, op.key, `${op.operation}:${op.entity}`) }));
      return journal.reserve({ requestId: operations[0]!.requestId, realmId, operations });
    },
    async releaseUnsent(requestIds) {
      if (requestIds.length > 0) await journal?.releaseUnsent?.(requestIds);
    },
  };
}

/** The client's executor: the company's limiter (with its batch reading), tokens, and metering when asked. */
function makeClientExecutor(opts: QboClientOptions): { exec: Executor; limiter: CompanyLimiter } {
  const { provider, realmId } = opts;
  const pacing = opts.batchReading ? makeBatchPacing(opts.batchReading) : fixedPacing(provider.limits.meterBatchItems);
  const limiter = opts.limiter ?? (opts.limiters ?? processLimiters).forCompany(realmId, {
    limits: provider.limits, clock: opts.clock, pacing,
  });
  // The company's limiter may be older than this client: it takes the setting and what the store remembers.
  if (opts.batchReading && limiter.pacing !== pacing) limiter.pacing.configure(opts.batchReading);
  const meter = opts.usage && { realmId, sink: opts.usage, now: () => opts.clock.now() };
  const oauth = meter ? meteredRefresher(opts.oauth, meter) : opts.oauth;
  const raw = makeExecutor({
    provider, realmId, limiter, clock: opts.clock,
    accessTokens: makeAccessTokens({ tokens: opts.tokens, oauth, clock: opts.clock }),
    transport: opts.fetch ? fetchTransport(opts.fetch) : nodeTransport,
    timeoutMs: opts.timeoutMs ?? 60_000,
    random: opts.random ?? (() => randomInt(0, 1 << 30) / (1 << 30)),
    ...(opts.retryPolicy ? { retryPolicy: opts.retryPolicy } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  });
  return { exec: meter ? meteredExecutor(raw, meter) : raw, limiter };
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
