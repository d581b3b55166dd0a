/**
 * The QuickBooks records summary mode adds (summary-mode §5-6), as data: the accounts by
 * key, the clearing account and "PMT" item names per tender. Line-by-line's records
 * (setup-records.ts) stay as they are; the summary ones sit beside them.
 */
import type { SummaryAccountKey } from '../../mapping/index.js';
import type { PaymentMethod } from '../../domain/ticket.js';
import { METHOD_TITLES } from '../../mapping/index.js';
import { ACCOUNTS, NAME_SUFFIX, cutName, sameName } from './setup-records.js';
import type { AccountSpec } from './setup-records.js';

export const POS_CUSTOMER = 'POS Customer';

/** Accounts summary mode creates when missing (COGS and Inventory Asset are line-by-line's own). */
export const SUMMARY_ACCOUNTS: Readonly<Record<Exclude<SummaryAccountKey, 'cogs'>, Omit<AccountSpec, 'key'>>> = {
  giftCardLiability: ACCOUNTS.find((a) => a.key === 'giftCardLiability')!,
  inventoryAsset: ACCOUNTS.find((a) => a.key === 'inventoryAsset')!,
  salesTaxCollected: { name: 'Sales tax collected (POS)', type: 'Other Current Liability', subtype: 'OtherCurrentLiabilities' },
  tipsPayable: { name: 'Tips payable', type: 'Other Current Liability', subtype: 'OtherCurrentLiabilities' },
  cashOverShort: { name: 'Cash over/short and paid outs', type: 'Expense', subtype: 'OtherMiscellaneousServiceCost' },
};

/** What the user reads for each account in the Initialize report. */
export const SUMMARY_ACCOUNT_NAMES: Readonly<Record<SummaryAccountKey, string>> = {
  giftCardLiability: 'Gift Card Liability', inventoryAsset: 'Inventory Asset', cogs: 'Cost of Goods Sold',
  salesTaxCollected: 'Sales tax collected (POS)', tipsPayable: 'Tips payable', cashOverShort: 'Cash over/short and paid outs',
};

/** Card money is one flow whatever the card: "Card clearing (POS)", as the spec names it. */
const CLEARING_WORD: Record<PaymentMethod, string> = { cash: 'Cash', check: 'Check', credit_card: 'Card', gift_card: 'Gift card', other: 'Other' };

export const CLEARING_SUFFIX = ' clearing (POS)';

const isStandard = (methodKey: string): methodKey is PaymentMethod => Object.hasOwn(CLEARING_WORD, methodKey);

/**
 * A custom label named like a standard method ("Cash", "card") would share that method's
 * clearing account and PMT item, mixing its money with theirs: it gets " (POS)" (as its
 * PaymentMethod does line-by-line).
 */
function tenderWord(methodKey: string, title: string): string {
  if (isStandard(methodKey)) return CLEARING_WORD[methodKey];
  const clash = Object.values(METHOD_TITLES).concat(Object.values(CLEARING_WORD)).some((w) => sameName(w, title));
  return clash ? `${cutName(title, 90)}${NAME_SUFFIX}` : title;
}

/** "Cash clearing (POS)", "Card clearing (POS)", "Venmo clearing (POS)". */
export function clearingAccountName(methodKey: string, title: string): string {
  return `${cutName(tenderWord(methodKey, title), 100 - CLEARING_SUFFIX.length)}${CLEARING_SUFFIX}`;
}

/** "PMT - Credit Card", "PMT - Venmo": the article's vendor's naming, cut to QuickBooks' 100. */
export function pmtItemName(methodKey: string, title: string): string {
  return cutName(`PMT - ${isStandard(methodKey) ? title : tenderWord(methodKey, title)}`, 100);
}

export const SUMMARY_TIPS_ITEM = 'Tips';
