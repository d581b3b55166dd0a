/**
 * Money going back: refunds (negative quantities and total, paid back to the card, in cash
 * or onto the customer's balance), exchanges (one item back, another out, the total of
 * either sign or zero) and comps (a fully discounted order, total zero).
 */
import { CATALOG, DRINK_CATEGORIES, RETURNABLE, pickQuantity } from './catalog.js';
import type { CatalogItem } from './catalog.js';
import { pickCustomer } from './customers.js';
import type { Prng } from './prng.js';
import type { TicketSlot } from './slot.js';
import { makeTender, pickRefundTenders, pickSaleMethod } from './tenders.js';
import { computeDraftTotal, computeTaxes, lineAmount } from './ticket-draft.js';
import type { DraftLine, TicketDraft } from './ticket-draft.js';
import { percentOf } from './sale.js';

const REASONS = ['damaged', 'stale', 'changed mind', 'duplicate purchase', 'wrong item'] as const;
const COMPABLE: readonly CatalogItem[] = CATALOG.filter((i) => DRINK_CATEGORIES.has(i.category) || i.category === 'Pastry');

function baseDraft(slot: TicketSlot, lines: DraftLine[], note: string): TicketDraft {
  return {
    id: slot.id, locationId: slot.locationId, version: 1, status: 'closed', closedAt: slot.closedAt,
    lines, discounts: [], tip: 0, rewardPointsRedeemed: 0, customerBalanceUsed: 0, tenders: [], note,
  };
}

function returnedLine(prng: Prng, item: CatalogItem = prng.pick(RETURNABLE)): DraftLine {
  return { item, quantity: -pickQuantity(item, prng), discounts: [] };
}

export function makeRefundDraft(prng: Prng, slot: TicketSlot): TicketDraft {
  const customer = pickCustomer(prng);
  const lines = [returnedLine(prng)];
  if (prng.chance(0.3)) lines.push(returnedLine(prng));
  const draft = baseDraft(slot, lines, `Return: ${prng.pick(REASONS)}`);
  if (customer) draft.customer = { id: customer.id, name: customer.name };
  // Staff bought it with their discount; it comes back with the discount too.
  if (customer?.staff) {
    for (const l of lines) {
      const amount = percentOf(-lineAmount(l), 10);
      if (amount > 0) l.discounts.push({ name: 'Staff 10%', amount });
    }
  }
  const due = computeDraftTotal(draft, computeTaxes(lines, [], slot.rates));
  if (customer && !customer.staff && prng.chance(0.4)) {
    // Put back on the customer's balance: all of it (total zero), or half and the rest in cash.
    const full = prng.chance(0.6);
    draft.customerBalanceUsed = full ? due : Math.ceil(due / 2);
    draft.tenders = full ? [] : [{ method: 'cash', amount: 'rest' }];
    return draft;
  }
  draft.tenders = pickRefundTenders(prng);
  return draft;
}

export function makeExchangeDraft(prng: Prng, slot: TicketSlot): TicketDraft {
  const back = returnedLine(prng);
  // One in five unit-priced swaps is like for like (a chipped mug for a good one): the total comes to zero.
  const likeForLike = back.item.unit === 'each' && prng.chance(0.2);
  const item = likeForLike ? back.item : prng.pick(RETURNABLE);
  const out: DraftLine = { item, quantity: likeForLike ? -back.quantity : pickQuantity(item, prng), discounts: [] };
  const draft = baseDraft(slot, [back, out], `Exchange: ${prng.pick(REASONS)}`);
  const due = computeDraftTotal(draft, computeTaxes(draft.lines, [], slot.rates));
  if (due > 0) draft.tenders = [makeTender(prng, pickSaleMethod(prng), 'rest')];
  else if (due < 0) draft.tenders = pickRefundTenders(prng);
  return draft;
}

export function makeCompDraft(prng: Prng, slot: TicketSlot): TicketDraft {
  const lines: DraftLine[] = [];
  const count = prng.int(1, 2);
  for (let i = 0; i < count; i++) {
    const item = prng.pick(COMPABLE);
    const line: DraftLine = { item, quantity: 1000, discounts: [] };
    line.discounts.push({ name: 'Manager comp', amount: lineAmount(line) });
    lines.push(line);
  }
  return baseDraft(slot, lines, `Comped: ${prng.pick(['order mix-up', 'long wait', 'spilled drink'])}`);
}
