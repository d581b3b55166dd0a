/**
 * Every number of the ticket within what the mapping sends, checked before any arithmetic.
 * Intake refuses such tickets already; the mapping checks again because it promises problems,
 * never a throw, whatever Ticket it is handed (the domain's extendPrice throws past 2^53).
 */
import { MAX_QUANTITY_MILLI, formatCents, formatQuantity } from '../domain/money.js';
import type { Cents, Milli } from '../domain/money.js';
import type { Ticket } from '../domain/ticket.js';
import { problem } from './problems.js';
import type { MappingProblem } from './problems.js';
import { MAX_QBO_CENTS, isQboAmount } from './qbo-number.js';

export function checkRanges(ticket: Ticket): MappingProblem[] {
  const out: MappingProblem[] = [];
  const money = (value: Cents, field: string) => {
    if (!isQboAmount(value)) out.push(problem('amount-out-of-range', `${show(value)} is not a whole number of cents within ±${formatCents(MAX_QBO_CENTS)}`, field));
  };
  ticket.lines.forEach((l, i) => {
    if (!isQuantity(l.quantity)) {
      out.push(problem('amount-out-of-range', `quantity ${String(l.quantity / 1000)} is not a quantity QuickBooks is sent`, `lines[${i}].quantity`));
    }
    money(l.unitPrice, `lines[${i}].unitPrice`);
    if (isQuantity(l.quantity) && isQboAmount(l.unitPrice) && !isExtendable(l.quantity, l.unitPrice)) {
      out.push(problem('amount-out-of-range', `${formatQuantity(l.quantity)} x ${formatCents(l.unitPrice)} is beyond ${formatCents(MAX_QBO_CENTS)}`, `lines[${i}]`));
    }
    l.discounts.forEach((d, j) => money(d.amount, `lines[${i}].discounts[${j}].amount`));
  });
  ticket.discounts.forEach((d, j) => money(d.amount, `discounts[${j}].amount`));
  ticket.taxes.forEach((t, j) => money(t.amount, `taxes[${j}].amount`));
  money(ticket.tip, 'tip');
  money(ticket.rewardPointsRedeemed, 'rewardPointsRedeemed');
  money(ticket.customerBalanceUsed, 'customerBalanceUsed');
  ticket.payments.forEach((p, j) => money(p.amount, `payments[${j}].amount`));
  money(ticket.total, 'total');
  return out;
}

function isQuantity(q: Milli): boolean {
  return Number.isSafeInteger(q) && q !== 0 && Math.abs(q) <= MAX_QUANTITY_MILLI;
}

/** round_half_up(q × p) within the cap, decided in BigInt (the product can pass 2^53). */
function isExtendable(q: Milli, p: Cents): boolean {
  const thousandths = BigInt(q) * BigInt(p);
  const abs = thousandths < 0n ? -thousandths : thousandths;
  return (abs + 500n) / 1000n <= BigInt(MAX_QBO_CENTS);
}

function show(value: number): string {
  return Number.isSafeInteger(value) ? formatCents(value) : String(value);
}
