/**
 * An ordinary sale: a few catalog lines, the discounts a café gives (staff, day-old pastry,
 * happy hour, loyalty), a tip, reward points, store credit, and the tenders that pay it.
 */
import type { Cents } from '../domain/money.js';
import type { PaymentMethod } from '../domain/ticket.js';
import { DRINK_CATEGORIES, pickCatalogItem, pickQuantity } from './catalog.js';
import { pickCustomer } from './customers.js';
import type { DemoCustomer } from './customers.js';
import type { Prng } from './prng.js';
import type { TicketSlot } from './slot.js';
import { pickSaleMethod, pickSaleTenders } from './tenders.js';
import { computeDraftTotal, computeTaxes, lineAmount, sumAmounts } from './ticket-draft.js';
import type { DraftDiscount, DraftLine, TicketDraft } from './ticket-draft.js';

const LINE_COUNTS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 5] as const;
const CAFE_CATEGORIES = new Set([...DRINK_CATEGORIES, 'Pastry', 'Sandwiches']);
/** Happy hour: 15:00-16:59 local. */
const HAPPY_HOURS = new Set([15, 16]);

export function makeSaleDraft(prng: Prng, slot: TicketSlot): TicketDraft {
  const customer = pickCustomer(prng);
  const count = prng.pick(LINE_COUNTS);
  const lines: DraftLine[] = [];
  for (let i = 0; i < count; i++) lines.push(pickSaleLine(prng));
  addLineDiscounts(prng, lines, customer, slot.localHour);
  const subtotal = sumAmounts(lines.map((l) => ({ amount: lineAmount(l) })));
  const discounts = pickTicketDiscounts(prng, lines, subtotal, customer, slot.localHour);
  const afterDiscounts = subtotal - sumAmounts(discounts);
  const method = pickSaleMethod(prng);
  const points = customer && !customer.staff && prng.chance(0.12) ? Math.min(prng.int(1, 5) * 100, afterDiscounts) : 0;
  const draft: TicketDraft = {
    id: slot.id, locationId: slot.locationId, version: 1, status: 'closed', closedAt: slot.closedAt,
    ...(customer && { customer: { id: customer.id, name: customer.name } }),
    lines, discounts, tip: pickTip(prng, method, lines, afterDiscounts), rewardPointsRedeemed: points,
    customerBalanceUsed: 0, tenders: [],
  };
  const due = computeDraftTotal(draft, computeTaxes(lines, discounts, slot.rates));
  // Store credit: a member spends some of it, sometimes enough to cover the whole ticket.
  if (customer && !customer.staff && prng.chance(0.06)) {
    draft.customerBalanceUsed = prng.chance(0.3) ? due : Math.min(due, prng.pick([500, 1000, 2000]));
  }
  const left = due - draft.customerBalanceUsed;
  draft.tenders = left > 0 ? pickSaleTenders(prng, left, method) : [];
  return draft;
}

export function pickSaleLine(prng: Prng): DraftLine {
  const item = pickCatalogItem(prng);
  return { item, quantity: pickQuantity(item, prng), discounts: [] };
}

/** Percent of an amount, rounded half up to the cent (amounts here are ≥ 0). */
export function percentOf(amount: Cents, percent: number): Cents {
  return Math.floor((amount * percent + 50) / 100);
}

function addLineDiscounts(prng: Prng, lines: DraftLine[], customer: DemoCustomer | undefined, hour: number): void {
  for (const line of lines) {
    const extended = lineAmount(line);
    let discount: DraftDiscount | null = null;
    if (customer?.staff) discount = { name: 'Staff 10%', amount: percentOf(extended, 10) };
    else if (line.item.category === 'Pastry' && hour >= 18 && prng.chance(0.4)) discount = { name: 'Day-old 50%', amount: percentOf(extended, 50) };
    else if (line.item.unit === 'each' && extended > 500 && prng.chance(0.01)) discount = { name: 'Damaged packaging', amount: 100 };
    if (discount && discount.amount > 0) line.discounts.push(discount);
  }
}

function pickTicketDiscounts(prng: Prng, lines: readonly DraftLine[], subtotal: Cents, customer: DemoCustomer | undefined, hour: number): DraftDiscount[] {
  const wanted: DraftDiscount[] = [];
  const hasDrink = lines.some((l) => DRINK_CATEGORIES.has(l.item.category));
  if (hasDrink && HAPPY_HOURS.has(hour) && prng.chance(0.6)) wanted.push({ name: 'Happy hour', amount: 100 });
  if (customer && !customer.staff && subtotal >= 1500 && prng.chance(0.1)) wanted.push({ name: 'Loyalty $5 off', amount: 500 });
  if (prng.chance(0.015)) wanted.push({ name: 'Coupon 15%', amount: percentOf(subtotal, 15) });
  // Discounts never take a ticket below zero: the POS refuses one that would.
  const given: DraftDiscount[] = [];
  let left = subtotal;
  for (const d of wanted) {
    if (d.amount > 0 && d.amount <= left) {
      given.push(d);
      left -= d.amount;
    }
  }
  return given;
}

/** Card customers at the café counter tip often; cash and app customers sometimes. */
function pickTip(prng: Prng, method: PaymentMethod, lines: readonly DraftLine[], base: Cents): Cents {
  if (!lines.some((l) => CAFE_CATEGORIES.has(l.item.category))) return 0;
  const likelihood = method === 'credit_card' ? 0.35 : method === 'other' ? 0.1 : method === 'cash' ? 0.08 : 0;
  if (!prng.chance(likelihood)) return 0;
  if (method !== 'credit_card' || prng.chance(0.3)) return prng.int(1, 3) * 100;
  return percentOf(base, prng.pick([15, 18, 20]));
}
