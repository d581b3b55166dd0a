/**
 * The Payments of a sale (posting-rules §4): one per POS method, for the net of its tenders.
 * A method that nets negative (cash back) posts nothing: what it paid out is taken off the
 * largest other payment (then the next largest, should one not be enough), so every Payment
 * is positive and together they equal the invoice total. The memo says what happened.
 */
import { formatCents } from '../domain/money.js';
import type { Cents } from '../domain/money.js';
import { fullReferencesNote, groupTitle, tenderText } from './tenders.js';
import type { TenderGroup } from './tenders.js';

export interface PlannedPayment {
  group: TenderGroup;
  /** > 0. */
  amount: Cents;
  /** Memo details after the method: tenders netted, cash back taken off, references. */
  notes: string[];
}

export function planSalePayments(groups: readonly TenderGroup[]): PlannedPayment[] {
  const planned = groups.filter((g) => g.net > 0).map((g) => ({ group: g, amount: g.net, notes: nettingNotes(g) }));
  const payingBack = groups.filter((g) => g.net < 0);
  let owed = -payingBack.reduce((sum, g) => sum + g.net, 0);
  if (owed > 0) {
    const paidBackAs = payingBack.map((g) => tenderText(g)).join(', ');
    // Largest first; a stable sort keeps ticket order among equals, so the result is fixed.
    const largestFirst = [...planned].sort((a, b) => b.amount - a.amount);
    for (const p of largestFirst) {
      if (owed === 0) break;
      const take = Math.min(owed, p.amount);
      p.amount -= take;
      owed -= take;
      p.notes.push(`less ${formatCents(take)} cash back (${paidBackAs})`);
    }
  }
  // A payment that cash back used up entirely is not posted: QuickBooks takes no zero Payment
  // and it would apply nothing to the invoice. The first posted one says it existed, so the
  // tender is still on record in QuickBooks. (The sale's total is > 0: one always remains.)
  const posted = planned.filter((p) => p.amount > 0);
  const usedUp = planned.filter((p) => p.amount === 0);
  if (usedUp.length > 0 && posted[0]) {
    posted[0].notes.push(`${usedUp.map((p) => tenderText(p.group)).join(', ')} used up by cash back, not posted`);
  }
  return posted;
}

function nettingNotes(group: TenderGroup): string[] {
  const notes: string[] = [];
  if (group.tenders.length > 1) notes.push(`net of ${group.tenders.map((t) => formatCents(t.amount)).join(', ')}`);
  const refs = fullReferencesNote(group.tenders);
  if (refs) notes.push(refs);
  return notes;
}

/** `Credit Card; net of 10.00, -2.00; less 5.00 cash back (Cash -5.00)` */
export function paymentDetail(p: PlannedPayment): string {
  return [groupTitle(p.group), ...p.notes].join('; ');
}
