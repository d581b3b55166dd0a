/**
 * The QuickBooks records every posted document refers to (posting-rules §1), as data. Names
 * are what we look for first; a record of another kind holding the name makes us use the
 * name with a fixed suffix instead.
 */
import { BLANK_NAME, cleanAndCut } from '../../mapping/index.js';

export const NAME_SUFFIX = ' (POS)';

/** QuickBooks' limit on PaymentMethod names (the stricter of the two readings: 31). */
export const METHOD_NAME_MAX = 31;

/** A POS name as a QuickBooks name of at most `max` characters (':' → '-', trimmed, never split mid-character). */
export function cutName(name: string, max: number): string {
  return cleanAndCut(name, max) || BLANK_NAME;
}

export type AccountKey = 'productIncome' | 'serviceIncome' | 'inventoryAsset' | 'cogs' | 'discounts' | 'giftCardLiability';

export interface AccountSpec {
  key: AccountKey;
  name: string;
  type: string;
  subtype: string;
}

export const ACCOUNTS: readonly AccountSpec[] = [
  { key: 'productIncome', name: 'Sales of Product Income', type: 'Income', subtype: 'SalesOfProductIncome' },
  { key: 'serviceIncome', name: 'Services', type: 'Income', subtype: 'ServiceFeeIncome' },
  { key: 'inventoryAsset', name: 'Inventory Asset', type: 'Other Current Asset', subtype: 'Inventory' },
  { key: 'cogs', name: 'Cost of Goods Sold', type: 'Cost of Goods Sold', subtype: 'SuppliesMaterialsCogs' },
  { key: 'discounts', name: 'Discounts given', type: 'Income', subtype: 'DiscountsRefundsGiven' },
  // Money held for the customer: a gift card sold is never income (posting-rules §1).
  { key: 'giftCardLiability', name: 'Gift Card Liability', type: 'Other Current Liability', subtype: 'OtherCurrentLiabilities' },
];

export const UNDEPOSITED_FUNDS = { name: 'Undeposited Funds', type: 'Other Current Asset', subtype: 'UndepositedFunds' };

export const PAYMENT_METHOD_SPECS = [
  { key: 'cash', name: 'Cash', type: 'NON_CREDIT_CARD' },
  { key: 'check', name: 'Check', type: 'NON_CREDIT_CARD' },
  { key: 'credit_card', name: 'Credit Card', type: 'CREDIT_CARD' },
  { key: 'gift_card', name: 'Gift Card', type: 'NON_CREDIT_CARD' },
  { key: 'other', name: 'Other', type: 'NON_CREDIT_CARD' },
] as const;

export type HelperItemKey = 'service' | 'tips' | 'rewardPoints' | 'customerBalance' | 'tax';

/** Service items on the Services income account. (Product is special: see initialize.ts.) */
export const SERVICE_ITEMS: readonly { key: HelperItemKey; name: string }[] = [
  { key: 'service', name: 'Service' },
  { key: 'tips', name: 'Tips' },
  { key: 'rewardPoints', name: 'Reward points' },
  { key: 'customerBalance', name: 'Customer balance' },
  { key: 'tax', name: 'Tax' },
];

export const PRODUCT_ITEM = 'Product';
export const GIFT_CARD_SALES_ITEM = 'Gift card sales';
export const GUEST_CUSTOMER = 'Guest Customer';

/** QuickBooks compares names without regard to case (and inactive records still hold theirs). */
export function sameName(a: unknown, b: string): boolean {
  return typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function refValue(ref: unknown): string | undefined {
  return ref && typeof ref === 'object' && typeof (ref as { value?: unknown }).value === 'string' ? (ref as { value: string }).value : undefined;
}
