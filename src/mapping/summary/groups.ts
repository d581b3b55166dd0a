/**
 * The POS sums of a day (summary-mode §2), in integer cents, grouped as the receipt's lines
 * are: per group in §3.1 order, and within a group in the order a key is first met (tickets
 * taken by closing time, then id, so a rewrite of the same day gives the same lines).
 */
import { methodKey, posNameKey } from '../../domain/account-mapping.js';
import { extendPrice, formatQuantity } from '../../domain/money.js';
import type { Cents, Milli } from '../../domain/money.js';
import type { PaymentMethod, Ticket } from '../../domain/ticket.js';
import { qboName } from '../names.js';
import { categoryName } from '../rules.js';
import { METHOD_TITLES } from '../tenders.js';
import { SUMMARY_GROUPS } from './types.js';
import type { GroupSum, SummaryGroup } from './types.js';

/** A sum with what its line's item is resolved from. */
export interface DaySum extends GroupSum {
  lineKind?: 'product' | 'service';
  /** The POS name (category, discount, tax). */
  posName?: string;
  tender?: { method: PaymentMethod; label?: string };
}

export interface DaySums {
  tickets: Ticket[];
  sums: DaySum[];
  /** Σ quantity × unitCost (rounded per line as ticket-format rounds a line) over product lines with unitCost. */
  cogsCents: Cents;
  /** Product units (thousandths) with a unitCost, sold and returned: the COGS entry's description. */
  costedUnits: { sold: Milli; returned: Milli };
  hasUnitCost: boolean;
}

/** Per group: key → sum and count (units in thousandths, or occurrences). */
type Acc = Map<string, { sum: DaySum; n: number }>;

export function sumDay(input: readonly Ticket[]): DaySums {
  const tickets = input.filter((t) => t.status === 'closed')
    .sort((a, b) => a.closedAtMs - b.closedAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const acc = new Map<SummaryGroup, Acc>(SUMMARY_GROUPS.map((g) => [g, new Map()]));
  const add = (group: SummaryGroup, key: string, cents: Cents, n: number, extra: Omit<DaySum, 'group' | 'key' | 'cents' | 'count'>) => {
    const byKey = acc.get(group)!;
    const at = byKey.get(key) ?? { sum: { group, key, cents: 0, count: '', ...extra }, n: 0 };
    at.sum.cents += cents;
    at.n += n;
    byKey.set(key, at);
  };
  const cost = { cents: 0, sold: 0, returned: 0, any: false };
  for (const t of tickets) {
    addLines(t, add, cost);
    addTicketParts(t, add);
  }
  const sums: DaySum[] = [];
  for (const group of SUMMARY_GROUPS) {
    for (const { sum, n } of acc.get(group)!.values()) if (sum.cents !== 0) sums.push({ ...sum, count: countText(group, n) });
  }
  return { tickets, sums, cogsCents: cost.cents, costedUnits: { sold: cost.sold, returned: cost.returned }, hasUnitCost: cost.any };
}

type Add = (group: SummaryGroup, key: string, cents: Cents, n: number, extra: Omit<DaySum, 'group' | 'key' | 'cents' | 'count'>) => void;

function addLines(t: Ticket, add: Add, cost: { cents: Cents; sold: Milli; returned: Milli; any: boolean }): void {
  for (const line of t.lines) {
    if (line.kind === 'gift_card') {
      add('giftCardSales', 'giftCardSales', line.extended, line.quantity, { name: 'Gift card sales' });
    } else {
      const category = categoryName(line.category);
      const group = line.quantity > 0 ? 'sales' : 'returns';
      const extra = { name: qboName(category), lineKind: line.kind, posName: category };
      add(group, summaryCategoryKey(line.kind, category), line.extended, Math.abs(line.quantity), extra);
      if (line.kind === 'product' && line.unitCost !== undefined) {
        cost.any = true;
        cost.cents += extendPrice(line.quantity, line.unitCost);
        if (line.quantity > 0) cost.sold += line.quantity;
        else cost.returned -= line.quantity;
      }
    }
    // A returned line's discount comes back with it (as line-by-line).
    const sign = line.quantity < 0 ? 1 : -1;
    for (const d of line.discounts) add('discounts', posNameKey(d.name), sign * d.amount, 1, { name: qboName(d.name), posName: d.name });
  }
}

function addTicketParts(t: Ticket, add: Add): void {
  for (const d of t.discounts) add('discounts', posNameKey(d.name), -d.amount, 1, { name: qboName(d.name), posName: d.name });
  for (const tax of t.taxes) add('taxes', posNameKey(tax.name), tax.amount, 1, { name: qboName(tax.name), posName: tax.name });
  if (t.tip !== 0) add('tips', 'tips', t.tip, 1, { name: 'Tips' });
  if (t.rewardPointsRedeemed !== 0) add('rewardPoints', 'rewardPoints', -t.rewardPointsRedeemed, 1, { name: 'Reward points' });
  if (t.customerBalanceUsed !== 0) add('customerBalance', 'customerBalance', -t.customerBalanceUsed, 1, { name: 'Customer balance' });
  for (const p of t.payments) {
    const label = p.label?.trim() || undefined;
    const tender = label === undefined ? { method: p.method } : { method: p.method, label };
    // The POS's net per method: cash back and refunds net in; the line takes it off the receipt.
    add('tenders', methodKey(p), -p.amount, 1, { name: label === undefined ? METHOD_TITLES[p.method] : qboName(label), tender });
  }
}

/** The key of a category's sales and returns: its kind (product or service income) and its POS name. */
export function summaryCategoryKey(kind: 'product' | 'service', category: string): string {
  return `${kind}|${posNameKey(categoryName(category))}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function countText(group: SummaryGroup, n: number): string {
  switch (group) {
    case 'sales': return `${formatQuantity(n)} sold`;
    case 'returns': return `${formatQuantity(n)} returned`;
    case 'giftCardSales': return `${formatQuantity(n)} sold`;
    case 'discounts': return plural(n, 'discount');
    case 'tenders': return plural(n, 'payment');
    default: return plural(n, 'ticket');
  }
}
