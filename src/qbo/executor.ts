/**
 * Runs one logical API request to the end: token, limiter slot, HTTP exchange, answer
 * check, and retries as `decideRetry` says. The body is serialised once and every retry
 * sends the same bytes with the same requestid, which is what makes a retried write safe.
 */
import type { Clock } from '../lib/clock.js';
import type { AccessTokens } from './access-tokens.js';
import { errorFromAnswer } from './classify.js';
import type { HttpAnswer } from './classify.js';
import { QboError, QboNotSentError, QboRateLimitError, QboUnexpectedError } from './errors.js';
import { findFault, parseBody } from './fault.js';
import { sendHttp } from './http.js';
import type { Transport } from './http.js';
import type { CompanyLimiter, LimiterCost, SendGate } from './limiter.js';
import type { QboProvider } from './provider.js';
import { decideRetry, DEFAULT_RETRY_POLICY } from './retry-decision.js';
import type { RetryPolicy } from './retry-decision.js';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** After /v3/company/{realmId}/, e.g. "invoice" or "query". */
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  /** Present on writes; sent as the requestid parameter. */
  requestId?: string;
  isWrite: boolean;
  cost: LimiterCost;
  /** Once stopped, no attempt of this request goes out (the first waiting for its slot, or a retry). */
  gate?: SendGate | undefined;
}

/** What the client may log: never a token, never an Authorization header, never a body. */
export interface QboRequestLog {
  realmId: string;
  method: string;
  path: string;
  requestId: string | null;
  attempt: number;
  status: number | null;
  intuitTid: string | null;
  durationMs: number;
  errorCode: string | null;
  retry: { reason: string; waitMs: number } | null;
}

export interface ExecutorOptions {
  provider: QboProvider;
  realmId: string;
  accessTokens: AccessTokens;
  limiter: CompanyLimiter;
  clock: Clock;
  transport: Transport;
  timeoutMs: number;
  random: () => number;
  retryPolicy?: Partial<RetryPolicy>;
  log?: (event: QboRequestLog) => void;
}

export interface Executor {
  run(req: ApiRequest): Promise<{ value: unknown; intuitTid: string | null }>;
  requests(): number;
}

/** Per logical request: what earlier attempts left behind. */
interface Progress { rejected: string | null; refreshedAfter401: boolean; outcomeUnknown: boolean }

/** Every attempt that got a limiter slot and went out: the executor's `requests()`. */
interface SentCounter { sent: number }

export function makeExecutor(opts: ExecutorOptions): Executor {
  const counter: SentCounter = { sent: 0 };
  const policy = { ...DEFAULT_RETRY_POLICY, ...opts.retryPolicy };

  async function tryOnce(req: ApiRequest, href: string, body: string | undefined, n: number, p: Progress) {
    let token: string | null = null;
    let seen: AttemptSeen = { status: null, intuitTid: null, durationMs: 0 };
    try {
      token = p.rejected ? await opts.accessTokens.afterRejection(p.rejected) : await opts.accessTokens.current();
      p.rejected = null;
      const sent = await attempt(opts, counter, req, href, body, token);
      seen = { status: sent.answer.status, intuitTid: sent.answer.headers.get('intuit_tid'), durationMs: sent.durationMs };
      const result = interpret(req, sent.answer);
      logAttempt(opts, req, n, seen, null, null);
      return { done: true as const, result };
    } catch (err) {
      // A failed token step never sent this request: its own "unknown outcome" (a refresh
      // whose answer was lost) says nothing about the write, which the AccessTokens deal with.
      if (token === null && err instanceof QboError) err.outcomeUnknown = p.outcomeUnknown;
      return { done: false as const, err, token, seen };
    }
  }

  async function run(req: ApiRequest) {
    const href = requestUrl(opts, req);
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const p: Progress = { rejected: null, refreshedAfter401: false, outcomeUnknown: false };
    for (let n = 1; ; n++) {
      // A retry after a stop is not sent; an earlier attempt's unknown outcome stays unknown.
      if (req.gate?.stopped()) throw new QboNotSentError({ requestId: req.requestId ?? null, outcomeUnknown: p.outcomeUnknown });
      const outcome = await tryOnce(req, href, body, n, p);
      if (outcome.done) return outcome.result;
      const { err, token, seen } = outcome;
      if (err instanceof QboError && err.outcomeUnknown) p.outcomeUnknown = true;
      const decision = decideRetry(err, n, opts.random, { policy, refreshedAfter401: p.refreshedAfter401 });
      logAttempt(opts, req, n, { ...seen, intuitTid: seen.intuitTid ?? (err instanceof QboError ? err.intuitTid : null) },
        err instanceof QboError ? err.code : 'UNKNOWN', decision.retry ? { reason: decision.reason, waitMs: decision.waitMs } : null);
      // Every request of the company waits out the API's 429, not only this one (a 429 of the
      // token endpoint, token === null, concerns the app, not the company: we only wait).
      const pauseCompany = err instanceof QboRateLimitError && token !== null;
      if (pauseCompany) opts.limiter.pauseFor(decision.retry ? decision.waitMs : err.retryAfterMs ?? policy.rateLimitWaitMs);
      // A refused token-endpoint call is not a 401 from the API: no refresh loop.
      if (!decision.retry || (decision.refreshFirst && !token)) {
        // An earlier attempt may have been carried out even if this one was refused.
        if (p.outcomeUnknown && err instanceof QboError) err.outcomeUnknown = true;
        throw err;
      }
      if (decision.refreshFirst) {
        p.rejected = token;
        p.refreshedAfter401 = true;
      } else if (!pauseCompany) {
        await opts.clock.sleep(decision.waitMs); // an API 429 waits in the limiter, with everyone else
      }
    }
  }

  return { run, requests: () => counter.sent };
}

/** What one attempt saw of the exchange, for the log. */
interface AttemptSeen { status: number | null; intuitTid: string | null; durationMs: number }

function requestUrl(opts: ExecutorOptions, req: ApiRequest): string {
  const u = new URL(`${opts.provider.apiBase}/v3/company/${encodeURIComponent(opts.realmId)}/${req.path}`);
  for (const [k, v] of Object.entries(req.params ?? {})) u.searchParams.set(k, v);
  u.searchParams.set('minorversion', String(opts.provider.minorVersion));
  if (req.requestId) u.searchParams.set('requestid', req.requestId);
  return u.href;
}

async function attempt(opts: ExecutorOptions, counter: SentCounter, req: ApiRequest, href: string, body: string | undefined, token: string) {
  const permit = await opts.limiter.acquire(req.cost, req.gate);
  counter.sent += 1;
  const sentAt = opts.clock.now();
  let answer: HttpAnswer;
  try {
    answer = await sendHttp({
      method: req.method, url: href, body,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
    }, { clock: opts.clock, timeoutMs: opts.timeoutMs, transport: opts.transport, requestId: req.requestId ?? null, isWrite: req.isWrite });
  } catch (err) {
    // After our timeout QuickBooks may still be working on it, until its own 120 s limit:
    // keep the slot so the company's concurrency is not overrun.
    const timedOut = err instanceof QboError && err.code === 'QBO_TIMEOUT';
    permit.release(timedOut ? Math.max(0, sentAt + opts.provider.serverTimeoutMs - opts.clock.now()) : 0);
    throw err;
  }
  permit.release();
  return { answer, durationMs: opts.clock.now() - sentAt };
}

function interpret(req: ApiRequest, answer: HttpAnswer): { value: unknown; intuitTid: string | null } {
  const ctx = { requestId: req.requestId ?? null, isWrite: req.isWrite, nowMs: Date.now() };
  if (answer.status < 200 || answer.status >= 300) throw errorFromAnswer(answer, ctx);
  const value = parseBody(answer.body);
  if (value === undefined) {
    throw new QboUnexpectedError({
      message: `QuickBooks answered HTTP ${answer.status} with an unreadable body`,
      status: answer.status, intuitTid: answer.headers.get('intuit_tid'), requestId: ctx.requestId,
      outcomeUnknown: req.isWrite,
    });
  }
  // HTTP 200 may still carry a Fault (ERR).
  if (findFault(value)) throw errorFromAnswer(answer, ctx);
  return { value, intuitTid: answer.headers.get('intuit_tid') };
}

function logAttempt(opts: ExecutorOptions, req: ApiRequest, attemptNo: number, seen: AttemptSeen,
  errorCode: string | null, retry: QboRequestLog['retry']) {
  opts.log?.({
    realmId: opts.realmId, method: req.method, path: req.path, requestId: req.requestId ?? null,
    attempt: attemptNo, ...seen, errorCode, retry,
  });
}
