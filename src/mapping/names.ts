/**
 * QuickBooks names for POS names (posting-rules §1 "Names"): ':' becomes '-', trimmed, cut to
 * 100. QuickBooks compares names case-insensitively when it refuses a duplicate, so the key
 * under which Initialize stores an item's id is the cleaned name lower-cased.
 */
import type { Ticket } from '../domain/ticket.js';
import { cleanAndCut } from './text.js';

/** QuickBooks' limit on Item, Account and PaymentMethod names. */
export const QBO_NAME_MAX = 100;

/**
 * What a name that cleans to nothing (a POS name of spaces) is posted as: QuickBooks needs a
 * name, and refusing the ticket for it would leave it skipped for a cosmetic reason.
 */
export const BLANK_NAME = '(no name)';

export function qboName(posName: string): string {
  return cleanAndCut(posName, QBO_NAME_MAX) || BLANK_NAME;
}

export function discountItemKey(posName: string): string {
  return qboName(posName).toLowerCase();
}

/**
 * Every discount name of the ticket (line discounts first, in line order, then the ticket's
 * own), cleaned and de-duplicated case-insensitively; the first spelling seen wins. Initialize
 * finds or creates one discount item for each.
 */
export function requiredDiscountNames(ticket: Pick<Ticket, 'lines' | 'discounts'>): string[] {
  const byKey = new Map<string, string>();
  const all = [...ticket.lines.flatMap((l) => l.discounts), ...ticket.discounts];
  for (const d of all) {
    const name = qboName(d.name);
    const key = name.toLowerCase();
    if (!byKey.has(key)) byKey.set(key, name);
  }
  return [...byKey.values()];
}
