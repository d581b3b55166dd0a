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

export async function reconcile(database: Database, client: QboClient,
  opts: { tenantId: string; locationIds: string[]; from: string; to: string; setup: StoredSetup }): Promise<Reconciliation> {
  const tickets = await ticketsBetween(database.db, opts.tenantId, opts.locationIds, opts.from, opts.to);
  const methodOf = new Map(Object.entries(opts.setup.paymentMethods).map(([method, id]) => [id, method]));
  const where = [`TxnDate >= '${opts.from}'`, `TxnDate <= '${opts.to}'`];
  const [invoices, refunds, payments] = await Promise.all([
    client.queryAll<Doc>('Invoice', where), client.queryAll<Doc>('RefundReceipt', where), client.queryAll<Doc>('Payment', where)]);

  const rows = new Map<string, ReconRow>();
  const add = (date: string, locationId: string, measure: string, side: 'pos' | 'qbo', cents: number) => {
    const key = `${date}|${locationId}|${measure}`;
    const row = rows.get(key) ?? { date, locationId, measure, pos: 0, qbo: 0 };
    row[side] += cents;
    rows.set(key, row);
  };
  const expected = new Map<string, { kind: 'sale' | 'zero' | 'refund'; payments: number }>();
  const problems: string[] = [];
  for (const t of tickets) {
    if (t.status !== 'closed') continue;
    if (!t.stored.ok) {
      problems.push(`ticket ${t.locationId}/${t.ticketId}: ${t.stored.problem}`);
      continue;
    }
    const ticket = t.stored.ticket;
    add(t.businessDate, t.locationId, 'sales − refunds', 'pos', ticket.total);
    const kind = ticket.total > 0 ? 'sale' : ticket.total < 0 ? 'refund' : 'zero';
    let methods = 0;
    if (kind === 'sale') {
      for (const group of tenderNets(ticket).values()) {
        add(t.businessDate, t.locationId, `payments: ${group.method}`, 'pos', group.cents);
        methods++;
      }
    }
    expected.set(`${t.locationId}/${t.ticketId}`, { kind, payments: methods });
  }

  const found = new Map<string, { invoices: number; refunds: number; payments: number }>();
  const own = (d: Doc, entity: string) => {
    const note = parsePrivateNote(d.PrivateNote ?? '');
    if (!note || !opts.locationIds.includes(note.locationId)) {
      if (!(d.PrivateNote ?? '').startsWith('Voided')) problems.push(`${entity} ${d.Id} (${d.TxnDate}) belongs to no ticket`);
      return null;
    }
    const key = `${note.locationId}/${note.ticketId}`;
    const f = found.get(key) ?? { invoices: 0, refunds: 0, payments: 0 };
    found.set(key, f);
    return { note, f, key };
  };
  for (const d of invoices) {
    const o = own(d, 'Invoice');
    if (!o) continue;
    o.f.invoices++;
    add(d.TxnDate, o.note.locationId, 'sales − refunds', 'qbo', centsFromWire(d.TotalAmt));
  }
  for (const d of refunds) {
    const o = own(d, 'RefundReceipt');
    if (!o) continue;
    o.f.refunds++;
    add(d.TxnDate, o.note.locationId, 'sales − refunds', 'qbo', -centsFromWire(d.TotalAmt));
  }
  for (const d of payments) {
    const o = own(d, 'Payment');
    if (!o) continue;
    o.f.payments++;
    add(d.TxnDate, o.note.locationId, `payments: ${methodOf.get(d.PaymentMethodRef?.value ?? '') ?? `method ${d.PaymentMethodRef?.value}`}`, 'qbo', centsFromWire(d.TotalAmt));
  }

  for (const [key, want] of expected) {
    const got = found.get(key) ?? { invoices: 0, refunds: 0, payments: 0 };
    const ok = want.kind === 'refund' ? got.refunds === 1 && got.invoices === 0 && got.payments === 0
      : got.invoices === 1 && got.refunds === 0 && got.payments === want.payments;
    if (!ok) problems.push(`ticket ${key}: expected ${want.kind === 'refund' ? '1 refund receipt' : `1 invoice and ${want.payments} payments`}, QuickBooks holds ${got.invoices} invoices, ${got.refunds} refund receipts, ${got.payments} payments`);
  }
  for (const key of found.keys()) if (!expected.has(key)) problems.push(`ticket ${key} has live documents in QuickBooks but is not a closed ticket of these dates`);
  const sorted = [...rows.values()].sort((a,
    b) => a.date.localeCompare(b.date) || a.locationId.localeCompare(b.locationId) || a.measure.localeCompare(b.measure));
  for (const r of sorted) if (r.pos !== r.qbo) problems.push(`${r.date} ${r.locationId} ${r.measure}: POS ${formatCents(r.pos)} ≠ QuickBooks ${formatCents(r.qbo)}`);
  return { rows: sorted, tickets: expected.size, problems };
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
