/**
 * Summary days for the fault matrix: a block of store-days with tickets (several categories,
 * both tenders, unit costs) and drawer operations, and the exactly-once check read back from
 * the simulator over HTTP (the QuickBooks API, as an accountant's tool would read it): per
 * store-day exactly one live receipt of total 0 whose lines are the POS sums, one COGS entry
 * and one drawer entry equal to their sums, and no document QuickBooks holds beyond those.
 */
import { summaryDocNumber } from '../../src/mapping/summary/index.js';
import type { QboClient } from '../../src/qbo/index.js';
import { debitTotal, expectedCogs, expectedReceiptLines, receiptLineAmounts, totalCents, wireTicket } from './summary-days.js';
import type { DayTicketSpec } from './summary-days.js';

export interface FaultStore { id: string; zone: string; offset: string }

/** Winter dates only (fixed offsets): the time zones are tested elsewhere, faults here. */
export const FAULT_STORES: FaultStore[] = [
  { id: 'denver-1', zone: 'America/Denver', offset: '-07:00' },
  { id: 'brooklyn-1', zone: 'America/New_York', offset: '-05:00' },
  { id: 'austin-1', zone: 'America/Chicago', offset: '-06:00' },
];

export interface DrawerSpec { id: string; loc: string; at: string; date: string; cents: number }

export interface DayBlock {
  dates: string[];
  tickets: DayTicketSpec[];
  drawer: DrawerSpec[];
}

/** `count` consecutive dates from `first` (YYYY-MM-DD). */
export function datesFrom(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

const CATEGORIES = ['Coffee', 'Bakery', 'Tea', 'Retail'];

/** `perDay` tickets per store-day; a paid-out on every other day; a day in five without unit costs (no COGS entry). */
export function dayBlock(stores: readonly FaultStore[], dates: string[], perDay: number): DayBlock {
  const tickets: DayTicketSpec[] = [];
  const drawer: DrawerSpec[] = [];
  dates.forEach((date, d) => stores.forEach((s, i) => {
    for (let k = 0; k < perDay; k++) {
      const minute = String(k % 60).padStart(2, '0');
      tickets.push({
        id: `${s.id}-${date}-${k}`, loc: s.id, at: `${date}T${String(9 + (k % 12)).padStart(2, '0')}:${minute}:00${s.offset}`, date,
        category: CATEGORIES[(d + i + k) % CATEGORIES.length]!, qty: 1 + ((d + k) % 3), price: 250 + 25 * ((i + k) % 5), tax: 17 + ((d + k) % 9),
        method: (d + k) % 2 === 0 ? 'cash' : 'credit_card', ...((d + i) % 5 !== 0 && { cost: 60 + 10 * (k % 4) }),
      });
    }
    if ((d + i) % 2 === 0) drawer.push({ id: `po-${s.id}-${date}`, loc: s.id, at: `${date}T15:00:00${s.offset}`, date, cents: 500 + 100 * (d % 7) });
  }));
  return { dates, tickets, drawer };
}

export const wireTickets = (block: DayBlock): Record<string, unknown>[] => block.tickets.map(wireTicket);

export const wireDrawer = (block: DayBlock): string[] => block.drawer.map((o) => JSON.stringify({
  id: o.id, locationId: o.loc, at: o.at, kind: 'paid_out', amount: (o.cents / 100).toFixed(2), reason: 'supplies',
}));

type Doc = Record<string, unknown> & { Id: string; SyncToken: string; DocNumber?: string; TotalAmt?: number; Line?: Record<string, unknown>[] };

/**
 * Every way QuickBooks (read over HTTP) differs from the blocks' store-days: a day missing a
 * document, a document twice, sums that differ, a document no day accounts for. [] = exactly once.
 */
export async function exactlyOnceProblems(client: QboClient, stores: readonly FaultStore[], blocks: readonly DayBlock[]): Promise<string[]> {
  const receipts = await client.queryAll<Doc>('SalesReceipt');
  const entries = await client.queryAll<Doc>('JournalEntry');
  const byNumber = (docs: Doc[]) => docs.reduce((m, d) => m.set(d.DocNumber ?? '', [...(m.get(d.DocNumber ?? '') ?? []), d]), new Map<string, Doc[]>());
  const sr = byNumber(receipts);
  const je = byNumber(entries);
  const problems: string[] = [];
  const expect = (what: string, docs: Doc[] | undefined, want: number | null, got: (d: Doc) => unknown, wanted: unknown) => {
    const n = docs?.length ?? 0;
    if (n !== (want === null ? 0 : 1)) problems.push(`${what}: ${n} live documents, expected ${want === null ? 0 : 1}`);
    else if (n === 1 && JSON.stringify(got(docs![0]!)) !== JSON.stringify(wanted)) problems.push(`${what}: ${JSON.stringify(got(docs![0]!))} ≠ ${JSON.stringify(wanted)}`);
  };
  const known = new Set<string>();
  for (const block of blocks) {
    for (const s of stores) {
      for (const date of block.dates) {
        const mine = block.tickets.filter((t) => t.loc === s.id && t.date === date);
        const cash = block.drawer.filter((o) => o.loc === s.id && o.date === date).reduce((sum, o) => sum + o.cents, 0);
        const [rn, cn, dn] = (['salesReceipt', 'cogs', 'drawer'] as const).map((k) => summaryDocNumber(k, s.id, date));
        [rn, cn, dn].forEach((n) => known.add(n!));
        const day = `${s.id} ${date}`;
        expect(`${day} receipt`, sr.get(rn!), mine.length > 0 ? 1 : null, (d) => [totalCents(d), receiptLineAmounts(d)], [0, expectedReceiptLines(mine)]);
        const cogs = expectedCogs(mine);
        expect(`${day} COGS`, je.get(cn!), cogs > 0 ? 1 : null, debitTotal, cogs);
        expect(`${day} drawer`, je.get(dn!), cash > 0 ? 1 : null, debitTotal, cash);
      }
    }
  }
  for (const d of [...receipts, ...entries]) if (!known.has(d.DocNumber ?? '')) problems.push(`stray document ${d.Id} (DocNumber ${d.DocNumber ?? 'none'})`);
  return problems;
}
