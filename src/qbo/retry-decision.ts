/**
 * "Should we try this request again?" as a pure function, so every rule is a row in a table
 * test. Only failures that say nothing about the request itself are retried (throttling,
 * server trouble, the network); anything that says "this request is wrong" is not, and
 * neither is anything we do not recognise: retrying a bug only hides it.
 * Retries are safe for writes because they reuse the same requestid and body (client.ts).
 */
import { isQboError, QboRateLimitError } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. Default 8: at a 20 % loss rate 8 straight losses
   *  happen to about 3 requests in a million. */
  maxAttempts: number;
  /** Backoff before the 2nd attempt; doubles after each failure. Default 1 000 ms. */
  baseDelayMs: number;
  /** Backoff cap. Default 30 000 ms. */
  maxDelayMs: number;
  /** Wait after a 429 without Retry-After. Default 60 000 ms, Intuit's own advice (LIM). */
  rateLimitWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  rateLimitWaitMs: 60_000,
});

export interface RetryDecision {
  retry: boolean;
  /** Short stable words for logs: 'rate-limited', 'server-error', 'validation', ... */
  reason: string;
  /** How long to wait (clock time) before the next attempt; 0 when not retrying. */
  waitMs: number;
  /** Refresh the access token before the next attempt (a 401). */
  refreshFirst?: boolean;
}

export interface RetryContext {
  policy?: Partial<RetryPolicy>;
  /** This request already refreshed its token once after a 401. Default false. */
  refreshedAfter401?: boolean;
}

const NEVER: Record<string, string> = {
  QBO_VALIDATION: 'validation',
  QBO_STALE_OBJECT: 'stale-object',
  QBO_NOT_FOUND: 'not-found',
  QBO_RECONNECT_NEEDED: 'reconnect-needed',
  // Lifted only by the next month or a higher tier: retrying would spin until then.
  QBO_QUOTA_EXCEEDED: 'quota-exceeded',
  QBO_UNEXPECTED: 'unexpected',
  // The caller stopped: it asked for nothing more to go out.
  QBO_NOT_SENT: 'not-sent',
};

const BACKOFF: Record<string, string> = {
  QBO_SERVER: 'server-error',
  QBO_NETWORK: 'network-error',
  QBO_TIMEOUT: 'timeout',
  // 600: a request with this requestid is still being handled (after our timeout, say).
  // Once it is done QuickBooks replays its answer, so asking again later is the way to learn
  // the outcome; if 600 persists the budget ends it as an unknown outcome.
  QBO_DUPLICATE_REQUEST: 'duplicate-in-flight',
};

/**
 * @param error   what the attempt failed with
 * @param attempt the number of the attempt that failed, 1 for the first
 * @param random  a source in [0, 1) for jitter (Math.random in production; fixed in tests)
 */
export function decideRetry(error: unknown, attempt: number, random: () => number, ctx: RetryContext = {}): RetryDecision {
  const policy = { ...DEFAULT_RETRY_POLICY, ...ctx.policy };
  if (!isQboError(error)) return stop('unknown-error');
  const never = NEVER[error.code];
  if (never) return stop(never);
  if (error.code === 'QBO_AUTH') {
    // One refresh then one more try: a 401 after a fresh token is not going to heal.
    if (error.status === 401 && !ctx.refreshedAfter401) return { retry: true, reason: 'refresh-then-retry', waitMs: 0, refreshFirst: true };
    return stop('auth');
  }
  if (attempt >= policy.maxAttempts) return stop(`attempts-exhausted:${error.code}`);
  if (error instanceof QboRateLimitError) {
    return { retry: true, reason: 'rate-limited', waitMs: error.retryAfterMs ?? policy.rateLimitWaitMs };
  }
  const reason = BACKOFF[error.code];
  if (reason) return { retry: true, reason, waitMs: backoffMs(attempt, random, policy) };
  return stop('unknown-error');
}

/** Capped exponential backoff with "equal jitter": half fixed, half random, so retries of
 *  many clients spread out but never come back immediately. */
export function backoffMs(attempt: number, random: () => number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(capped / 2 + (capped / 2) * r);
}

function stop(reason: string): RetryDecision {
  return { retry: false, reason, waitMs: 0 };
}
