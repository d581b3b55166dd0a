/**
 * The lines of a ticket's document, in posting-rules §3 order, as exact integers (cents and
 * thousandths) in the sale's orientation; a refund flips them. They become QuickBooks JSON
 * only once every check has passed (sales-line.ts).
 */
import { extendPrice, formatCents, formatQuantity, isWholeCents } from '../domain/money.js';
import type { Cents, Milli } from '../domain/money.js';
import type { Discount, Line, Ticket } from '../domain/ticket.js';
import type { SetupResolver } from './setup-ids.js';

/** One document line. Invariant: qty × unitPrice = amount × 1000 exactly. */
export interface DraftLine {
  itemId: string;
  description: string;
  /** Thousandths: QuickBooks Qty. */
  qty: Milli;
  unitPrice: Cents;
  amount: Cents;
  /** A product/service line flips its quantity on a refund (its price stays a price); the rest flip their price. */
  flips: 'qty' | 'price';
  /** The ticket field it comes from, for problems. */
  field: string;
}

const ONE: Milli = 1000;
const SEPARATOR = ' | ';

export function buildLines(ticket: Ticket, ids: SetupResolver): DraftLine[] {
  const out: DraftLine[] = [];
  ticket.lines.forEach((line, i) => {
    out.push(itemLine(line, `lines[${i}]`, ids));
    // A returned item's discount comes back with it: the line counts the other way.
    const sign = line.quantity < 0 ? 1 : -1;
    line.discounts.forEach((d, j) => {
      out.push(fixedLine(ids.discountItem(d.name), discountText(d, line), sign * d.amount, `lines[${i}].discounts[${j}]`));
    });
  });
  ticket.discounts.forEach((d, j) => {
    out.push(fixedLine(ids.discountItem(d.name), `${d.name}${SEPARATOR}ticket discount`, -d.amount, `discounts[${j}]`));
  });
  ticket.taxes.forEach((t, j) => out.push(fixedLine(ids.taxItem(t.name), t.name, t.amount, `taxes[${j}]`)));
  if (ticket.tip !== 0) out.push(fixedLine(ids.specialItem('tips'), 'Tip', ticket.tip, 'tip'));
  if (ticket.rewardPointsRedeemed !== 0) {
    out.push(fixedLine(ids.specialItem('rewardPoints'), 'Reward points redeemed', -ticket.rewardPointsRedeemed, 'rewardPointsRedeemed'));
  }
  if (ticket.customerBalanceUsed !== 0) {
    const text = ticket.customerBalanceUsed > 0 ? 'Customer balance used' : 'Put on customer balance';
    out.push(fixedLine(ids.specialItem('customerBalance'), text, -ticket.customerBalanceUsed, 'customerBalanceUsed'));
  }
  return out;
}

/**
 * A product, service or gift card line: Qty × UnitPrice when that is a whole number of cents, else
 * (QuickBooks would refuse the rounded Amount, 6070) Qty ±1 at the rounded amount, with the
 * true quantity kept in the description. The unit price stays ≥ 0 either way.
 */
function itemLine(line: Line, field: string, ids: SetupResolver): DraftLine {
  const extended = extendPrice(line.quantity, line.unitPrice);
  const exact = isWholeCents(line.quantity, line.unitPrice);
  const qty = exact ? line.quantity : Math.sign(line.quantity) * ONE;
  const unitPrice = exact ? line.unitPrice : Math.abs(extended);
  return { itemId: ids.lineItem(line), description: itemText(line, extended, exact, qty), qty, unitPrice, amount: extended, flips: 'qty', field };
}

/** Discounts, taxes, tips...: Qty 1 at the (signed) amount. */
function fixedLine(itemId: string, description: string, amount: Cents, field: string): DraftLine {
  return { itemId, description, qty: ONE, unitPrice: amount, amount, flips: 'price', field };
}

/** `Latte 16oz | SKU LAT16 | Coffee | 2 x 4.50`, so the real product can be read in QuickBooks. */
function itemText(line: Line, extended: Cents, exact: boolean, postedQty: Milli): string {
  let quantity = `${formatQuantity(line.quantity)} x ${formatCents(line.unitPrice)}`;
  if (!exact) quantity += ` = ${formatCents(extended)} (rounded to the cent, posted as quantity ${formatQuantity(postedQty)})`;
  if (line.quantity < 0) quantity += ' (returned)';
  const parts = [line.name, line.sku ? `SKU ${line.sku}` : '', line.category ?? '', quantity];
  return parts.filter((p) => p.trim() !== '').join(SEPARATOR);
}

function discountText(d: Discount, line: Line): string {
  return `${d.name}${SEPARATOR}discount on ${line.name}${line.quantity < 0 ? ' (returned)' : ''}`;
}

/** A refund receipt carries every line with its sign flipped, so its total is positive. */
export function flipLine(line: DraftLine): DraftLine {
  return line.flips === 'qty'
    ? { ...line, qty: negate(line.qty), amount: negate(line.amount) }
    : { ...line, unitPrice: negate(line.unitPrice), amount: negate(line.amount) };
}

/** −n without a −0 (it would print as 0 but compare unequal in tests and maps). */
function negate(n: number): number {
  return n === 0 ? 0 : -n;
}

/** The QuickBooks rule for every line, checked in exact integers. */
export function isExactLine(line: Pick<DraftLine, 'qty' | 'unitPrice' | 'amount'>): boolean {
  return BigInt(line.qty) * BigInt(line.unitPrice) === BigInt(line.amount) * 1000n;
}
