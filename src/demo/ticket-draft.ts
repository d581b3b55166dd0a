/**
 * A ticket as the demo builds it (integer cents and thousandths), and the one place that
 * turns it into contract JSON: taxes, the total and the payments are computed from the
 * parts, so every ticket satisfies the contract's two identities by construction, and an
 * edit only has to change a part and finish the draft again.
 */
import { extendPrice, formatCents } from '../domain/money.js';
import type { Cents, Milli } from '../domain/money.js';
import type { LineKind, PaymentMethod, TicketStatus } from '../domain/ticket.js';
import { formatLineQuantity } from './catalog.js';
import type { CatalogItem } from './catalog.js';
import { computeTax } from './tax-rates.js';
import type { TaxRate } from './tax-rates.js';

export interface DraftDiscount {
  name: string;
  amount: Cents;
}

export interface DraftLine {
  item: CatalogItem;
  /** Negative: the item came back. */
  quantity: Milli;
  discounts: DraftDiscount[];
}

/** A tender with a fixed amount, or the one that takes whatever is left (`amount: 'rest'`). */
export interface Tender {
  method: PaymentMethod;
  amount: Cents | 'rest';
  label?: string;
  reference?: string;
}

/** What a draft and the ticket it becomes share: who, where and when. */
type TicketHead = {
  id: string;
  locationId: string;
  version: number;
  status: TicketStatus;
  closedAt: string;
  customer?: { id: string; name: string };
  note?: string;
};

export type TicketDraft = TicketHead & {
  lines: DraftLine[];
  discounts: DraftDiscount[];
  tip: Cents;
  rewardPointsRedeemed: Cents;
  customerBalanceUsed: Cents;
  /** At most one 'rest' tender; with none, the fixed tenders must meet the total. */
  tenders: Tender[];
};

type MoneyText = string;

/** The contract's ticket JSON (docs/ticket-format.md), as a POS would send it. */
export type DemoTicket = TicketHead & {
  lines: DemoLine[];
  discounts?: { name: string; amount: MoneyText }[];
  taxes?: { name: string; amount: MoneyText }[];
  tip?: MoneyText;
  rewardPointsRedeemed?: MoneyText;
  customerBalanceUsed?: MoneyText;
  payments: { method: PaymentMethod; amount: MoneyText; label?: string; reference?: string }[];
  total: MoneyText;
};

export type DemoLine = {
  kind: LineKind;
  name: string;
  sku: string;
  category: string;
  quantity: string;
  unitPrice: MoneyText;
  discounts?: { name: string; amount: MoneyText }[];
};

/** A line's amount as the contract defines it: discounts count negative on a returned item. */
export function lineAmount(line: DraftLine): Cents {
  let discounts = 0;
  for (const d of line.discounts) discounts += d.amount;
  return extendPrice(line.quantity, line.item.unitPrice) - (line.quantity < 0 ? -discounts : discounts);
}

export function sumAmounts(items: readonly { amount: Cents }[]): Cents {
  let sum = 0;
  for (const i of items) sum += i.amount;
  return sum;
}

/**
 * The taxable amount: taxable lines less the ticket discounts (a sale's discounts never
 * take it below zero). Ticket discounts are only given on sales, whose taxable lines are
 * positive.
 */
export function computeTaxes(lines: readonly DraftLine[], discounts: readonly DraftDiscount[], rates: readonly TaxRate[]): DraftDiscount[] {
  let taxable = 0;
  for (const l of lines) if (l.item.taxable) taxable += lineAmount(l);
  let base = taxable - sumAmounts(discounts);
  if (taxable >= 0 && base < 0) base = 0;
  const taxes: DraftDiscount[] = [];
  for (const rate of rates) {
    const amount = computeTax(base, rate);
    if (amount !== 0) taxes.push({ name: rate.name, amount });
  }
  return taxes;
}

/** What the customer owes before tenders: the contract's total formula. */
export function computeDraftTotal(draft: TicketDraft, taxes: readonly DraftDiscount[]): Cents {
  let lines = 0;
  for (const l of draft.lines) lines += lineAmount(l);
  return lines - sumAmounts(draft.discounts) + sumAmounts(taxes) + draft.tip - draft.rewardPointsRedeemed - draft.customerBalanceUsed;
}

/** The draft as contract JSON, with taxes, total and payments computed from its parts. */
export function finishTicket(draft: TicketDraft, rates: readonly TaxRate[]): DemoTicket {
  const taxes = computeTaxes(draft.lines, draft.discounts, rates);
  const total = computeDraftTotal(draft, taxes);
  // The contract's field order, leaving out what a POS would not send.
  return {
    id: draft.id, locationId: draft.locationId, version: draft.version, status: draft.status, closedAt: draft.closedAt,
    ...(draft.customer && { customer: { ...draft.customer } }),
    lines: draft.lines.map(toLineJson),
    ...(draft.discounts.length > 0 && { discounts: draft.discounts.map(toMoneyPair) }),
    ...(taxes.length > 0 && { taxes: taxes.map(toMoneyPair) }),
    ...(draft.tip !== 0 && { tip: formatCents(draft.tip) }),
    ...(draft.rewardPointsRedeemed !== 0 && { rewardPointsRedeemed: formatCents(draft.rewardPointsRedeemed) }),
    ...(draft.customerBalanceUsed !== 0 && { customerBalanceUsed: formatCents(draft.customerBalanceUsed) }),
    payments: settle(draft, total),
    total: formatCents(total),
    ...(draft.note !== undefined && { note: draft.note }),
  };
}

/**
 * Payments that add up to the total: the fixed tenders as they are, the 'rest' tender
 * takes the difference (left out when that is zero). A 'rest' whose sign disagrees with
 * the total means a scenario built an impossible tender plan: a bug, so it throws.
 */
function settle(draft: TicketDraft, total: Cents): DemoTicket['payments'] {
  let fixed = 0;
  for (const t of draft.tenders) if (t.amount !== 'rest') fixed += t.amount;
  const rest = total - fixed;
  const hasRest = draft.tenders.some((t) => t.amount === 'rest');
  if ((hasRest && rest !== 0 && Math.sign(rest) !== Math.sign(total)) || (!hasRest && rest !== 0)) {
    throw new Error(`demo ticket ${draft.id}: tenders of ${formatCents(fixed)} cannot settle a total of ${formatCents(total)}`);
  }
  const payments: DemoTicket['payments'] = [];
  for (const t of draft.tenders) {
    const amount = t.amount === 'rest' ? rest : t.amount;
    if (amount === 0) continue;
    payments.push({
      method: t.method, amount: formatCents(amount),
      ...(t.label !== undefined && { label: t.label }), ...(t.reference !== undefined && { reference: t.reference }),
    });
  }
  return payments;
}

function toLineJson(line: DraftLine): DemoLine {
  const { item } = line;
  return {
    kind: item.kind, name: item.name, sku: item.sku, category: item.category,
    quantity: formatLineQuantity(item, line.quantity), unitPrice: formatCents(item.unitPrice),
    ...(line.discounts.length > 0 && { discounts: line.discounts.map(toMoneyPair) }),
  };
}

function toMoneyPair(d: DraftDiscount): { name: string; amount: MoneyText } {
  return { name: d.name, amount: formatCents(d.amount) };
}
