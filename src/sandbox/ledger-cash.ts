/**
 * Cash basis: an invoice's income is recognised when a payment settles it, on the payment's
 * date, in proportion to what the payment applies (QuickBooks' cash-basis reports). Each
 * application of `paid` to an invoice of `total` spreads `paid` over the invoice's item,
 * discount and tax lines by cumulative rounding, so the shares are whole cents and add up to
 * exactly what was paid (no cent is lost or made up).
 */
import type { Company } from './company.js';
import type { Body } from './entity-store.js';
import { findRecord } from './entity-store.js';
import type { CashSide, Posting } from './ledger.js';
import { salesCredits } from './ledger.js';
import { applicationsOf } from './linking.js';
import { centsOf } from './money.js';

/** numerator / denominator rounded half away from zero (denominator > 0). */
function roundDiv(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  let q = abs / denominator;
  if ((abs % denominator) * 2n >= denominator) q += 1n;
  return negative ? -q : q;
}

function allocate(credits: Posting[], paid: bigint, total: bigint, date: string): Posting[] {
  let cumulative = 0n;
  let allocated = 0n;
  return credits.map((posting) => {
    cumulative += posting.cents;
    const upTo = roundDiv(cumulative * paid, total);
    const share = upTo - allocated;
    allocated = upTo;
    return { ...posting, date, cents: share };
  });
}

export function cashSideOf(company: Company): CashSide {
  return (payment: Body) => applicationsOf(payment).flatMap(({ invoiceId, cents }) => {
    const invoice = findRecord(company.store, 'Invoice', invoiceId);
    const total = invoice && invoice.state !== 'deleted' ? centsOf(invoice.body.TotalAmt) : 0n;
    if (!invoice || total === 0n) return [];
    return allocate(salesCredits(company, invoice.body, 1n), cents, total, String(payment.TxnDate));
  });
}
