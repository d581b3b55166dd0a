/**
 * Summary days against QuickBooks (summary-rules §6, §7): per day, the POS sum of each receipt
 * group against the lines of the day's SalesReceipt read back from QuickBooks, and the COGS and
 * drawer entries against their sums, to the cent.
 *
 * A receipt line is put in its group by its item and sign, as the POS side would write it
 * (sales and returns share a category's item; a sale is positive, a return negative). A line
 * whose item the POS side does not name (an accountant's addition) counts as "other", so it
 * shows as a difference instead of vanishing. Only the day's own documents are read: two
 * queries (SalesReceipt, JournalEntry) over the dates shown, filtered by their PrivateNote.
 */
import { parseSummaryNote, SUMMARY_GROUPS } from '../../mapping/summary/index.js';
import type { DaySummary, SummaryGroup } from '../../mapping/summary/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { centsFromWire } from '../engine/wire.js';

export type ReconGroup = SummaryGroup | 'other' | 'cogs' | 'drawer';

export interface DayReconRow {
  group: ReconGroup;
  pos: number;
  qbo: number;
}

export interface DayReconciliation {
  rows: DayReconRow[];
  /** Every row equal to the cent. */
  matches: boolean;
}

type Line = { Amount?: number; SalesItemLineDetail?: { ItemRef?: { value: string } }; JournalEntryLineDetail?: { PostingType?: string } };
type Doc = QboEntity & { Id: string; TxnDate: string; PrivateNote?: string; Line?: Line[] };

export interface ReadBack {
  /** `${locationId}|${date}|${document}` → the document QuickBooks holds. */
  docs: Map<string, Doc>;
}

/** The day's documents in QuickBooks between two dates: two queries, whatever the number of days. */
export async function readSummaryDocs(client: QboClient, from: string, to: string): Promise<ReadBack> {
  const where = [`TxnDate >= '${from}'`, `TxnDate <= '${to}'`];
  const [receipts, entries] = await Promise.all([client.queryAll<Doc>('SalesReceipt', where), client.queryAll<Doc>('JournalEntry', where)]);
  const docs = new Map<string, Doc>();
  for (const d of [...receipts, ...entries]) {
    const note = parseSummaryNote(d.PrivateNote ?? '');
    if (note) docs.set(`${note.locationId}|${note.businessDate}|${note.document}`, d);
  }
  return { docs };
}

/** One day's POS sums against what QuickBooks holds. */
export function reconcileDay(readBack: ReadBack, locationId: string, date: string, summary: DaySummary): DayReconciliation {
  const doc = (kind: string) => readBack.docs.get(`${locationId}|${date}|${kind}`);
  const pos = new Map<ReconGroup, number>();
  const qbo = new Map<ReconGroup, number>();
  const add = (m: Map<ReconGroup, number>, g: ReconGroup, cents: number) => m.set(g, (m.get(g) ?? 0) + cents);
  for (const g of summary.groups) add(pos, g.group, g.cents);
  const groupOf = lineGroups(summary);
  for (const line of doc('salesReceipt')?.Line ?? []) {
    if (!line.SalesItemLineDetail) continue;
    const cents = centsFromWire(line.Amount ?? 0);
    add(qbo, groupOf(line.SalesItemLineDetail.ItemRef?.value ?? '', cents), cents);
  }
  if (summary.cogsCents !== 0 || doc('cogs')) {
    add(pos, 'cogs', summary.cogsCents);
    add(qbo, 'cogs', debits(doc('cogs')));
  }
  const drawerNet = summary.drawerSums.paidOut + summary.drawerSums.paidIn;
  if (drawerNet !== 0 || doc('drawer')) {
    add(pos, 'drawer', drawerNet);
    add(qbo, 'drawer', debits(doc('drawer')));
  }
  const order: ReconGroup[] = [...SUMMARY_GROUPS, 'other', 'cogs', 'drawer'];
  const rows = order.filter((g) => pos.has(g) || qbo.has(g)).map((g) => ({ group: g, pos: pos.get(g) ?? 0, qbo: qbo.get(g) ?? 0 }));
  return { rows, matches: rows.every((r) => r.pos === r.qbo) };
}

/** A receipt line's group from its item and sign, as the POS side's receipt names them. */
function lineGroups(summary: DaySummary): (itemId: string, cents: number) => ReconGroup {
  const byItem = new Map<string, SummaryGroup[]>();
  (summary.salesReceipt?.Line ?? []).forEach((line, i) => {
    const group = summary.groups[i]?.group;
    const item = (line as { SalesItemLineDetail?: { ItemRef?: { value: string } } }).SalesItemLineDetail?.ItemRef?.value;
    if (group && item) byItem.set(item, [...(byItem.get(item) ?? []), group]);
  });
  return (itemId, cents) => {
    const groups = byItem.get(itemId);
    if (!groups) return 'other';
    if (groups.includes('sales') && groups.includes('returns')) return cents < 0 ? 'returns' : 'sales';
    return groups[0]!;
  };
}

/** A journal entry's size: the sum of its debit lines (its credits equal them). */
function debits(doc: Doc | undefined): number {
  return (doc?.Line ?? []).filter((l) => l.JournalEntryLineDetail?.PostingType === 'Debit')
    .reduce((sum, l) => sum + centsFromWire(l.Amount ?? 0), 0);
}
