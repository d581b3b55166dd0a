/**
 * The Days page's reconciliation column (docs/summary-mode.md §7): a day's POS sums against
 * its documents as QuickBooks returns them, per group and name, to the cent. The receipt's
 * item lines are matched to the sums in order (the receipt is written so: `groups[i]` is line
 * i), each checked against the item it was posted with; a line QuickBooks holds beyond them,
 * or on another item, shows as "not from the POS". Amounts are read through their decimal text.
 */
import { parseMoney } from '../../domain/money.js';
import type { Cents } from '../../domain/money.js';
import type { DaySummary, SummaryGroup } from './types.js';

/** A document as QuickBooks returned it (only what is read here); null when it holds none. */
export interface ReadBackDocument {
  Line?: readonly unknown[];
}

export interface ReadBackDay {
  salesReceipt: ReadBackDocument | null;
  cogs: ReadBackDocument | null;
  drawer: ReadBackDocument | null;
}

export interface ReconciliationRow {
  group: SummaryGroup | 'receipt total' | 'cost of goods sold' | 'drawer' | 'not from the POS';
  key: string;
  name: string;
  pos: Cents;
  quickbooks: Cents;
  /** quickbooks − pos. */
  difference: Cents;
}

export interface DayReconciliation {
  rows: ReconciliationRow[];
  /** Every row agrees to the cent. */
  matches: boolean;
}

type Day = Pick<DaySummary, 'groups' | 'salesReceipt' | 'cogsCents' | 'drawerSums'>;

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});

function cents(value: unknown): Cents {
  const parsed = parseMoney(typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '');
  if (!parsed.ok) throw new RangeError(`QuickBooks amount ${JSON.stringify(value)} is not a 2-decimal amount`);
  return parsed.value;
}

const itemLines = (doc: ReadBackDocument | null) => (doc?.Line ?? []).map(record).filter((l) => l.DetailType === 'SalesItemLineDetail');
const itemOf = (line: Record<string, unknown>) => String(record(record(line.SalesItemLineDetail).ItemRef).value ?? '');

export function reconcileDay(day: Day, readBack: ReadBackDay): DayReconciliation {
  const rows: ReconciliationRow[] = [];
  const row = (group: ReconciliationRow['group'], key: string, name: string, pos: Cents, quickbooks: Cents) =>
    rows.push({ group, key, name, pos, quickbooks, difference: quickbooks - pos });
  const lines = itemLines(readBack.salesReceipt);
  const posted = day.salesReceipt?.Line ?? [];
  let total = 0;
  lines.forEach((l) => (total += cents(l.Amount)));
  day.groups.forEach((g, i) => {
    const line = lines[i];
    const sameItem = line !== undefined && itemOf(line) === (posted[i]?.SalesItemLineDetail.ItemRef.value ?? itemOf(line));
    row(g.group, g.key, g.name, g.cents, line && sameItem ? cents(line.Amount) : 0);
  });
  lines.forEach((l, i) => {
    const g = day.groups[i];
    const sameItem = g !== undefined && itemOf(l) === (posted[i]?.SalesItemLineDetail.ItemRef.value ?? itemOf(l));
    if (!sameItem) row('not from the POS', `line ${i + 1}`, String(l.Description ?? itemOf(l)), 0, cents(l.Amount));
  });
  row('receipt total', 'total', 'Receipt total', 0, total);
  row('cost of goods sold', 'cogs', 'Cost of goods sold', Math.abs(day.cogsCents), debits(readBack.cogs));
  row('drawer', 'drawer', 'Cash paid in and out', day.drawerSums.paidIn + day.drawerSums.paidOut, debits(readBack.drawer));
  return { rows, matches: rows.every((r) => r.difference === 0) };
}

/** A journal entry's debits (= its credits, QuickBooks refuses anything else): what it moves. */
function debits(doc: ReadBackDocument | null): Cents {
  let sum = 0;
  for (const l of (doc?.Line ?? []).map(record)) if (record(l.JournalEntryLineDetail).PostingType === 'Debit') sum += cents(l.Amount);
  return sum;
}
