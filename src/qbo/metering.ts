/**
 * Intuit meters reads (quickbooks-facts §6): every API call is Core (a write: create, update,
 * delete, void; not metered), CorePlus (a read: a query, a GET of an entity, a report, a CDC
 * call, and each such item of a batch; metered per company and month) or OAuth (the token
 * endpoint; neither). This file classifies each call and tells a `UsageSink` what was spent,
 * counted the way Intuit bills it: only a successful read counts; a read refused by the quota
 * is reported as a block instead. It wraps the executor (rather than living in it), so one
 * logical request counts once however many attempts its retries took.
 */
import type { TokenRefresher } from './access-tokens.js';
import { isQboError } from './errors.js';
import type { ApiRequest, Executor } from './executor.js';
import { findFault } from './fault.js';

export type CallClass = 'write' | 'read' | 'oauth';

/** What one call (or one batch) spent for a company. */
export interface UsageEvent {
  realmId: string;
  /** Clock time of the answer; the month it falls in is the month it is counted in. */
  atMs: number;
  /** Successful metered (CorePlus) reads. */
  reads: number;
  /** Successful writes (Core: not metered). */
  writes: number;
  /** Token endpoint calls (not metered). */
  oauth: number;
  /** A read was refused because the company's monthly read quota is used up. */
  quotaBlocked: boolean;
}

export interface UsageSink {
  record(event: UsageEvent): void;
}

/**
 * The class of a single (non-batch) API request: every GET of the Accounting API is a read
 * (an entity, a query, a report, CDC), and so is a query sent by POST; any other POST writes.
 * A batch is mixed: see batchItemClass.
 */
export function classifyRequest(req: Pick<ApiRequest, 'method' | 'path' | 'isWrite'>): CallClass {
  if (req.isWrite) return 'write';
  return req.method === 'GET' || req.path === 'query' || req.path === 'cdc' ? 'read' : 'write';
}

// Batch item payloads that are CorePlus reads; anything else in a batch is a write.
const READ_ITEMS = ['Query', 'CDCQuery', 'ReportQuery'];
const READ_ANSWERS = ['QueryResponse', 'CDCResponse', 'Report'];

export function batchItemClass(item: Record<string, unknown>): CallClass {
  return READ_ITEMS.some((k) => item[k] !== undefined) ? 'read' : 'write';
}

const QUOTA_CODE = /^0*3002$/;

/** Counts, for one batch answer, its successful reads and writes and whether an item met the quota. */
export function batchUsage(body: unknown, answer: unknown): Pick<UsageEvent, 'reads' | 'writes' | 'quotaBlocked'> {
  const sent = listOf(body, 'BatchItemRequest');
  const kind = new Map(sent.map((item) => [String(item.bId), batchItemClass(item)]));
  const out = { reads: 0, writes: 0, quotaBlocked: false };
  for (const item of listOf(answer, 'BatchItemResponse')) {
    const fault = findFault(item);
    if (fault) {
      if (fault.errors.some((e) => QUOTA_CODE.test(e.code) || /QuotaExceeded/i.test(e.message))) out.quotaBlocked = true;
      continue;
    }
    const isRead = kind.get(String(item.bId)) === 'read' || READ_ANSWERS.some((k) => item[k] !== undefined);
    if (isRead) out.reads += 1;
    else out.writes += 1;
  }
  return out;
}

/** The executor, telling `sink` what each logical request spent once it is settled. */
export function meteredExecutor(exec: Executor, opts: { realmId: string; sink: UsageSink; now: () => number }): Executor {
  const emit = (e: Omit<UsageEvent, 'realmId' | 'atMs' | 'oauth'>) => {
    if (e.reads || e.writes || e.quotaBlocked) opts.sink.record({ realmId: opts.realmId, atMs: opts.now(), oauth: 0, ...e });
  };
  return {
    requests: () => exec.requests(),
    async run(req) {
      const isBatch = req.path === 'batch';
      try {
        const result = await exec.run(req);
        if (isBatch) emit(batchUsage(req.body, result.value));
        else {
          const read = classifyRequest(req) === 'read';
          emit({ reads: read ? 1 : 0, writes: read ? 0 : 1, quotaBlocked: false });
        }
        return result;
      } catch (err) {
        if (isQboError(err) && err.code === 'QBO_QUOTA_EXCEEDED') emit({ reads: 0, writes: 0, quotaBlocked: true });
        throw err;
      }
    },
  };
}

/** The token refresher, counting its calls as OAuth (not metered, shown for completeness). */
export function meteredRefresher(oauth: TokenRefresher, opts: { realmId: string; sink: UsageSink; now: () => number }): TokenRefresher {
  return {
    async refresh(refreshToken) {
      try {
        return await oauth.refresh(refreshToken);
      } finally {
        opts.sink.record({ realmId: opts.realmId, atMs: opts.now(), reads: 0, writes: 0, oauth: 1, quotaBlocked: false });
      }
    },
  };
}

function listOf(value: unknown, key: string): Record<string, unknown>[] {
  if (typeof value !== 'object' || value === null) return [];
  const list = (value as Record<string, unknown>)[key];
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}
