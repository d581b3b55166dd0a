/**
 * Summary days in tests: tickets simple enough that a test sums them by hand (one product line,
 * one tax, one payment), what each day's documents must hold, and what the simulator holds.
 */
import { formatCents } from '../../src/domain/money.js';
import { summaryDocNumber } from '../../src/mapping/summary/index.js';
import type { Simulator } from '../../src/sandbox/index.js';

export interface DayTicketSpec {
  id: string;
  loc: string;
  /** The instant it closed (RFC 3339). */
  at: string;
  /** Its business date where the store is: written by hand, so the test checks the time zones. */
  date: string;
  category: string;
  qty: number;
  price: number;
  tax: number;
  method: 'cash' | 'credit_card';
  cost?: number;
  version?: number;
  status?: 'closed' | 'voided';
}

export function wireTicket(t: DayTicketSpec): Record<string, unknown> {
  const total = t.qty * t.price + t.tax;
  return {
    id: t.id, locationId: t.loc, version: t.version ?? 1, status: t.status ?? 'closed', closedAt: t.at,
    lines: [{ kind: 'product', name: `${t.category} item`, category: t.category, quantity: String(t.qty), unitPrice: formatCents(t.price),
      ...(t.cost !== undefined && { unitCost: formatCents(t.cost) }) }],
    taxes: [{ name: 'State tax', amount: formatCents(t.tax) }],
    payments: [{ method: t.method, amount: formatCents(total) }],
    total: formatCents(total),
  };
}

const cents = (x: unknown) => Math.round(Number(x) * 100);

/** The receipt line amounts a day's tickets must give (sales per category, tax, tenders per method), sorted; zero sums left out. */
export function expectedReceiptLines(tickets: readonly DayTicketSpec[]): number[] {
  const sums = new Map<string, number>();
  const add = (k: string, v: number) => sums.set(k, (sums.get(k) ?? 0) + v);
  for (const t of tickets) {
    add(`sales:${t.category}`, t.qty * t.price);
    add('tax', t.tax);
    add(`pmt:${t.method}`, -(t.qty * t.price + t.tax));
  }
  return [...sums.values()].filter((v) => v !== 0).sort((a, b) => a - b);
}

export const expectedCogs = (tickets: readonly DayTicketSpec[]) => tickets.reduce((s, t) => s + t.qty * (t.cost ?? 0), 0);

type Doc = Record<string, unknown> & {
  Id: string; SyncToken: string; DocNumber?: string; PrivateNote?: string; TotalAmt?: number; Line?: Record<string, unknown>[];
};

/** The live documents QuickBooks holds under a day's DocNumber. */
export function dayDocs(sim: Simulator, realmId: string, kind: 'salesReceipt' | 'cogs' | 'drawer', loc: string, date: string): Doc[] {
  const entity = kind === 'salesReceipt' ? 'SalesReceipt' : 'JournalEntry';
  const number = summaryDocNumber(kind, loc, date);
  return (sim.documents(realmId, entity) as Doc[]).filter((d) => d.DocNumber === number);
}

export function receiptLineAmounts(doc: Doc): number[] {
  return (doc.Line ?? []).filter((l) => l.DetailType === 'SalesItemLineDetail').map((l) => cents(l.Amount)).sort((a, b) => a - b);
}

export function debitTotal(doc: Doc): number {
  return (doc.Line ?? []).filter((l) => (l.JournalEntryLineDetail as { PostingType?: string } | undefined)?.PostingType === 'Debit')
    .reduce((s, l) => s + cents(l.Amount), 0);
}

export const totalCents = (doc: Doc) => cents(doc.TotalAmt ?? 0);
