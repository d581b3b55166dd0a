/**
 * The accountant's check: per business date and location, what the POS rang up against what
 * QuickBooks holds, read back through the QuickBooks API - invoice totals less refund receipt
 * totals against ticket totals, and payments per method against the tenders. Also lists
 * every ticket without exactly one set of live documents, and every document no ticket owns.
 *
 * Tender rule (posting-rules §4): a method that nets negative on a sale (cash back) is taken
 * off the largest other method, so QuickBooks never holds a negative payment; the POS side
 * applies the same rule before comparing. Custom labels post as their method.
 */
import { formatCents } from '../../domain/money.js';
import type { Ticket } from '../../domain/ticket.js';
import { groupTenders, parsePrivateNote, planSalePayments } from '../../mapping/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import type { Database } from '../../store/index.js';
import { ticketsBetween } from '../../store/sync-views.js';
import type { StoredSetup } from '../setup/stored-setup.js';
import { centsFromWire } from '../engine/wire.js';

export interface ReconRow {
  date: string;
  locationId: string;
  /** 'sales − refunds' or 'payments: <method>'. */
  measure: string;
  pos: number;
  qbo: number;
}

export interface Reconciliation {
  rows: ReconRow[];
  /** Tickets that should be in QuickBooks: how many, and how many are. */
  tickets: number;
  /** Everything that does not add up, in words; empty when the books match. */
  problems: string[];
}

type Doc = QboEntity & { Id: string; TxnDate: string; TotalAmt: number; PrivateNote?: string; PaymentMethodRef?: { value: string } };
type Expected = { kind: 'sale' | 'zero' | 'refund'; payments: number };
type Found = { invoices: number; refunds: number; payments: number };

/** Sums per (date, location, measure), POS on one side and QuickBooks on the other. */
function makeRows() {
  const rows = new Map<string, ReconRow>();
  return {
    add(date: string, locationId: string, measure: string, side: 'pos' | 'qbo', cents: number) {
      const key = `${date}|${locationId}|${measure}`;
      const row = rows.get(key) ?? { date, locationId, measure, pos: 0, qbo: 0 };
      row[side] += cents;
      rows.set(key, row);
    },
    sorted: () => [...rows.values()]
      .sort((a, b) => a.date.localeCompare(b.date) || a.locationId.localeCompare(b.locationId) || a.measure.localeCompare(b.measure)),
  };
}
type Rows = ReturnType<typeof makeRows>;

export async function reconcile(database: Database, client: QboClient,
  opts: { tenantId: string; locationIds: string[]; from: string; to: string; setup: StoredSetup }): Promise<Reconciliation> {
  const where = [`TxnDate >= '${opts.from}'`, `TxnDate <= '${opts.to}'`];
  const [tickets, invoices, refunds, payments] = await Promise.all([
    ticketsBetween(database.db, opts.tenantId, opts.locationIds, opts.from, opts.to),
    client.queryAll<Doc>('Invoice', where), client.queryAll<Doc>('RefundReceipt', where), client.queryAll<Doc>('Payment', where)]);
  const rows = makeRows();
  const problems: string[] = [];
  const expected = posSide(tickets, rows, problems);
  const methodOf = new Map(Object.entries(opts.setup.paymentMethods).map(([method, id]) => [id, method]));
  const found = qboSide({ invoices, refunds, payments }, rows, problems, { locationIds: opts.locationIds, methodOf });
  problems.push(...documentSetProblems(expected, found));
  const sorted = rows.sorted();
  for (const r of sorted) if (r.pos !== r.qbo) problems.push(`${r.date} ${r.locationId} ${r.measure}: POS ${formatCents(r.pos)} ≠ QuickBooks ${formatCents(r.qbo)}`);
  return { rows: sorted, tickets: expected.size, problems };
}

/** The POS side: each closed ticket's total and payments, and the documents it should have. */
function posSide(tickets: Awaited<ReturnType<typeof ticketsBetween>>, rows: Rows, problems: string[]): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  for (const t of tickets) {
    if (t.status !== 'closed') continue;
    if (!t.stored.ok) {
      problems.push(`ticket ${t.locationId}/${t.ticketId}: ${t.stored.problem}`);
      continue;
    }
    const ticket = t.stored.ticket;
    rows.add(t.businessDate, t.locationId, 'sales − refunds', 'pos', ticket.total);
    const kind = ticket.total > 0 ? 'sale' : ticket.total < 0 ? 'refund' : 'zero';
    const nets = kind === 'sale' ? [...tenderNets(ticket).values()] : [];
    for (const group of nets) rows.add(t.businessDate, t.locationId, `payments: ${group.method}`, 'pos', group.cents);
    expected.set(`${t.locationId}/${t.ticketId}`, { kind, payments: nets.length });
  }
  return expected;
}

/** The QuickBooks side: each live document counted for the ticket its PrivateNote names. */
function qboSide(docs: Record<'invoices' | 'refunds' | 'payments', Doc[]>, rows: Rows, problems: string[],
  opts: { locationIds: string[]; methodOf: Map<string, string> }): Map<string, Found> {
  const found = new Map<string, Found>();
  const own = (d: Doc, entity: string, kind: keyof Found, measure: string, cents: number) => {
    const note = parsePrivateNote(d.PrivateNote ?? '');
    if (!note || !opts.locationIds.includes(note.locationId)) {
      if (!(d.PrivateNote ?? '').startsWith('Voided')) problems.push(`${entity} ${d.Id} (${d.TxnDate}) belongs to no ticket`);
      return;
    }
    const key = `${note.locationId}/${note.ticketId}`;
    const f = found.get(key) ?? { invoices: 0, refunds: 0, payments: 0 };
    found.set(key, f);
    f[kind]++;
    rows.add(d.TxnDate, note.locationId, measure, 'qbo', cents);
  };
  for (const d of docs.invoices) own(d, 'Invoice', 'invoices', 'sales − refunds', centsFromWire(d.TotalAmt));
  for (const d of docs.refunds) own(d, 'RefundReceipt', 'refunds', 'sales − refunds', -centsFromWire(d.TotalAmt));
  for (const d of docs.payments) {
    const method = opts.methodOf.get(d.PaymentMethodRef?.value ?? '') ?? `method ${d.PaymentMethodRef?.value}`;
    own(d, 'Payment', 'payments', `payments: ${method}`, centsFromWire(d.TotalAmt));
  }
  return found;
}

/** Tickets without exactly their set of live documents, and documents of no ticket in range. */
function documentSetProblems(expected: Map<string, Expected>, found: Map<string, Found>): string[] {
  const problems: string[] = [];
  for (const [key, want] of expected) {
    const got = found.get(key) ?? { invoices: 0, refunds: 0, payments: 0 };
    const ok = want.kind === 'refund' ? got.refunds === 1 && got.invoices === 0 && got.payments === 0
      : got.invoices === 1 && got.refunds === 0 && got.payments === want.payments;
    const wanted = want.kind === 'refund' ? '1 refund receipt' : `1 invoice and ${want.payments} payments`;
    if (!ok) problems.push(`ticket ${key}: expected ${wanted}, QuickBooks holds ${got.invoices} invoices, ${got.refunds} refund receipts, ${got.payments} payments`);
  }
  for (const key of found.keys()) if (!expected.has(key)) problems.push(`ticket ${key} has live documents in QuickBooks but is not a closed ticket of these dates`);
  return problems;
}

/** The Payments QuickBooks should hold for a sale, per QuickBooks method (posting-rules §4). */
export function tenderNets(ticket: Ticket): Map<string, { method: string; cents: number }> {
  const nets = new Map<string, { method: string; cents: number }>();
  for (const p of planSalePayments(groupTenders(ticket.payments))) {
    const key = `${p.group.method}|${p.group.label ?? ''}`;
    const g = nets.get(key) ?? { method: p.group.method, cents: 0 };
    g.cents += p.amount;
    nets.set(key, g);
  }
  return nets;
}

export function formatReconciliation(r: Reconciliation): string {
  const lines = [`${'date'.padEnd(10)}  ${'location'.padEnd(12)}  ${'measure'.padEnd(24)}  ${'POS'.padStart(12)}  ${'QuickBooks'.padStart(12)}  `];
  for (const row of r.rows) {
    lines.push(`${row.date}  ${row.locationId.padEnd(12)}  ${row.measure.padEnd(24)}  ${formatCents(row.pos).padStart(12)}  ${formatCents(row.qbo).padStart(12)}  ${row.pos === row.qbo ? '✓' : '✗'}`);
  }
  lines.push('', r.problems.length === 0 ? `All ${r.tickets} tickets are in QuickBooks exactly once; every total matches to the cent.` : `${r.problems.length} problems:\n  ${r.problems.join('\n  ')}`);
  return lines.join('\n');
}
