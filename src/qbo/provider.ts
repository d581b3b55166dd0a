/**
 * QuickBooks Online provider facts as data: endpoints, the minor version, the per-company
 * limits and the scopes. Everything else in src/qbo reads these instead of hard-coding them,
 * so the simulator, Intuit's sandbox and production differ only here.
 * Sources: docs/quickbooks-facts.md §1, §2, §3, §4, §5, §8; the tags in parentheses (LIM, MV...) are listed in its §15.
 */

export type QboEnvironment = 'simulator' | 'sandbox' | 'production';

export interface QboLimits {
  /** Requests per sliding minute per company (LIM). */
  perMinute: number;
  /** Requests in flight at once per company and app (CONC16). */
  concurrent: number;
  /** Batch requests per sliding minute per company and app (LIM). */
  batchPerMinute: number;
  /** Operations in one batch request (LIM, BATCH23). */
  batchItems: number;
  /**
   * Whether each batch ITEM also counts toward `perMinute`. UNCONFIRMED at Intuit ("each item
   * is reportedly metered like a normal call"); we take the stricter reading, as does the
   * simulator by default.
   */
  meterBatchItems: boolean;
  /** The window the per-minute limits are counted over. */
  windowMs: number;
}

export interface QboEndpoints {
  /** API base; requests go to `${apiBase}/v3/company/${realmId}/...` (no trailing slash). */
  apiBase: string;
  authorize: string;
  token: string;
  revoke: string;
}

export interface QboProvider extends QboEndpoints {
  env: QboEnvironment;
  /** Sent on every call; values below 75 are retired and served as 75 (MV). */
  minorVersion: number;
  limits: QboLimits;
  scopes: readonly string[];
  /** `requestid` max length for single writes and for batch requests (RID15). */
  requestIdMaxLength: number;
  batchRequestIdMaxLength: number;
  /** Rows per query page; more is a 4001 validation error (Q). */
  maxQueryResults: number;
  /** QuickBooks abandons a request after this long (LIM), so a request is "over" by then. */
  serverTimeoutMs: number;
  /** Plain http:// endpoints are allowed only for the local simulator. */
  allowInsecure: boolean;
}

export const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

export const DEFAULT_LIMITS: Readonly<QboLimits> = Object.freeze({
  perMinute: 500,
  concurrent: 10,
  batchPerMinute: 40,
  batchItems: 30,
  meterBatchItems: true,
  windowMs: 60_000,
});

// Intuit uses the same authorization, token and revoke hosts for sandbox and production (DISC).
const INTUIT_OAUTH = {
  authorize: 'https://appcenter.intuit.com/connect/oauth2',
  token: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  revoke: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
} as const;

const API_BASES: Record<Exclude<QboEnvironment, 'simulator'>, string> = {
  sandbox: 'https://sandbox-quickbooks.api.intuit.com',
  production: 'https://quickbooks.api.intuit.com',
};

export type QboProviderOverrides = Partial<QboEndpoints> & { limits?: Partial<QboLimits> };

/**
 * The facts for one environment. For 'simulator' the caller must give every URL (the
 * simulator listens on an ephemeral port); for Intuit's environments overrides are optional.
 */
export function makeQboProvider(env: QboEnvironment, overrides: QboProviderOverrides = {}): QboProvider {
  const endpoints = resolveEndpoints(env, overrides);
  return Object.freeze({
    env,
    ...endpoints,
    minorVersion: 75,
    limits: Object.freeze({ ...DEFAULT_LIMITS, ...overrides.limits }),
    scopes: Object.freeze([ACCOUNTING_SCOPE]),
    requestIdMaxLength: 50,
    batchRequestIdMaxLength: 36,
    maxQueryResults: 1000,
    serverTimeoutMs: 120_000,
    allowInsecure: env === 'simulator',
  });
}

function resolveEndpoints(env: QboEnvironment, o: QboProviderOverrides): QboEndpoints {
  if (env === 'simulator') {
    const { apiBase, authorize, token, revoke } = o;
    if (!apiBase || !authorize || !token || !revoke) {
      throw new TypeError('the simulator provider needs apiBase, authorize, token and revoke URLs');
    }
    return { apiBase: trimSlash(apiBase), authorize, token, revoke };
  }
  return {
    apiBase: trimSlash(o.apiBase ?? API_BASES[env]),
    authorize: o.authorize ?? INTUIT_OAUTH.authorize,
    token: o.token ?? INTUIT_OAUTH.token,
    revoke: o.revoke ?? INTUIT_OAUTH.revoke,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
