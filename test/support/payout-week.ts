/**
 * A week of card tenders through two processors and the payouts that settle them (issue 15
 * acceptance), simple enough to sum by hand: per store and day one ticket paid by a card
 * labelled with each processor and one paid in cash, a card refund among them; payouts that
 * each cover several days of a processor's tenders (both stores), less 2.9 % fees, one with a
 * chargeback. What QuickBooks must then hold is computed here from the specs alone.
 */
import { formatCents } from '../../src/domain/money.js';
import type { QboClient, QboEntity } from '../../src/qbo/index.js';

export const PROCESSORS = ['square', 'stripe'] as const;
export type Processor = (typeof PROCESSORS)[number];
/** Card tenders go to each processor's clearing account from this date; the day before stays where it was. */
export const FROM = '2026-11-02';
export const WEEK = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08'];

export interface WeekTicket { id: string; loc: string; date: string; method: 'credit_card' | 'cash'; processor?: Processor; cents: number; tax: number }

/** Three tickets per store and day, and one Square refund per store (negative). */
export function weekTickets(stores: readonly string[]): WeekTicket[] {
  return stores.flatMap((loc, s) => WEEK.flatMap((date, d) => {
    const base = 1000 + 137 * d + 53 * s;
    const list: WeekTicket[] = [
      { id: `${loc}-${date}-sq`, loc, date, method: 'credit_card', processor: 'square', cents: base, tax: 80 + d },
      { id: `${loc}-${date}-st`, loc, date, method: 'credit_card', processor: 'stripe', cents: base + 211, tax: 95 + s },
      { id: `${loc}-${date}-cash`, loc, date, method: 'cash', cents: base - 400, tax: 50 },
    ];
    if (d === 3) list.push({ id: `${loc}-${date}-refund`, loc, date, method: 'credit_card', processor: 'square', cents: -(700 + 10 * s), tax: -56 });
    return list;
  }));
}

export function wireWeekTicket(t: WeekTicket): Record<string, unknown> {
  const total = t.cents + t.tax;
  return {
    id: t.id, locationId: t.loc, version: 1, status: 'closed', closedAt: `${t.date}T12:00:00-07:00`,
    lines: [{ kind: 'product', name: 'Coffee beans', category: 'Coffee', quantity: t.cents < 0 ? '-1' : '1', unitPrice: formatCents(Math.abs(t.cents)) }],
    taxes: [{ name: 'State tax', amount: formatCents(t.tax) }],
    // The label names the processor (two are turned on: a card tender says which one it went through).
    payments: [{ method: t.method, amount: formatCents(total), ...(t.processor && { label: t.processor === 'square' ? 'Square' : 'Stripe' }) }],
    total: formatCents(total),
  };
}

export interface WeekPayout { id: string; processor: Processor; days: string[]; arrivalDate: string; adjustments: number }

export const WEEK_PAYOUTS: WeekPayout[] = [
  { id: 'sq_1', processor: 'square', days: ['2026-11-02', '2026-11-03', '2026-11-04'], arrivalDate: '2026-11-05', adjustments: 0 },
  { id: 'sq_2', processor: 'square', days: ['2026-11-05', '2026-11-06', '2026-11-07'], arrivalDate: '2026-11-09', adjustments: 0 },
  { id: 'st_1', processor: 'stripe', days: ['2026-11-02', '2026-11-03'], arrivalDate: '2026-11-05', adjustments: 0 },
  { id: 'st_2', processor: 'stripe', days: ['2026-11-04', '2026-11-05', '2026-11-06'], arrivalDate: '2026-11-09', adjustments: -2500 },
];

/** Σ card tenders (tax included, refunds netted) of a processor over the given days, both stores. */
export function tendered(tickets: readonly WeekTicket[], processor: Processor, days: readonly string[]): number {
  return tickets.filter((t) => t.processor === processor && days.includes(t.date)).reduce((s, t) => s + t.cents + t.tax, 0);
}

export interface PayoutFigures { gross: number; fees: number; adjustments: number; net: number }

export function figures(tickets: readonly WeekTicket[], p: WeekPayout): PayoutFigures {
  const gross = tendered(tickets, p.processor, p.days);
  const fees = Math.round(gross * 0.029);
  return { gross, fees, adjustments: p.adjustments, net: gross - fees + p.adjustments };
}

export function wirePayout(tickets: readonly WeekTicket[], p: WeekPayout, version = 1): Record<string, unknown> {
  const f = figures(tickets, p);
  return {
    id: p.id, processor: p.processor, version, arrivalDate: p.arrivalDate, gross: formatCents(f.gross), fees: formatCents(f.fees),
    adjustments: formatCents(f.adjustments), net: formatCents(f.net),
    periodStart: `${p.days[0]}T00:00:00-07:00`, periodEnd: `${p.days.at(-1)}T23:59:59-07:00`,
  };
}

/** Days from FROM on that no payout covers yet: their tenders are what is still in transit. */
export function unpaidDays(processor: Processor, payouts: readonly WeekPayout[] = WEEK_PAYOUTS): string[] {
  const paid = new Set(payouts.filter((p) => p.processor === processor).flatMap((p) => p.days));
  return WEEK.filter((d) => d >= FROM && !paid.has(d));
}

export type Deposit = QboEntity & {
  Id: string; SyncToken: string; TotalAmt: number; PrivateNote?: string; TxnDate: string; DepositToAccountRef: { value: string };
};

export const toCents = (x: unknown): number => Math.round(Number(x) * 100);

/**
 * Every account's balance as QuickBooks reports it (TrialBalance as of `end`, read over HTTP):
 * account id → debit − credit in cents.
 */
export async function trialBalance(client: QboClient, end: string): Promise<Map<string, number>> {
  const report = await client.report('TrialBalance', { start_date: '2026-01-01', end_date: end });
  const rows = ((report.Rows as { Row?: unknown[] } | undefined)?.Row ?? []) as { type?: string; ColData?: { value: string; id?: string }[] }[];
  const out = new Map<string, number>();
  for (const r of rows) {
    if (r.type !== 'Data' || !r.ColData?.[0]?.id) continue;
    out.set(r.ColData[0].id, toCents(r.ColData[1]?.value || 0) - toCents(r.ColData[2]?.value || 0));
  }
  return out;
}
