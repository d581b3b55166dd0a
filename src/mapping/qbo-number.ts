/**
 * The one edge where exact integers become QuickBooks' JSON numbers. For an integer n of at
 * most 15 significant digits, n / 100 (and n / 1000) is the double nearest to the decimal,
 * and JSON.stringify prints the shortest decimal that reads back as that double, which is
 * that decimal itself: 1234 → 12.34, 1230 → 12.3, -5 → -0.05. No arithmetic is ever done on
 * the results (qbo-number.test.ts proves the round trip by property).
 */
import type { Cents, Milli } from '../domain/money.js';

/**
 * The largest amount the mapping sends (999,999,999.99, the contract's own cap on money).
 * QuickBooks' own limit is undocumented (UNCONFIRMED), so we keep to the stricter bound
 * rather than find it with a customer's invoice; it also keeps every number far inside the
 * 15 digits the conversion above needs.
 */
export const MAX_QBO_CENTS: Cents = 99_999_999_999;

/** Whether an amount may be sent to QuickBooks. */
export function isQboAmount(cents: Cents): boolean {
  return Number.isSafeInteger(cents) && Math.abs(cents) <= MAX_QBO_CENTS;
}

/** Cents → QuickBooks amount (JSON number). Refuses what it cannot convert exactly. */
export function toQboAmount(cents: Cents): number {
  if (!isQboAmount(cents)) throw new RangeError(`not a QuickBooks amount in cents: ${cents}`);
  return cents / 100;
}

/** Thousandths → QuickBooks Qty (JSON number); the domain caps quantities at 999999.999. */
export function toQboQuantity(milli: Milli): number {
  if (!Number.isSafeInteger(milli) || Math.abs(milli) >= 1e15) throw new RangeError(`not a quantity in thousandths: ${milli}`);
  return milli / 1000;
}
