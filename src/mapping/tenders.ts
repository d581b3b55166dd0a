/**
 * A ticket's tenders grouped by POS method: the five standard methods, and each custom
 * method (a `label`) on its own. A labelled tender posts with the QuickBooks payment method
 * its `method` names (the contract sends custom methods as "other", so they post as Other)
 * and the label goes in the memo.
 */
import { formatCents } from '../domain/money.js';
import type { Cents } from '../domain/money.js';
import type { Payment, PaymentMethod } from '../domain/ticket.js';
import { cleanAndCut } from './text.js';

/** The names Initialize gives the payment methods (posting-rules §1). */
export const METHOD_TITLES: Record<PaymentMethod, string> = {
  cash: 'Cash',
  check: 'Check',
  credit_card: 'Credit Card',
  gift_card: 'Gift Card',
  other: 'Other',
};

/** QuickBooks' limit on PaymentRefNum. */
export const PAYMENT_REF_MAX = 21;

export interface TenderGroup {
  method: PaymentMethod;
  /** The custom method's name, trimmed; absent for a standard method. */
  label?: string;
  /** Σ of the group's tenders: what the method took in (negative: paid back). */
  net: Cents;
  tenders: Payment[];
}

/** Groups in the order their method first appears on the ticket. */
export function groupTenders(payments: readonly Payment[]): TenderGroup[] {
  const groups = new Map<string, TenderGroup>();
  for (const p of payments) {
    const label = p.label?.trim() || undefined;
    const key = `${p.method}\u0000${label ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = label === undefined ? { method: p.method, net: 0, tenders: [] } : { method: p.method, label, net: 0, tenders: [] };
      groups.set(key, group);
    }
    group.net += p.amount;
    group.tenders.push(p);
  }
  return [...groups.values()];
}

/** `Credit Card`, `Other (Venmo)`. */
export function groupTitle(group: Pick<TenderGroup, 'method' | 'label'>): string {
  const title = METHOD_TITLES[group.method];
  return group.label === undefined ? title : `${title} (${group.label})`;
}

/** Every tender's reference, in order, without repeats. */
export function references(tenders: readonly Payment[]): string[] {
  const refs = tenders.map((t) => t.reference?.trim() ?? '').filter((r) => r !== '');
  return [...new Set(refs)];
}

/** The references as PaymentRefNum: joined, ':'-free, cut to 21; absent when there are none. */
export function paymentRefNum(tenders: readonly Payment[]): string | undefined {
  const joined = cleanAndCut(references(tenders).join(', '), PAYMENT_REF_MAX);
  return joined || undefined;
}

/** What the memo adds when PaymentRefNum could not hold every reference. */
export function fullReferencesNote(tenders: readonly Payment[]): string | undefined {
  const all = references(tenders).join(', ');
  return all && paymentRefNum(tenders) !== all ? `refs ${all}` : undefined;
}

/** `Cash -5.00` */
export function tenderText(group: TenderGroup, amount: Cents = group.net): string {
  return `${groupTitle(group)} ${formatCents(amount)}`;
}
