/**
 * A simulated QuickBooks company (realm): its records, settings, limits, remembered requestids,
 * counters and faults.
 */
import type { Clock } from '../lib/clock.js';
import type { CompanySettings } from './company-defaults.js';
import { seedCompany } from './company-defaults.js';
import type { Body, RecordStore, Stored } from './entity-store.js';
import { findRecord, makeRecordStore, restoreRecordStore } from './entity-store.js';
import type { Limiter } from './limits.js';
import { makeLimiter } from './limits.js';
import type { CompanyMetering } from './metering.js';
import { emptyMetering } from './metering.js';
import type { RecordedResponse, RequestIdMemory } from './request-ids.js';
import { makeRequestIdMemory } from './request-ids.js';
import type { Counters, Faults, LimitOptions, LoggedRequest } from './types.js';
import { emptyCounters } from './types.js';

export interface Company {
  realmId: string;
  store: RecordStore;
  /** Next number QuickBooks assigns to a sales form (Invoice, SalesReceipt, RefundReceipt share it). */
  nextDocNumber: number;
  counters: Counters;
  faults: Partial<Faults>;
  requestIds: RequestIdMemory;
  limiter: Limiter;
  /** Limits of this company only (sim.setLimits(realmId, …)), over the simulator's. */
  limitOverrides: Partial<LimitOptions>;
  /** Metered reads and this company's own read quota (metering.ts). */
  metering: CompanyMetering;
  /** Requests received (the last REQUEST_LOG_SIZE), for tests that count what a client asked. */
  requestLog: LoggedRequest[];
}

export const REQUEST_LOG_SIZE = 50_000;

export function logRequest(company: Company, entry: LoggedRequest): void {
  // Trimmed in chunks, so a long benchmark does not shift the array on every request.
  if (company.requestLog.length >= REQUEST_LOG_SIZE) company.requestLog.splice(0, REQUEST_LOG_SIZE / 10);
  company.requestLog.push(entry);
}

/** The company's limits in force: its own overrides over the simulator's (read at each request). */
function withLimiter(company: Omit<Company, 'limiter'>, limits: () => LimitOptions, clock: Clock): Company {
  const full = company as Company;
  full.limiter = makeLimiter(() => ({ ...limits(), ...full.limitOverrides }), clock);
  return full;
}

export function makeCompany(realmId: string, settings: CompanySettings, limits: () => LimitOptions, clock: Clock): Company {
  const store = makeRecordStore();
  seedCompany(store, settings, realmId, clock.now());
  return withLimiter({
    realmId,
    store,
    nextDocNumber: 1001,
    counters: emptyCounters(),
    faults: {},
    requestIds: makeRequestIdMemory(),
    limitOverrides: {},
    metering: emptyMetering(),
    requestLog: [],
  }, limits, clock);
}

/** What of a company survives a restart: records, numbering and remembered requestids (counters, faults and limits start afresh). */
export interface CompanySnapshot {
  realmId: string;
  nextId: number;
  nextDocNumber: number;
  records: Stored[];
  requestIds: [string, RecordedResponse][];
  /** Metered reads per month (billing data: kept); absent in files written before metering. */
  meteredReads?: Record<string, number>;
}

export function snapshotCompany(company: Company): CompanySnapshot {
  const records = [...company.store.tables.values()].flatMap((table) => [...table.values()]);
  return {
    realmId: company.realmId, nextId: company.store.nextId, nextDocNumber: company.nextDocNumber,
    records, requestIds: company.requestIds.entries(), meteredReads: Object.fromEntries(company.metering.reads),
  };
}

export function restoreCompany(snapshot: CompanySnapshot, limits: () => LimitOptions, clock: Clock): Company {
  return withLimiter({
    realmId: snapshot.realmId,
    store: restoreRecordStore(snapshot.records, snapshot.nextId),
    nextDocNumber: snapshot.nextDocNumber,
    counters: emptyCounters(),
    faults: {},
    requestIds: makeRequestIdMemory(snapshot.requestIds),
    limitOverrides: {},
    metering: emptyMetering(snapshot.meteredReads),
    requestLog: [],
  }, limits, clock);
}

export function companyName(company: Company): string {
  return String(findRecord(company.store, 'CompanyInfo', '1')?.body.CompanyName ?? company.realmId);
}

function preferences(company: Company): Body {
  return findRecord(company.store, 'Preferences', '1')?.body ?? {};
}

/** A boolean preference such as ('SalesFormsPrefs', 'CustomTxnNumbers'). */
export function preference(company: Company, section: string, key: string): boolean {
  const group = preferences(company)[section] as Body | undefined;
  return group?.[key] === true;
}

/** AccountingInfoPrefs.BookCloseDate: transactions dated on or before it are locked (6210); absent while the books are open. */
export function bookCloseDate(company: Company): string | undefined {
  const group = preferences(company).AccountingInfoPrefs as Body | undefined;
  return typeof group?.BookCloseDate === 'string' ? group.BookCloseDate : undefined;
}

export const prefs = {
  inventoryTracking: (c: Company) => preference(c, 'ProductAndServicesPrefs', 'QuantityOnHand'),
  automatedSalesTax: (c: Company) => preference(c, 'TaxPrefs', 'PartnerTaxEnabled'),
  customTxnNumbers: (c: Company) => preference(c, 'SalesFormsPrefs', 'CustomTxnNumbers'),
  allowDiscount: (c: Company) => preference(c, 'SalesFormsPrefs', 'AllowDiscount'),
  trackDepartments: (c: Company) => preference(c, 'AccountingInfoPrefs', 'TrackDepartments'),
  classPerTxn: (c: Company) => preference(c, 'AccountingInfoPrefs', 'ClassTrackingPerTxn'),
  classPerLine: (c: Company) => preference(c, 'AccountingInfoPrefs', 'ClassTrackingPerTxnLine'),
};
