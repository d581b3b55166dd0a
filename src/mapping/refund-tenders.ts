/**
 * The payment side of a refund receipt (posting-rules §4): QuickBooks refund receipts take
 * one payment method, so it carries the method that paid back the most; the memo lists every
 * tender so nothing the POS recorded is lost.
 */
import { formatCents } from '../domain/money.js';
import type { Payment } from '../domain/ticket.js';
import { groupTitle } from './tenders.js';
import type { TenderGroup } from './tenders.js';

/** The group that paid back the most (the first of equals); undefined if none paid back. */
export function largestPayBack(groups: readonly TenderGroup[]): TenderGroup | undefined {
  let best: TenderGroup | undefined;
  for (const g of groups) if (g.net < 0 && (best === undefined || g.net < best.net)) best = g;
  return best;
}

/** `refund tenders Cash paid back 5.00, Credit Card paid back 3.00 (ref 1234), Gift Card taken 1.00` */
export function refundTendersNote(groups: readonly TenderGroup[]): string {
  const items = groups.flatMap((g) => g.tenders.map((t) => tenderNote(g, t)));
  return `refund tenders ${items.join(', ')}`;
}

function tenderNote(group: TenderGroup, tender: Payment): string {
  const direction = tender.amount < 0 ? `paid back ${formatCents(-tender.amount)}` : `taken ${formatCents(tender.amount)}`;
  const ref = tender.reference?.trim();
  return `${groupTitle(group)} ${direction}${ref ? ` (ref ${ref})` : ''}`;
}
