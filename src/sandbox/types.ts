/**
 * The simulator's public contract: what tests, the demo, benchmarks and the CLI code against.
 * Everything here is plain data so a separate process can drive the same controls over HTTP.
 */
import type { Clock } from '../lib/clock.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookFaults, WebhookOptions } from './webhook-types.js';

export type { CloudEvent, WebhookDelivery, WebhookEndpoint, WebhookFaults, WebhookOptions } from './webhook-types.js';

export interface OAuthApp {
  clientId: string;
  clientSecret: string;
  /** Exact URLs, or `http://host:*` to accept any port and path on that host. */
  redirectUris: string[];
  /** Where change notifications of the companies connected through this app go (webhooks.ts); default none. */
  webhook?: WebhookEndpoint;
}

export interface LimitOptions {
  /** Default true. */
  enabled: boolean;
  /** Admitted requests per sliding 60 s of clock time; default 500. */
  perMinute: number;
  /** Requests in flight at once; default 10. */
  concurrent: number;
  /** Admitted batch requests per sliding 60 s; default 40. */
  batchPerMinute: number;
  /** Each batch item also counts toward perMinute (UNCONFIRMED at Intuit: the stricter reading); default true. */
  meterBatchItems: boolean;
}

export interface QuotaOptions {
  /** Metered (CorePlus) reads a company may make per calendar month of the simulator's clock; null: no quota. */
  monthlyReads: number | null;
}

/** A company's metered reads this month, and whether its reads are blocked (metering.ts). */
export interface MeteringSummary {
  month: string;
  meteredReads: number;
  monthlyReads: number | null;
  blocked: boolean;
  /** The first day reads work again, while blocked. */
  blockedUntil: string | null;
  /** Reads refused by the quota since the simulator started. */
  quotaBlocked: number;
}

export interface SimulatorOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default systemClock (or a scaled clock when timeScale is given). */
  clock?: Clock;
  /** Shorthand for clock = makeScaledClock(timeScale); default 1. */
  timeScale?: number;
  limits?: Partial<LimitOptions>;
  /** A monthly quota of metered reads for every company (Intuit's Builder tier: 500,000); default none. */
  quota?: QuotaOptions;
  /** Registered OAuth apps; default one app, see DEFAULT_APP (give it a `webhook` to receive notifications). */
  apps?: OAuthApp[];
  webhooks?: Partial<WebhookOptions>;
  /** Seeds fault randomness so runs repeat; default 1. */
  seed?: number;
  /**
   * A JSON file holding the simulator's state across restarts (companies and their documents,
   * OAuth apps, codes and tokens, remembered requestids); default none (state lives in memory
   * only). Read at start when it exists; written atomically at most once a second after a
   * change, and on close. Counters, faults and throttle windows start afresh.
   */
  stateFile?: string;
  /**
   * Skip the consent page: every valid authorization request is approved at once for the
   * company of this name (made on first use), as a stand-in QuickBooks server does. Default:
   * the consent page, where a person chooses a company.
   */
  autoApprove?: string;
}

export interface Faults {
  /** 0..1: answer 500 or 503 (alternating) before doing anything. */
  serverErrorRate: number;
  /** Real milliseconds added before answering each API request. */
  latencyMs: number;
  latencyJitterMs: number;
  /** Real milliseconds added per item of a batch (a plain request is one item), on top of latencyMs: QuickBooks' work grows with the items. */
  latencyPerItemMs: number;
  /** 0..1: destroy the socket before the write happens. */
  resetBeforeWriteRate: number;
  /** 0..1: do the write (and remember its requestid), then destroy the socket. */
  resetAfterCommitRate: number;
  /** 0..1: answer 429 (XML ThrottleExceeded) regardless of counts. */
  throttleRate: number;
  /** Every current access token is treated as expired (401) once set. */
  expireAccessTokens: boolean;
  /** The refresh_token grant answers 400 {"error":"invalid_grant"}. */
  invalidGrantOnRefresh: boolean;
  /** The company revoked the app: API 401 (AuthenticationFailed), refresh invalid_grant. */
  disconnected: boolean;
}

export interface Counters {
  requests: number;
  batchRequests: number;
  batchItems: number;
  itemsPerBatch: number[];
  throttled: number;
  maxConcurrency: number;
  /** Peak request units (a batch item counts as one with meterBatchItems) in one sliding minute. */
  maxPerMinute: number;
  /** Peak batch requests in one sliding minute. */
  maxBatchesPerMinute: number;
  writes: number;
  writesWithoutRequestId: number;
  replays: number;
  serverErrors: number;
  resets: number;
  tokenRefreshes: number;
  /** Successful metered (CorePlus) reads of the current month of the simulator's clock (metering.ts). */
  meteredReads: number;
  /** The same, per month ('2026-11'), kept across restarts with a state file. */
  meteredReadsByMonth: Record<string, number>;
  /** Metered reads refused because the company's monthly quota was used up. */
  quotaBlocked: number;
}

/** One API request addressed to a company, as the simulator received it (sim.requestLog). */
export interface LoggedRequest {
  /** Clock time it arrived. */
  at: number;
  method: string;
  /** After /v3/company/{realmId}/, without the query string: 'query', 'batch', 'invoice/12'. */
  path: string;
  /** The query statement of a /query request (GET parameter or POST body), else null. */
  query: string | null;
  /** The Query items of a batch, in order. */
  batchQueries: string[];
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'bearer';
  expires_in: number;
  x_refresh_token_expires_in: number;
}

export interface CompanyOptions {
  name?: string;
  /** Default true. */
  inventoryTracking?: boolean;
  /** Default false. */
  automatedSalesTax?: boolean;
  /** Default false: QuickBooks numbers sales forms itself. */
  customTxnNumbers?: boolean;
}

/**
 * Company settings a person changes in QuickBooks' settings screens; an absent field is left as
 * it is. Spelled like CompanyOptions, except BookCloseDate, spelled as Preferences spells it.
 */
export interface PreferenceChanges {
  /** Books closed through this date (yyyy-MM-dd); null reopens them. */
  BookCloseDate?: string | null;
  inventoryTracking?: boolean;
  automatedSalesTax?: boolean;
  customTxnNumbers?: boolean;
  /** Class tracking: off, one class per transaction (ClassTrackingPerTxn) or per line (ClassTrackingPerTxnLine). */
  classTracking?: 'off' | 'perTxn' | 'perLine';
  /** Location tracking (TrackDepartments). */
  trackDepartments?: boolean;
  /** What QuickBooks calls a Department here: Business, Department, Division, Location, Property, Store or Territory. */
  departmentTerminology?: string;
}

/** A company's settings as the simulator acts on them. */
export interface PreferenceSummary {
  BookCloseDate: string | null;
  inventoryTracking: boolean;
  automatedSalesTax: boolean;
  customTxnNumbers: boolean;
  classTracking: 'off' | 'perTxn' | 'perLine';
  trackDepartments: boolean;
  departmentTerminology: string;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). */
  url: string;
  urls: { api: string; authorize: string; token: string; revoke: string };
  createCompany(opts?: CompanyOptions): { realmId: string; name: string };
  /** Test shortcut: the token response a completed consent would give (bypasses the page). */
  issueTokens(realmId: string, clientId?: string): TokenResponse;
  /** Changes the company's Preferences as a person would (a new SyncToken); returns the settings now in force. */
  setPreferences(realmId: string, prefs: PreferenceChanges): PreferenceSummary;
  setFaults(realmId: string | '*', faults: Partial<Faults>): void;
  clearFaults(realmId?: string | '*'): void;
  counters(realmId: string): Counters;
  /**
   * Changes the limits of the whole simulator ('*') or of one company (over the simulator's), at
   * once; returns the limits then in force there. E.g. { meterBatchItems: false }: the lenient
   * reading, a batch spends 1 of the 500 a minute whatever its items.
   */
  setLimits(realmId: string | '*', limits: Partial<LimitOptions>): LimitOptions;
  /** Sets (or lifts, monthlyReads null) the monthly read quota of the simulator ('*') or of one company; null: the company follows the simulator's again. */
  setQuota(realmId: string | '*', quota: QuotaOptions | null): void;
  metering(realmId: string): MeteringSummary;
  /** The company's API requests since it was created or the simulator started (the last 50,000), oldest first; refused ones too. */
  requestLog(realmId: string): LoggedRequest[];
  /** Notifications sent or waiting, oldest first; with a realm, those carrying a change of that company. */
  webhooks(filter?: { realmId?: string; state?: WebhookDelivery['state'] }): WebhookDelivery[];
  /** Sets (or removes, null) the webhook endpoint of an app (default: the first app). */
  setWebhook(endpoint: WebhookEndpoint | null, clientId?: string): void;
  setWebhookFaults(faults: Partial<WebhookFaults>): void;
  /** Sends the changes gathered so far now, and resolves once every waiting notification had an attempt (retries keep their schedule). */
  flushWebhooks(): Promise<void>;
  /** Stored entities (including voided ones, not deleted ones), in Id order. */
  documents(realmId: string, entity?: string): Record<string, unknown>[];
  /** Forget every company, token, counter and fault (and so empties the state file, when there is one). */
  reset(): void;
  /** Stops the server, then writes the state file (when there is one) if anything changed. */
  close(): Promise<void>;
}

export const DEFAULT_APP: OAuthApp = {
  clientId: 'tillbooks-simulator',
  clientSecret: 'tillbooks-simulator-secret',
  redirectUris: ['http://localhost:*', 'http://127.0.0.1:*'],
};

export const DEFAULT_LIMITS: LimitOptions = {
  enabled: true,
  perMinute: 500,
  concurrent: 10,
  batchPerMinute: 40,
  meterBatchItems: true,
};

export const NO_FAULTS: Faults = {
  serverErrorRate: 0,
  latencyMs: 0,
  latencyJitterMs: 0,
  latencyPerItemMs: 0,
  resetBeforeWriteRate: 0,
  resetAfterCommitRate: 0,
  throttleRate: 0,
  expireAccessTokens: false,
  invalidGrantOnRefresh: false,
  disconnected: false,
};

export function emptyCounters(): Counters {
  return {
    requests: 0, batchRequests: 0, batchItems: 0, itemsPerBatch: [], throttled: 0, maxConcurrency: 0, maxPerMinute: 0, maxBatchesPerMinute: 0,
    writes: 0, writesWithoutRequestId: 0, replays: 0, serverErrors: 0, resets: 0, tokenRefreshes: 0,
    meteredReads: 0, meteredReadsByMonth: {}, quotaBlocked: 0,
  };
}
