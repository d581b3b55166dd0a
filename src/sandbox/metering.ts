/**
 * Intuit's metered reads (quickbooks-facts §6, App Partner Program): every CorePlus call — a query, a GET of
 * an entity, a report, a CDC call, and each query / report / CDC item of a batch — is counted per
 * company and calendar month; writes (Core) and OAuth are not. Only successful calls count (as
 * Intuit bills them): a read refused by a throttle, a quota block, a fault or a 4xx is free.
 * The month is the calendar month of the simulator's clock in US Pacific time (the zone of
 * QuickBooks' timestamps, qbo-time.ts).
 *
 * An optional monthly quota (per simulator, or per company over it): once a company's reads of the
 * month reach it, every further metered read of that company is blocked until the next month;
 * writes go on. How Intuit signals the block is UNCONFIRMED (quickbooks-facts §6: "blocked (429)"). The
 * simulator takes the stricter reading: the same HTTP 429 and the same XML envelope as the
 * throttle, so a client that branches on the status alone cannot tell them apart, but a
 * different Error code and message — 3002 `QuotaExceeded` instead of 3001 `ThrottleExceeded` —
 * and a Detail naming the quota and the day the block ends. Waiting a minute does not lift it.
 * In a batch, each metered item gets that Fault (type SERVICE, code 3002); write items still run.
 */
import type { Company } from './company.js';
import type { Body } from './entity-store.js';
import { responseTime, today } from './qbo-time.js';
import type { MeteringSummary, QuotaOptions } from './types.js';

export interface CompanyMetering {
  /** Successful metered reads per month ('2026-11'). */
  reads: Map<string, number>;
  /** Reads refused by a quota block (since the simulator started). */
  blocked: number;
  /** This company's own quota: a number, null (none, whatever the simulator's), undefined (the simulator's). */
  monthlyReads?: number | null;
}

export function emptyMetering(saved?: Record<string, number>): CompanyMetering {
  return { reads: new Map(Object.entries(saved ?? {})), blocked: 0 };
}

export function monthOf(nowMs: number): string {
  return today(nowMs).slice(0, 7);
}

function nextMonthStart(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return mon === 12 ? `${year + 1}-01-01` : `${year}-${String(mon + 1).padStart(2, '0')}-01`;
}

export function readsThisMonth(company: Company, nowMs: number): number {
  return company.metering.reads.get(monthOf(nowMs)) ?? 0;
}

export function quotaOf(company: Company, simulatorQuota: number | null): number | null {
  return company.metering.monthlyReads === undefined ? simulatorQuota : company.metering.monthlyReads;
}

/** True when the company's next metered read is refused. */
export function readsBlocked(company: Company, simulatorQuota: number | null, nowMs: number): boolean {
  const quota = quotaOf(company, simulatorQuota);
  return quota !== null && readsThisMonth(company, nowMs) >= quota;
}

export function countRead(company: Company, nowMs: number, n = 1): void {
  const month = monthOf(nowMs);
  company.metering.reads.set(month, (company.metering.reads.get(month) ?? 0) + n);
}

export function meteringSummary(company: Company, simulatorQuota: number | null, nowMs: number): MeteringSummary {
  const blocked = readsBlocked(company, simulatorQuota, nowMs);
  return {
    month: monthOf(nowMs), meteredReads: readsThisMonth(company, nowMs), monthlyReads: quotaOf(company, simulatorQuota),
    blocked, blockedUntil: blocked ? nextMonthStart(monthOf(nowMs)) : null, quotaBlocked: company.metering.blocked,
  };
}

function quotaDetail(quota: number, nowMs: number): string {
  return `The monthly quota of ${quota} CorePlus (read) calls for this workspace was reached; `
    + `reads are blocked until ${nextMonthStart(monthOf(nowMs))}. Writes are not affected.`;
}

const QUOTA_MESSAGE = 'message=QuotaExceeded; errorCode=003002; statusCode=429';

/** The answer to a blocked read: 429, XML like the throttle's, code 3002. */
export function quotaXml(quota: number, nowMs: number): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${responseTime(nowMs)}"><Fault type="SERVICE"><Error code="3002" element=""><Message>${QUOTA_MESSAGE}</Message><Detail>${quotaDetail(quota, nowMs)}</Detail></Error></Fault></IntuitResponse>`;
}

/** The Fault of a blocked metered batch item. */
export function quotaBatchFault(quota: number, nowMs: number): Body {
  return { type: 'SERVICE', Error: [{ Message: QUOTA_MESSAGE, Detail: quotaDetail(quota, nowMs), code: '3002', element: '' }] };
}

/** Batch item payloads that are CorePlus reads. */
const METERED_ITEM_KEYS = ['Query', 'CDCQuery', 'ReportQuery'];
const METERED_RESPONSE_KEYS = ['QueryResponse', 'CDCResponse', 'Report'];

export function isMeteredItem(item: Body): boolean {
  return METERED_ITEM_KEYS.some((k) => item[k] !== undefined);
}

export function isSuccessfulRead(response: Body): boolean {
  return response.Fault === undefined && METERED_RESPONSE_KEYS.some((k) => response[k] !== undefined);
}

/** Checks a quota from outside (options, an HTTP body); throws a TypeError naming the problem. */
export function parseQuota(input: unknown): QuotaOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('quota must be a JSON object');
  for (const key of Object.keys(input)) if (key !== 'monthlyReads') throw new TypeError(`unknown quota setting ${key}`);
  const value = (input as { monthlyReads?: unknown }).monthlyReads;
  if (value !== null && !(typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
    throw new TypeError('monthlyReads must be an integer >= 0, or null for no quota');
  }
  return { monthlyReads: value };
}
