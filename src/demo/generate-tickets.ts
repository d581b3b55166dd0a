/**
 * Realistic demo tickets from a seed, for `npm start`, `tillbooks demo-data`, `npm run demo`
 * and the benchmarks. Lazily generated: a caller can stream 100,000 tickets into the intake
 * without holding them, and the same seed gives the same tickets, byte for byte.
 *
 *   for (const ticket of generateDemoTickets({ seed: 7, locations, dates: ['2026-11-24'] })) …
 */
import TinyQueue from 'tinyqueue';
import { isIsoDate, isValidTimeZone } from '../domain/business-date.js';
import { locationTickets } from './location-tickets.js';
import type { LocationPlan, SentTicket } from './location-tickets.js';
import { defaultTaxRates, parseTaxRate } from './tax-rates.js';
import type { DemoTaxRate } from './tax-rates.js';
import type { DemoTicket } from './ticket-draft.js';

export type { DemoTicket, DemoLine } from './ticket-draft.js';
export type { DemoTaxRate } from './tax-rates.js';

export interface DemoLocation {
  id: string;
  timeZone: string;
  name?: string;
  /** The named taxes rung up there; default: a set that fits the zone (Denver: CO state, RTD, Denver city). */
  taxes?: DemoTaxRate[];
}

export interface DemoOptions {
  /** Any safe integer; the same seed gives the same tickets. */
  seed: number;
  locations: DemoLocation[];
  /** Business dates (YYYY-MM-DD, in each location's zone) to generate; taken in date order, once each. */
  dates: string[];
  /** Tickets per location per day (default 40); a day's count varies by up to ±15% around it. */
  ticketsPerDay?: number;
  /** Include later edits (a second version of some tickets) and voids (default true). */
  edits?: boolean;
}

export const DEFAULT_TICKETS_PER_DAY = 40;
/** A ceiling that keeps a typo (a million a day) from running for hours. */
export const MAX_TICKETS_PER_DAY = 200_000;

/** Locations for a demo that has none of its own: two zones, so business dates differ. */
export const DEMO_LOCATIONS: readonly DemoLocation[] = [
  { id: 'denver-1', name: 'Larimer Street Café & Grocer', timeZone: 'America/Denver' },
  { id: 'brooklyn-1', name: 'Smith Street Café & Grocer', timeZone: 'America/New_York' },
];

/**
 * The tickets, in the order a POS would send them: by the instant they are sent (closedAt,
 * or later for an edit; an edit always after its original), across all locations. Throws a
 * RangeError for options that cannot make sense (unknown zone, bad date, duplicate location).
 */
export function generateDemoTickets(opts: DemoOptions): Generator<DemoTicket> {
  // Checked here, not in the generator body, so bad options fail at the call, not at the first ticket.
  return mergeLocations(makePlans(opts), [...new Set(opts.dates)].sort());
}

function* mergeLocations(plans: readonly LocationPlan[], dates: readonly string[]): Generator<DemoTicket> {
  // A k-way merge of the per-location streams, each already in sending order.
  type Head = { sent: SentTicket; index: number; rest: Iterator<SentTicket> };
  const heads = new TinyQueue<Head>([], (a, b) => a.sent.sentAtMs - b.sent.sentAtMs || a.index - b.index || a.sent.order - b.sent.order);
  plans.forEach((plan, index) => {
    const rest = locationTickets(plan, dates);
    const first = rest.next();
    if (!first.done) heads.push({ sent: first.value, index, rest });
  });
  while (heads.length > 0) {
    const head = heads.pop() as Head;
    yield head.sent.ticket;
    const next = head.rest.next();
    if (!next.done) heads.push({ sent: next.value, index: head.index, rest: head.rest });
  }
}

function makePlans(opts: DemoOptions): LocationPlan[] {
  const ticketsPerDay = opts.ticketsPerDay ?? DEFAULT_TICKETS_PER_DAY;
  if (!Number.isSafeInteger(opts.seed)) throw new RangeError(`seed must be a safe integer, got ${opts.seed}`);
  if (!Number.isInteger(ticketsPerDay) || ticketsPerDay < 1 || ticketsPerDay > MAX_TICKETS_PER_DAY) {
    throw new RangeError(`ticketsPerDay must be a whole number from 1 to ${MAX_TICKETS_PER_DAY}, got ${ticketsPerDay}`);
  }
  for (const date of opts.dates) if (!isIsoDate(date)) throw new RangeError(`"${date}" is not a date YYYY-MM-DD`);
  const seen = new Set<string>();
  return opts.locations.map((loc) => {
    if (loc.id.length < 1 || loc.id.length > 64) throw new RangeError(`location id "${loc.id}" must be 1-64 characters`);
    if (seen.has(loc.id)) throw new RangeError(`location "${loc.id}" is listed twice`);
    seen.add(loc.id);
    if (!isValidTimeZone(loc.timeZone)) throw new RangeError(`location "${loc.id}": "${loc.timeZone}" is not an IANA time zone`);
    return {
      seed: opts.seed, locationId: loc.id, timeZone: loc.timeZone, ticketsPerDay, edits: opts.edits ?? true,
      rates: (loc.taxes ?? defaultTaxRates(loc.timeZone)).map(parseTaxRate),
    };
  });
}
