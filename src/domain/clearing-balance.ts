/**
 * A processor's clearing account as money in transit (records-format.md, "How they post"; issue
 * 15 item 4): card tenders go in (dated by their business date), payouts take their gross out
 * (dated by the day they reached the bank), and what is left is still on its way to the bank.
 * Pure: the caller gathers the tenders and payouts; this adds them up, day by day, and says
 * what looks wrong:
 *
 * - `aged`: money has sat in clearing longer than the processor's usual delay. Payouts are taken
 *   to pay the oldest tenders first, so whatever of the tenders older than the delay the payouts
 *   have not covered is late.
 * - `mismatch`: a payout whose gross is not the card tenders of the days it covers
 *   (`periodStart`…`periodEnd`, read as the dates they name; an end at midnight sharp excludes
 *   that day). Its net is gross − fees + adjustments, so a gross that differs from those tenders
 *   is a difference its fees and adjustments do not explain. Checked only for payouts saying
 *   what they cover, and only from the day tenders went to the clearing account.
 * - `negative`: more paid out than went in.
 *
 * Integer cents throughout.
 */
import { formatCents, sumCents } from './money.js';
import type { Cents } from './money.js';

export const DEFAULT_USUAL_DELAY_DAYS = 5;
export const MAX_USUAL_DELAY_DAYS = 60;

/** Card tenders of one store and business date that went to the clearing account (refunds negative). */
export interface ClearingTender {
  date: string;
  locationId: string;
  cents: Cents;
}

export interface ClearingPayout {
  id: string;
  locationId?: string | null;
  arrivalDate: string;
  gross: Cents;
  fees: Cents;
  adjustments: Cents;
  net: Cents;
  periodStart?: string;
  periodEnd?: string;
}

export interface ClearingInput {
  /** The first business date whose card tenders went to the clearing account. */
  from: string;
  usualDelayDays: number;
  /** The date the balance is looked at (ages are counted to it). */
  today: string;
  tenders: readonly ClearingTender[];
  payouts: readonly ClearingPayout[];
}

export interface ClearingDay {
  date: string;
  tendersIn: Cents;
  payoutsOut: Cents;
  /** In clearing at the end of that day. */
  balance: Cents;
}

export type ClearingWarning =
  | { kind: 'aged'; since: string; days: number; amount: Cents; message: string }
  | { kind: 'mismatch'; payoutId: string; covered: Cents; difference: Cents; message: string }
  | { kind: 'negative'; amount: Cents; message: string };

export interface PayoutCoverage {
  payoutId: string;
  /** The card tenders of the days it covers; null when it does not say (or covers days before `from`). */
  covered: Cents | null;
  /** gross − covered (0: matches). */
  difference: Cents | null;
}

export interface ClearingBalance {
  tendersIn: Cents;
  payoutsOut: Cents;
  balance: Cents;
  /** Every date something went in or out, oldest first, with the balance at its end. */
  days: ClearingDay[];
  coverage: PayoutCoverage[];
  /** The most serious first: mismatches, then aged money, then a negative balance. */
  warnings: ClearingWarning[];
}

const DAY_MS = 86_400_000;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The dates a payout covers: the dates its period's timestamps name (an end at midnight sharp is exclusive). */
export function coveredDates(p: Pick<ClearingPayout, 'periodStart' | 'periodEnd'>): { start: string; end: string } | null {
  if (p.periodStart === undefined || p.periodEnd === undefined) return null;
  const start = p.periodStart.slice(0, 10);
  const endDate = p.periodEnd.slice(0, 10);
  const midnight = /^T00:00(:00(\.0+)?)?/.test(p.periodEnd.slice(10));
  const end = midnight && endDate > start ? dateOf(dayNumber(endDate) - 1) : endDate;
  return end < start ? null : { start, end };
}

export function clearingBalance(input: ClearingInput): ClearingBalance {
  const days = dayRows(input);
  const tendersIn = sumCents(input.tenders.map((t) => t.cents));
  const payoutsOut = sumCents(input.payouts.map((p) => p.gross));
  const balance = tendersIn - payoutsOut;
  const coverage = input.payouts.map((p) => coverageOf(p, input));
  const warnings: ClearingWarning[] = [];
  for (const c of coverage) {
    if (c.difference === null || c.difference === 0) continue;
    const p = input.payouts.find((x) => x.id === c.payoutId)!;
    const span = coveredDates(p)!;
    warnings.push({ kind: 'mismatch', payoutId: p.id, covered: c.covered!, difference: c.difference,
      message: `Payout ${p.id} (arrived ${p.arrivalDate}) does not match the card tenders it covers: its gross is ${formatCents(p.gross)}, `
        + `the tenders of ${span.start === span.end ? span.start : `${span.start} to ${span.end}`} came to ${formatCents(c.covered!)} `
        + `(${formatCents(Math.abs(c.difference))} ${c.difference > 0 ? 'over' : 'short'}), a difference its fees (${formatCents(p.fees)}) `
        + `and adjustments (${formatCents(p.adjustments)}) do not explain` });
  }
  const aged = agedMoney(input, payoutsOut);
  if (aged) warnings.push(aged);
  if (balance < 0) {
    warnings.push({ kind: 'negative', amount: balance,
      message: `More was paid out (${formatCents(payoutsOut)}) than card tenders went in (${formatCents(tendersIn)}): a payout covers sales not posted here, or tenders went elsewhere` });
  }
  return { tendersIn, payoutsOut, balance, days, coverage, warnings };
}

function dayRows(input: ClearingInput): ClearingDay[] {
  const byDate = new Map<string, { tendersIn: Cents; payoutsOut: Cents }>();
  const at = (date: string) => {
    let d = byDate.get(date);
    if (!d) byDate.set(date, (d = { tendersIn: 0, payoutsOut: 0 }));
    return d;
  };
  for (const t of input.tenders) at(t.date).tendersIn += t.cents;
  for (const p of input.payouts) at(p.arrivalDate).payoutsOut += p.gross;
  let balance = 0;
  return [...byDate.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, d]) => {
    balance += d.tendersIn - d.payoutsOut;
    return { date, ...d, balance };
  });
}

function coverageOf(p: ClearingPayout, input: ClearingInput): PayoutCoverage {
  const span = coveredDates(p);
  if (!span || span.start < input.from) return { payoutId: p.id, covered: null, difference: null };
  const covered = sumCents(input.tenders
    .filter((t) => t.date >= span.start && t.date <= span.end && (p.locationId == null || t.locationId === p.locationId))
    .map((t) => t.cents));
  return { payoutId: p.id, covered, difference: p.gross - covered };
}

/** Tenders older than the usual delay that the payouts (oldest tenders paid first) have not covered. */
function agedMoney(input: ClearingInput, payoutsOut: Cents): ClearingWarning | null {
  const today = dayNumber(input.today);
  const perDate = new Map<string, Cents>();
  for (const t of input.tenders) perDate.set(t.date, (perDate.get(t.date) ?? 0) + t.cents);
  // Cumulative tenders against everything paid out: the first day the tenders get ahead of the
  // payouts is the oldest money still in clearing; what of the late days' tenders is ahead is late.
  let cumulative = 0;
  let since: string | null = null;
  let amount = 0;
  for (const [date, cents] of [...perDate.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (today - dayNumber(date) <= input.usualDelayDays) break;
    cumulative += cents;
    if (cumulative > payoutsOut) since ??= date;
    else since = null;
    amount = cumulative - payoutsOut;
  }
  if (since === null || amount <= 0) return null;
  const days = today - dayNumber(since);
  return { kind: 'aged', since, days, amount,
    message: `${formatCents(amount)} of card tenders has been in clearing longer than the usual ${plural(input.usualDelayDays, 'day')} (the oldest from ${since}, ${plural(days, 'day')} ago): a payout may be missing` };
}
