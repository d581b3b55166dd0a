/**
 * Set-up ids as Initialize would store them, for tests: readable fixed ids, and a discount
 * item for every discount name of the given tickets.
 */
import { methodKey } from '../../domain/account-mapping.js';
import type { Ticket } from '../../domain/ticket.js';
import { discountItemKey, requiredDiscountNames } from '../names.js';
import type { SetupIds } from '../setup-ids.js';

export function makeSetupIds(tickets: readonly Ticket[] = [], overrides: Partial<SetupIds> = {}): SetupIds {
  // Object.fromEntries makes own properties even of "__proto__" (a POS may name a discount so).
  const keys = new Set(tickets.flatMap((t) => requiredDiscountNames(t).map(discountItemKey)));
  const discountItems: Record<string, string> = Object.fromEntries([...keys].map((k) => [k, `disc-${k}`]));
  const labels = new Set(tickets.flatMap((t) => t.payments.filter((p) => p.label?.trim()).map(methodKey)));
  const labelMethods: Record<string, string> = Object.fromEntries([...labels].map((k) => [k, `pm-${k}`]));
  return {
    guestCustomer: 'cust-guest',
    undepositedFunds: 'acct-undeposited',
    items: {
      product: 'item-product', service: 'item-service', tips: 'item-tips', rewardPoints: 'item-reward', customerBalance: 'item-balance', tax: 'item-tax',
      giftCardSales: 'item-giftcards',
    },
    discountItems,
    labelMethods,
    paymentMethods: { cash: 'pm-cash', check: 'pm-check', credit_card: 'pm-card', gift_card: 'pm-gift', other: 'pm-other' },
    automatedSalesTax: false,
    ...overrides,
  };
}
