import { describe, expect, it } from 'vitest';
import {
  QboAuthError, QboDuplicateRequestError, QboNetworkError, QboNotFoundError, QboRateLimitError,
  QboReconnectNeededError, QboServerError, QboStaleObjectError, QboTimeoutError, QboUnexpectedError,
  QboQuotaExceededError, QboValidationError,
} from './errors.js';
import { backoffMs, decideRetry, DEFAULT_RETRY_POLICY } from './retry-decision.js';

const half = () => 0.5;
const low = () => 0;
const high = () => 0.999999;

// Each row: what failed, which attempt it was, the jitter, the context -> the decision.
const table: [string, unknown, number, () => number, Parameters<typeof decideRetry>[3], ReturnType<typeof decideRetry>][] = [
  ['429 without Retry-After waits 60 s', new QboRateLimitError({ status: 429 }), 1, half, {}, { retry: true, reason: 'rate-limited', waitMs: 60_000 }],
  ['429 with Retry-After uses it', new QboRateLimitError({ status: 429, retryAfterMs: 5_000 }), 3, half, {}, { retry: true, reason: 'rate-limited', waitMs: 5_000 }],
  ['429 past the budget stops', new QboRateLimitError({ status: 429 }), 8, half, {}, { retry: false, reason: 'attempts-exhausted:QBO_RATE_LIMIT', waitMs: 0 }],
  ['500 first failure: 1 s base, jitter low', new QboServerError({ status: 500 }), 1, low, {}, { retry: true, reason: 'server-error', waitMs: 500 }],
  ['500 first failure: 1 s base, jitter high', new QboServerError({ status: 500 }), 1, high, {}, { retry: true, reason: 'server-error', waitMs: 1_000 }],
  ['503 third failure doubles twice', new QboServerError({ status: 503 }), 3, half, {}, { retry: true, reason: 'server-error', waitMs: 3_000 }],
  ['network error backs off', new QboNetworkError({ outcomeUnknown: true }), 2, low, {}, { retry: true, reason: 'network-error', waitMs: 1_000 }],
  ['timeout backs off', new QboTimeoutError({}), 1, half, {}, { retry: true, reason: 'timeout', waitMs: 750 }],
  ['backoff is capped at 30 s', new QboServerError({ status: 502 }), 7, high, {}, { retry: true, reason: 'server-error', waitMs: 30_000 }],
  ['server error at the last attempt stops', new QboServerError({ status: 500 }), 8, half, {}, { retry: false, reason: 'attempts-exhausted:QBO_SERVER', waitMs: 0 }],
  ['policy can shorten the budget', new QboNetworkError({}), 2, half, { policy: { maxAttempts: 2 } }, { retry: false, reason: 'attempts-exhausted:QBO_NETWORK', waitMs: 0 }],
  ['quota block never (lifted only next month)', new QboQuotaExceededError({ status: 429 }), 1, half, {}, { retry: false, reason: 'quota-exceeded', waitMs: 0 }],
  ['validation never', new QboValidationError({ status: 400 }), 1, half, {}, { retry: false, reason: 'validation', waitMs: 0 }],
  ['stale object never (caller re-reads)', new QboStaleObjectError({ status: 400 }), 1, half, {}, { retry: false, reason: 'stale-object', waitMs: 0 }],
  ['not found never', new QboNotFoundError({ status: 400 }), 1, half, {}, { retry: false, reason: 'not-found', waitMs: 0 }],
  ['duplicate requestid in flight: ask again later for the replay', new QboDuplicateRequestError({ status: 400 }), 1, half, {}, { retry: true, reason: 'duplicate-in-flight', waitMs: 750 }],
  ['duplicate requestid past the budget stops', new QboDuplicateRequestError({ status: 400 }), 8, half, {}, { retry: false, reason: 'attempts-exhausted:QBO_DUPLICATE_REQUEST', waitMs: 0 }],
  ['401: refresh, then one retry', new QboAuthError({ status: 401 }), 1, half, {}, { retry: true, reason: 'refresh-then-retry', waitMs: 0, refreshFirst: true }],
  ['401 again after the refresh: stop', new QboAuthError({ status: 401 }), 2, half, { refreshedAfter401: true }, { retry: false, reason: 'auth', waitMs: 0 }],
  ['403 never', new QboAuthError({ status: 403 }), 1, half, {}, { retry: false, reason: 'auth', waitMs: 0 }],
  ['invalid_grant never', new QboReconnectNeededError({ status: 400, oauthError: 'invalid_grant' }), 1, half, {}, { retry: false, reason: 'reconnect-needed', waitMs: 0 }],
  ['unreadable answer never', new QboUnexpectedError({ status: 200 }), 1, half, {}, { retry: false, reason: 'unexpected', waitMs: 0 }],
  ['a plain Error (a bug) never', new Error('boom'), 1, half, {}, { retry: false, reason: 'unknown-error', waitMs: 0 }],
  ['a TypeError (a bug) never', new TypeError('x is undefined'), 1, half, {}, { retry: false, reason: 'unknown-error', waitMs: 0 }],
  ['a thrown string never', 'oops', 1, half, {}, { retry: false, reason: 'unknown-error', waitMs: 0 }],
];

describe('decideRetry', () => {
  it.each(table)('%s', (_name, error, attempt, random, ctx, expected) => {
    expect(decideRetry(error, attempt, random, ctx)).toEqual(expected);
  });

  it('is pure: the same input gives the same output', () => {
    const error = new QboServerError({ status: 500 });
    expect(decideRetry(error, 4, half)).toEqual(decideRetry(error, 4, half));
  });
});

describe('backoffMs', () => {
  it('grows exponentially, stays within [cap/2, cap] and never exceeds the maximum', () => {
    let previousFloor = 0;
    for (let attempt = 1; attempt <= 12; attempt++) {
      const lo = backoffMs(attempt, low);
      const hi = backoffMs(attempt, high);
      expect(lo).toBeGreaterThanOrEqual(previousFloor);
      expect(hi).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
      expect(hi).toBeGreaterThanOrEqual(lo);
      previousFloor = lo;
    }
    expect(backoffMs(12, low)).toBe(15_000);
  });

  it('clamps a random source outside [0, 1)', () => {
    expect(backoffMs(1, () => 7)).toBe(1_000);
    expect(backoffMs(1, () => -3)).toBe(500);
  });
});
