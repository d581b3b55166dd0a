/**
 * Turns what QuickBooks answered (an HTTP status, headers and a body, or one batch item's
 * Fault) into a typed QboError. Branches on the HTTP status first and on fault codes second,
 * because gateway errors carry codes (3001, 3100, 3200) that sit in the "validation" range
 * (quickbooks-facts §7).
 */
import {
  QboAuthError, QboDuplicateRequestError, QboNotFoundError, QboQuotaExceededError, QboRateLimitError,
  QboServerError, QboStaleObjectError, QboUnexpectedError, QboValidationError,
} from './errors.js';
import type { QboError, QboErrorCode, QboErrorInit } from './errors.js';
import { parseFaultBody } from './fault.js';
import type { ParsedFault } from './fault.js';

export interface ResponseContext {
  requestId: string | null;
  /** The request could have changed data (create/update/delete/void/batch). */
  isWrite: boolean;
  /** Epoch ms (wall time) to turn an HTTP-date Retry-After into a delay. */
  nowMs: number;
}

export interface HttpAnswer {
  status: number;
  /** Fetch's Headers or the plain view of another transport (http.ts): names are case-insensitive. */
  headers: { get(name: string): string | null };
  body: string;
}

/** The error for a non-2xx answer, or for a 2xx answer that still holds a Fault. */
export function errorFromAnswer(answer: HttpAnswer, ctx: ResponseContext): QboError {
  const fault = parseFaultBody(answer.body);
  const code = classifyFault(answer.status, fault);
  const init: QboErrorInit = {
    status: answer.status,
    intuitTid: answer.headers.get('intuit_tid'),
    requestId: ctx.requestId,
    faultType: fault?.type ?? null,
    errors: fault?.errors ?? [],
    // A 5xx may come from a gateway after QuickBooks committed the write: strict reading.
    outcomeUnknown: ctx.isWrite && code === 'QBO_SERVER',
  };
  if (!fault && answer.status < 500 && answer.status !== 429 && answer.status !== 401 && answer.status !== 403) {
    init.message = `QuickBooks answered HTTP ${answer.status} without a Fault: ${answer.body.slice(0, 200)}`;
  }
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'), ctx.nowMs);
  return makeError(code, init, retryAfterMs);
}

/** The error for one batch item's Fault (the envelope itself was answered 200). */
export function errorFromFault(fault: ParsedFault, ctx: { requestId: string | null; intuitTid: string | null; isWrite: boolean }): QboError {
  const code = classifyFault(null, fault);
  return makeError(code, {
    status: null,
    intuitTid: ctx.intuitTid,
    requestId: ctx.requestId,
    faultType: fault.type,
    errors: fault.errors,
    outcomeUnknown: ctx.isWrite && code === 'QBO_SERVER',
  }, null);
}

/** Which stable code an answer maps to; `status` null for a batch item. Exported for tests. */
export function classifyFault(status: number | null, fault: ParsedFault | null): QboErrorCode {
  const codes = new Set((fault?.errors ?? []).map((e) => e.code.replace(/^0+(?=\d)/, '')));
  const type = (fault?.type ?? '').toLowerCase();
  const throttled = (fault?.errors ?? []).some((e) => /ThrottleExceeded/i.test(e.message));
  // Before the throttle: a quota block may come with the throttle's 429 (or a 403), told apart
  // only by its code (quickbooks-facts §6).
  if (isQuotaFault(fault)) return 'QBO_QUOTA_EXCEEDED';
  if (status === 429 || codes.has('3001') || throttled) return 'QBO_RATE_LIMIT';
  if (status === 401 || status === 403) return 'QBO_AUTH';
  if (type.startsWith('authentication') || type.startsWith('authoriz')) return 'QBO_AUTH';
  if (['100', '120', '3100', '3200'].some((c) => codes.has(c))) return 'QBO_AUTH';
  if (status !== null && status >= 500) return 'QBO_SERVER';
  if (codes.has('600')) return 'QBO_DUPLICATE_REQUEST';
  if (codes.has('5010')) return 'QBO_STALE_OBJECT';
  if (status === 404 || codes.has('610')) return 'QBO_NOT_FOUND';
  if (type === 'systemfault') return 'QBO_SERVER';
  // A 4xx without any Fault (405, 415, an HTML page) means we sent something wrong: a bug.
  return fault ? 'QBO_VALIDATION' : 'QBO_UNEXPECTED';
}

/** The monthly read quota's Fault: code 3002 or a QuotaExceeded message (the simulator's reading of Intuit's). */
function isQuotaFault(fault: ParsedFault | null): boolean {
  return (fault?.errors ?? []).some((e) => e.code.replace(/^0+(?=\d)/, '') === '3002' || /QuotaExceeded/i.test(e.message));
}

/** Retry-After in ms: delta-seconds or an HTTP-date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

function makeError(code: QboErrorCode, init: QboErrorInit, retryAfterMs: number | null): QboError {
  switch (code) {
    case 'QBO_RATE_LIMIT': return new QboRateLimitError({ ...init, retryAfterMs });
    case 'QBO_QUOTA_EXCEEDED': return new QboQuotaExceededError(init);
    case 'QBO_AUTH': return new QboAuthError(init);
    case 'QBO_SERVER': return new QboServerError(init);
    case 'QBO_DUPLICATE_REQUEST': return new QboDuplicateRequestError(init);
    case 'QBO_STALE_OBJECT': return new QboStaleObjectError(init);
    case 'QBO_NOT_FOUND': return new QboNotFoundError(init);
    case 'QBO_VALIDATION': return new QboValidationError(init);
    default: return new QboUnexpectedError(init);
  }
}
