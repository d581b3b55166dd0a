/**
 * Links between payments and invoices: an invoice's Balance and LinkedTxn follow the payments
 * applied to it, a payment's UnappliedAmt is what is left over, and a customer's Balance is what
 * it still owes. Applying, voiding or deleting a payment changes the invoice, so the invoice
 * gets a new SyncToken (UNCONFIRMED at Intuit: the stricter reading, which makes a client that
 * kept an old SyncToken re-read before updating).
 */
import type { Company } from './company.js';
import type { Body, RecordStore, Stored } from './entity-store.js';
import { findRecord, liveRecords, replaceBody, tableOf, withoutSystemFields } from './entity-store.js';
import { centsOf, centsToNumber } from './money.js';

export interface Application {
  invoiceId: string;
  cents: bigint;
}

export function applicationsOf(payment: Body): Application[] {
  const lines = Array.isArray(payment.Line) ? (payment.Line as Body[]) : [];
  return lines.flatMap((line) => {
    const link = Array.isArray(line.LinkedTxn) ? (line.LinkedTxn[0] as Body | undefined) : undefined;
    return link?.TxnType === 'Invoice' ? [{ invoiceId: String(link.TxnId), cents: centsOf(line.Amount) }] : [];
  });
}

/**
 * Per store, the payments that may apply to each invoice: a superset, built from every payment
 * on first use and then told of each payment write (`notePaymentWrite`, from the write path), so
 * a payment write looks at its own invoices' payments instead of every payment of the company
 * (which made posting N payments cost N² and a 100,000-ticket benchmark impossible).
 */
const candidates = new WeakMap<RecordStore, Map<string, Set<Stored>>>();

function addCandidate(index: Map<string, Set<Stored>>, payment: Stored): void {
  for (const { invoiceId } of applicationsOf(payment.body)) {
    let set = index.get(invoiceId);
    if (!set) index.set(invoiceId, (set = new Set()));
    set.add(payment);
  }
}

function candidatesOf(store: RecordStore): Map<string, Set<Stored>> {
  let index = candidates.get(store);
  if (!index) {
    index = new Map();
    for (const payment of tableOf(store, 'Payment').values()) addCandidate(index, payment);
    candidates.set(store, index);
  }
  return index;
}

/** Every write of a Payment (create, update, void, delete) passes here before its invoices are refreshed. */
export function notePaymentWrite(company: Company, payment: Stored): void {
  addCandidate(candidatesOf(company.store), payment);
}

/** Live payments applying to the invoice, in Id order (as liveRecords gives them). */
function paymentsApplyingTo(company: Company, invoiceId: string): Stored[] {
  const set = candidatesOf(company.store).get(invoiceId);
  if (!set) return [];
  return [...set]
    .filter((p) => p.state !== 'deleted' && applicationsOf(p.body).some((a) => a.invoiceId === invoiceId))
    .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

/** What live payments (other than `exceptPaymentId`) have applied to the invoice. */
export function appliedCents(company: Company, invoiceId: string, exceptPaymentId?: string): bigint {
  let total = 0n;
  for (const payment of paymentsApplyingTo(company, invoiceId)) {
    if (payment.id === exceptPaymentId) continue;
    for (const a of applicationsOf(payment.body)) if (a.invoiceId === invoiceId) total += a.cents;
  }
  return total;
}

/** Recomputes Balance and LinkedTxn of the given invoices, bumping SyncToken where they changed. */
export function refreshInvoices(company: Company, invoiceIds: Iterable<string>, nowMs: number): void {
  for (const id of new Set(invoiceIds)) {
    const invoice = findRecord(company.store, 'Invoice', id);
    if (!invoice || invoice.state === 'deleted') continue;
    const balance = centsToNumber(centsOf(invoice.body.TotalAmt) - appliedCents(company, id));
    const linked = paymentsApplyingTo(company, id).map((p) => ({ TxnId: p.id, TxnType: 'Payment' }));
    const same = invoice.body.Balance === balance && JSON.stringify(invoice.body.LinkedTxn ?? []) === JSON.stringify(linked);
    if (same) continue;
    replaceBody(invoice, { ...withoutSystemFields(invoice.body), Balance: balance, LinkedTxn: linked }, nowMs);
  }
}

/** Open invoice balances less unapplied payments: what the customer still owes. */
export function customerBalance(company: Company, customerId: string): bigint {
  const owns = (r: Stored) => (r.body.CustomerRef as Body | undefined)?.value === customerId;
  let total = 0n;
  for (const invoice of liveRecords(company.store, 'Invoice').filter(owns)) total += centsOf(invoice.body.Balance);
  for (const payment of liveRecords(company.store, 'Payment').filter(owns)) total -= centsOf(payment.body.UnappliedAmt);
  return total;
}
