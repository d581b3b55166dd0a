/**
 * Set-up ids as Initialize would store them, for tests: readable fixed ids, and a discount
 * item for every discount name of the given tickets.
 */
import type { Ticket } from '../../domain/ticket.js';
import { discountItemKey, requiredDiscountNames } from '../names.js';
import type { SetupIds } from '../setup-ids.js';

export function makeSetupIds(tickets: readonly Ticket[] = [], overrides: Partial<SetupIds> = {}): SetupIds {
  const discountItems: Record<string, string> = {};
  for (const t of tickets) {
    for (const name of requiredDiscountNames(t)) discountItems[discountItemKey(name)] ??= `disc-${discountItemKey(name)}`;
  }
  return {
    guestCustomer: 'cust-guest',
    undepositedFunds: 'acct-undeposited',
    items: { product: 'item-product', service: 'item-service', tips: 'item-tips', rewardPoints: 'item-reward', customerBalance: 'item-balance', tax: 'item-tax' },
    discountItems,
    paymentMethods: { cash: 'pm-cash', check: 'pm-check', credit_card: 'pm-card', gift_card: 'pm-gift', other: 'pm-other' },
    automatedSalesTax: false,
    ...overrides,
  };
}
