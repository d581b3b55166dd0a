/**
 * The books closing date (QuickBooks' Settings → Advanced → "Close the books"; on the wire
 * Preferences.AccountingInfoPrefs.BookCloseDate). Once set, no transaction dated on or before
 * it may be created, changed, voided or deleted: 400 ValidationFault 6210 "Account Period
 * Closed" (quickbooks-facts §7). An update is checked against both the stored date and the new one, so a
 * locked document can neither be edited in place nor moved out of the closed period.
 *
 * UNCONFIRMED at Intuit, the stricter readings taken: QuickBooks lets a person override the
 * lock after a warning (or a password); the API is taken to have no override. A payment in an
 * open period may still be applied to, voided off or deleted from a locked invoice: only the
 * payment's own date is checked, as QuickBooks dates the application on the payment.
 */
import { bookCloseDate } from './company.js';
import type { Body, EntityName } from './entity-store.js';
import { fault } from './errors.js';
import { isIsoDate, today } from './qbo-time.js';
import type { WriteContext } from './validate-common.js';

/**
 * The TxnDate a write will store: the one sent, or today when none is sent (as every
 * transaction's validation defaults it). An invalid date gives undefined: validation refuses it (2010).
 */
export function effectiveTxnDate(body: Body, nowMs: number): string | undefined {
  const sent = body.TxnDate;
  if (sent === undefined || sent === null) return today(nowMs);
  return isIsoDate(sent) ? sent : undefined;
}

/** Throws 6210 when any of the dates is on or before the company's closing date. */
export function assertPeriodOpen(ctx: WriteContext, entity: EntityName, dates: readonly unknown[]): void {
  const closeDate = bookCloseDate(ctx.company);
  if (closeDate === undefined) return;
  for (const date of dates) {
    // ISO dates (yyyy-MM-dd) compare correctly as strings.
    if (isIsoDate(date) && date <= closeDate) throw fault.periodClosed(entity, date, closeDate);
  }
}
