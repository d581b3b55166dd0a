/**
 * Typed QuickBooks errors with stable codes. The sync engine branches on `code` (never on
 * message text), support asks for `intuitTid`, and `outcomeUnknown` says a write may have
 * happened even though we got no answer, so the caller settles it by lookup, not by re-creating.
 */

export type QboErrorCode =
  | 'QBO_VALIDATION' // QuickBooks refused the content (4xx fault, or a fault in a batch item)
  | 'QBO_RATE_LIMIT' // 429 / ThrottleExceeded past the retry budget
  | 'QBO_QUOTA_EXCEEDED' // the monthly quota of metered reads is used up (3002 QuotaExceeded): not a throttle, never retried
  | 'QBO_AUTH' // 401/403, invalid client, bad OAuth state; not fixable by retrying
  | 'QBO_RECONNECT_NEEDED' // invalid_grant or no tokens: a person must connect the company again
  | 'QBO_NOT_FOUND' // 404, or fault 610 (deleted transaction / inactive name)
  | 'QBO_STALE_OBJECT' // fault 5010: SyncToken out of date, re-read and re-apply
  | 'QBO_SERVER' // 5xx or SystemFault
  | 'QBO_NETWORK' // connection failed or dropped
  | 'QBO_TIMEOUT' // no answer within the client's timeout
  | 'QBO_DUPLICATE_REQUEST' // fault 600: QuickBooks saw this requestid before and did not replay it
  | 'QBO_UNEXPECTED' // an answer we cannot interpret: a bug somewhere, never retried
  | 'QBO_NOT_SENT'; // the caller stopped (a run asked to stop) before the request went out: nothing happened at QuickBooks

/** One `Error` entry of a QuickBooks Fault. */
export interface QboFaultEntry {
  code: string;
  element: string | null;
  message: string;
  detail: string | null;
}

export interface QboErrorInit {
  message?: string;
  status?: number | null;
  intuitTid?: string | null;
  requestId?: string | null;
  faultType?: string | null;
  errors?: readonly QboFaultEntry[];
  /** A write was (or may have been) sent and we do not know whether it happened. */
  outcomeUnknown?: boolean;
  cause?: unknown;
}

export class QboError extends Error {
  readonly code: QboErrorCode;
  readonly status: number | null;
  readonly intuitTid: string | null;
  readonly requestId: string | null;
  readonly faultType: string | null;
  readonly errors: readonly QboFaultEntry[];
  /** Writable: the client sets it when an earlier attempt of the same write went unanswered. */
  outcomeUnknown: boolean;

  constructor(code: QboErrorCode, init: QboErrorInit = {}) {
    super(init.message ?? summarize(code, init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = init.status ?? null;
    this.intuitTid = init.intuitTid ?? null;
    this.requestId = init.requestId ?? null;
    this.faultType = init.faultType ?? null;
    this.errors = Object.freeze([...(init.errors ?? [])]);
    this.outcomeUnknown = init.outcomeUnknown ?? false;
  }

  /** The first fault entry's QuickBooks code (e.g. "6240"), or null when there was no fault. */
  get qboCode(): string | null {
    return this.errors[0]?.code ?? null;
  }
  get element(): string | null {
    return this.errors[0]?.element ?? null;
  }
  get detail(): string | null {
    return this.errors[0]?.detail ?? null;
  }
  get qboMessage(): string | null {
    return this.errors[0]?.message ?? null;
  }

  /** Safe to log: holds no token and no request body. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name, code: this.code, message: this.message, status: this.status,
      intuitTid: this.intuitTid, requestId: this.requestId, faultType: this.faultType,
      errors: this.errors, outcomeUnknown: this.outcomeUnknown,
    };
  }
}

export class QboValidationError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_VALIDATION', init); }
}
export class QboNotFoundError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_NOT_FOUND', init); }
}
export class QboStaleObjectError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_STALE_OBJECT', init); }
}
export class QboServerError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_SERVER', init); }
}
export class QboNetworkError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_NETWORK', init); }
}
export class QboTimeoutError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_TIMEOUT', init); }
}
/**
 * QuickBooks answered "RequestId already exists" (600) instead of replaying the original
 * answer: a request with this id is still in progress, or (UNCONFIRMED when Intuit does this)
 * was done and is not replayed. Either way the write may have happened: an unknown outcome,
 * which the caller settles by lookup.
 */
export class QboDuplicateRequestError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_DUPLICATE_REQUEST', { ...init, outcomeUnknown: true }); }
}
/**
 * The caller's stop (a run stopping: SIGTERM, a lost lease) came while the request waited for
 * its limiter slot, or before a retry: it was never sent (or, when `outcomeUnknown`, an earlier
 * attempt's outcome is still unknown). Never retried; the caller's work simply waits.
 */
export class QboNotSentError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_NOT_SENT', { message: 'not sent: the caller stopped first', ...init }); }
}
export class QboUnexpectedError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_UNEXPECTED', init); }
}

export class QboRateLimitError extends QboError {
  /** From a Retry-After header when QuickBooks sends one (undocumented; normally null). */
  readonly retryAfterMs: number | null;
  constructor(init: QboErrorInit & { retryAfterMs?: number | null } = {}) {
    super('QBO_RATE_LIMIT', init);
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/**
 * The company's (workspace's) monthly quota of metered reads is used up: QuickBooks refuses
 * every CorePlus read until the next month or a higher tier (quickbooks-facts §6). Waiting a
 * minute does not help, so it is never retried; writes still work.
 */
export class QboQuotaExceededError extends QboError {
  constructor(init: QboErrorInit = {}) { super('QBO_QUOTA_EXCEEDED', init); }
}

/** Why authentication failed; `oauthError` holds the token endpoint's `error` when there was one. */
export interface QboAuthInit extends QboErrorInit {
  oauthError?: string | null;
}

export class QboAuthError extends QboError {
  readonly oauthError: string | null;
  constructor(init: QboAuthInit = {}, code: 'QBO_AUTH' | 'QBO_RECONNECT_NEEDED' = 'QBO_AUTH') {
    super(code, init);
    this.oauthError = init.oauthError ?? null;
  }
}

/** The stored grant is dead (invalid_grant, revoked, or never connected): only re-consent helps. */
export class QboReconnectNeededError extends QboAuthError {
  constructor(init: QboAuthInit = {}) { super(init, 'QBO_RECONNECT_NEEDED'); }
}

export function isQboError(value: unknown): value is QboError {
  return value instanceof QboError;
}

function summarize(code: QboErrorCode, init: QboErrorInit): string {
  const first = init.errors?.[0];
  const status = init.status ? ` (HTTP ${init.status})` : '';
  if (!first) return `${code}${status}`;
  const detail = first.detail ? `: ${first.detail}` : '';
  const element = first.element ? ` [${first.element}]` : '';
  return `${code}${status} ${first.code} ${first.message}${element}${detail}`;
}
