/** Everything one simulator holds, and the controls shared by the in-process API and /__sim. */
import type { Clock } from '../lib/clock.js';
import type { Company } from './company.js';
import { companyName, makeCompany } from './company.js';
import { applyPreferenceChanges } from './company-preferences.js';
import type { Body } from './entity-store.js';
import { isEntityName, liveRecords } from './entity-store.js';
import { ENTITY_DEFS } from './entity-registry.js';
import { effectiveFaults } from './faults.js';
import type { OAuthStore } from './oauth.js';
import { meteringSummary, readsThisMonth } from './metering.js';
import { makeOAuthStore } from './oauth.js';
import type { WebhookDispatcher } from './webhooks.js';
import { makeWebhookDispatcher } from './webhooks.js';
import { renderRecord } from './operations.js';
import type { Random } from './random.js';
import { makeRandom } from './random.js';
import type {
  CompanyOptions, Counters, Faults, LimitOptions, MeteringSummary, OAuthApp, PreferenceChanges, PreferenceSummary, QuotaOptions,
  WebhookEndpoint, WebhookOptions,
} from './types.js';

export interface SimState {
  clock: Clock;
  limits: LimitOptions;
  /** The simulator's monthly quota of metered reads per company (metering.ts); null: none. */
  quota: number | null;
  apps: OAuthApp[];
  random: Random;
  oauth: OAuthStore;
  companies: Map<string, Company>;
  globalFaults: Partial<Faults>;
  /** Injected server errors alternate 500, 503, 500... */
  nextServerError: 500 | 503;
  realmCounter: number;
  /** This simulator's number among those made in the process (realm ids carry it). */
  instance: number;
  /** Told after every change worth keeping across a restart; the state file replaces it (default: nothing). */
  changed: () => void;
  webhooks: WebhookDispatcher;
}

// Like Intuit's, realm ids are unique: two simulators in one process (a test worker runs many
// files) never hand out the same one, so nothing keyed by realm (the process's QuickBooks
// limiters) carries over from one simulator's company to another's.
let simulatorsMade = 0;

export function makeSimState(clock: Clock, limits: LimitOptions, apps: OAuthApp[], seed: number, webhooks: WebhookOptions): SimState {
  const random = makeRandom(seed);
  simulatorsMade = (simulatorsMade % 9999) + 1;
  const oauth = makeOAuthStore(apps, clock, () => state.changed());
  const state: SimState = {
    clock, limits, quota: null, apps, random, oauth, companies: new Map(), globalFaults: {}, nextServerError: 500, realmCounter: 0, instance: simulatorsMade,
    changed: () => undefined,
    webhooks: makeWebhookDispatcher({
      clock, apps, random, options: webhooks,
      // A company whose app was disconnected (the fault) sends nothing.
      connectedClients: (realmId) => (state.companies.get(realmId) && faultsOf(state, requireCompany(state, realmId)).disconnected
        ? [] : oauth.connectedClients(realmId)),
    }),
  };
  return state;
}

/**
 * Realm ids look like Intuit's: long decimal strings. The simulator's number, then its counter
 * (which a state file restores, so a reloaded simulator never repeats one of its own).
 */
function nextRealmId(state: SimState): string {
  state.realmCounter += 1;
  return `9341${String(state.instance).padStart(4, '0')}${String(4520 + state.realmCounter * 7919).padStart(8, '0')}`;
}

export function createCompany(state: SimState, opts: CompanyOptions = {}): { realmId: string; name: string } {
  const realmId = nextRealmId(state);
  const name = opts.name?.trim() || `Sandbox Company US ${state.realmCounter}`;
  const company = makeCompany(realmId, {
    name,
    inventoryTracking: opts.inventoryTracking ?? true,
    automatedSalesTax: opts.automatedSalesTax ?? false,
    customTxnNumbers: opts.customTxnNumbers ?? false,
  }, () => state.limits, state.clock);
  state.companies.set(realmId, company);
  state.changed();
  return { realmId, name };
}

export function listCompanies(state: SimState): { realmId: string; name: string }[] {
  return [...state.companies.values()].map((c) => ({ realmId: c.realmId, name: companyName(c) }));
}

export function requireCompany(state: SimState, realmId: string): Company {
  const company = state.companies.get(realmId);
  if (!company) throw new RangeError(`no simulated company ${realmId}`);
  return company;
}

export function faultsOf(state: SimState, company: Company): Faults {
  return effectiveFaults(state.globalFaults, company.faults);
}

export function setFaults(state: SimState, realmId: string, faults: Partial<Faults>): void {
  if (realmId === '*') state.globalFaults = { ...state.globalFaults, ...faults };
  else {
    const company = requireCompany(state, realmId);
    company.faults = { ...company.faults, ...faults };
  }
  if (faults.expireAccessTokens) state.oauth.expireAccessTokens(realmId);
}

export function clearFaults(state: SimState, realmId: string = '*'): void {
  if (realmId === '*') {
    state.globalFaults = {};
    for (const company of state.companies.values()) company.faults = {};
  } else {
    requireCompany(state, realmId).faults = {};
  }
}

export function setPreferences(state: SimState, realmId: string, changes: PreferenceChanges): PreferenceSummary {
  const summary = applyPreferenceChanges(requireCompany(state, realmId), changes, state.clock.now());
  state.changed();
  return summary;
}

export function countersOf(state: SimState, realmId: string): Counters {
  const company = requireCompany(state, realmId);
  return structuredClone({ ...company.counters, maxConcurrency: company.limiter.maxConcurrency(),
    maxPerMinute: company.limiter.maxPerMinute(), maxBatchesPerMinute: company.limiter.maxBatchesPerMinute(),
    meteredReads: readsThisMonth(company, state.clock.now()), meteredReadsByMonth: Object.fromEntries(company.metering.reads),
    quotaBlocked: company.metering.blocked });
}

/** The limits in force for a company: its overrides over the simulator's. */
export function limitsOf(state: SimState, company: Company): LimitOptions {
  return { ...state.limits, ...company.limitOverrides };
}

/** Changes the simulator's limits ('*') or one company's; returns what is then in force there. */
export function setLimits(state: SimState, realmId: string, limits: Partial<LimitOptions>): LimitOptions {
  if (realmId === '*') {
    state.limits = { ...state.limits, ...limits };
    return state.limits;
  }
  const company = requireCompany(state, realmId);
  company.limitOverrides = { ...company.limitOverrides, ...limits };
  return limitsOf(state, company);
}

/** Sets the simulator's quota ('*'), or one company's (null: the company follows the simulator's again). */
export function setQuota(state: SimState, realmId: string, quota: QuotaOptions | null): void {
  if (realmId === '*') {
    state.quota = quota?.monthlyReads ?? null;
    return;
  }
  const company = requireCompany(state, realmId);
  if (quota === null) delete company.metering.monthlyReads;
  else company.metering.monthlyReads = quota.monthlyReads;
}

/** Sets or removes an app's webhook endpoint (default: the first app); RangeError for an unknown app. */
export function setWebhook(state: SimState, endpoint: WebhookEndpoint | null, clientId = state.apps[0]?.clientId ?? ''): void {
  const app = state.apps.find((a) => a.clientId === clientId);
  if (!app) throw new RangeError(`unknown clientId ${clientId}`);
  if (endpoint === null) delete app.webhook;
  else app.webhook = endpoint;
  state.changed();
}

export function meteringOf(state: SimState, realmId: string): MeteringSummary {
  return meteringSummary(requireCompany(state, realmId), state.quota, state.clock.now());
}

export function documentsOf(state: SimState, realmId: string, entity?: string): Body[] {
  const company = requireCompany(state, realmId);
  if (entity !== undefined && !isEntityName(entity)) throw new RangeError(`unknown entity ${entity}`);
  const names = entity !== undefined ? [entity] : ENTITY_DEFS.map((d) => d.name);
  return names
    .flatMap((name) => liveRecords(company.store, name))
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((record) => ({ ...renderRecord(company, record), ...(entity === undefined ? { _entity: record.entity } : {}) }));
}

export function resetState(state: SimState): void {
  state.companies.clear();
  state.globalFaults = {};
  state.oauth.reset();
  state.webhooks.reset();
  state.nextServerError = 500;
  state.changed();
}
