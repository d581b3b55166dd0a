/**
 * Every place a mapping names a QuickBooks record ("slot"), with the POS name it is for and
 * the kinds of record that may stand there: what checking a mapping against the company, and
 * carrying it to another company by names, both walk. A slot's `set` replaces (or, with null,
 * removes) the record in the mapping it was read from.
 */
import { SPECIALS } from '../../domain/account-mapping.js';
import type { AccountMapping, QboRef, Special } from '../../domain/account-mapping.js';
import type { ListName } from './company-lists.js';

export interface Slot {
  /** Where in the mapping, dotted ("categories.Coffee.account"). */
  path: string;
  /** The POS name (or the location) it is for, as people read it. */
  posName: string;
  list: ListName;
  ref: QboRef;
  /** What it is for, in words ("a category", "gift card sales"). */
  purpose: string;
  /** Account types (or item types) allowed here; undefined: any record of the list. */
  types?: readonly string[];
  set(ref: QboRef | null): void;
}

const INCOME = ['Income', 'Other Income'];
const LIABILITY = ['Other Current Liability', 'Long Term Liability'];
const EXPENSE = ['Expense', 'Other Expense', 'Cost of Goods Sold'];
/** Items a sales line can carry (a Category or a Group is no item to sell). */
const SALES_ITEMS = ['Service', 'NonInventory', 'Inventory'];

export const SPECIAL_TITLES: Record<Special, string> = {
  tips: 'Tips', rewardPoints: 'Reward points', customerBalance: 'Customer balance', giftCardSales: 'Gift card sales',
};
const SPECIAL_TYPES: Record<Special, readonly string[]> = {
  tips: [...LIABILITY, ...INCOME],
  rewardPoints: [...INCOME, ...EXPENSE, ...LIABILITY],
  customerBalance: [...LIABILITY, ...INCOME],
  // Money held for the customer: never income (posting-rules §1).
  giftCardSales: LIABILITY,
};

type Holder = Record<string, unknown>;

function slot(out: Slot[], holder: Holder | undefined, field: string, base: Omit<Slot, 'ref' | 'set' | 'path'> & { at: string }): void {
  const ref = holder?.[field] as QboRef | undefined;
  if (!holder || !ref) return;
  const { at, ...rest } = base;
  out.push({ ...rest, path: `${at}.${field}`, ref, set: (r) => (r ? (holder[field] = r) : delete holder[field]) });
}

function sections(out: Slot[], m: Pick<AccountMapping, 'categories' | 'methods' | 'taxes'>, prefix: string): void {
  for (const [name, t] of Object.entries(m.categories ?? {})) {
    slot(out, t as Holder, 'account', { at: `${prefix}categories.${name}`, posName: name, list: 'accounts', purpose: 'a category', types: INCOME });
    slot(out, t as Holder, 'item', { at: `${prefix}categories.${name}`, posName: name, list: 'items', purpose: 'a category', types: SALES_ITEMS });
  }
  for (const [key, t] of Object.entries(m.methods ?? {})) {
    const posName = key.startsWith('label:') ? key.slice(6) : key;
    slot(out, t as Holder, 'paymentMethod', { at: `${prefix}methods.${key}`, posName, list: 'paymentMethods', purpose: 'a tender' });
    slot(out, t as Holder, 'depositAccount', { at: `${prefix}methods.${key}`, posName, list: 'accounts', purpose: 'a tender\'s deposits', types: ['Bank', 'Other Current Asset'] });
  }
  for (const [name, t] of Object.entries(m.taxes ?? {})) {
    slot(out, t as Holder, 'account', { at: `${prefix}taxes.${name}`, posName: name, list: 'accounts', purpose: 'a tax', types: LIABILITY });
    slot(out, t as Holder, 'item', { at: `${prefix}taxes.${name}`, posName: name, list: 'items', purpose: 'a tax' });
  }
}

/** The slots of a mapping, in the order of its sections. */
export function slotsOf(m: AccountMapping): Slot[] {
  const out: Slot[] = [];
  sections(out, m, '');
  for (const [name, t] of Object.entries(m.discounts)) {
    slot(out, t as unknown as Holder, 'account', { at: `discounts.${name}`, posName: name, list: 'accounts', purpose: 'a discount', types: [...INCOME, ...EXPENSE] });
  }
  for (const s of SPECIALS) {
    slot(out, m.specials[s] as unknown as Holder, 'account', { at: `specials.${s}`, posName: SPECIAL_TITLES[s], list: 'accounts', purpose: SPECIAL_TITLES[s].toLowerCase(), types: SPECIAL_TYPES[s] });
  }
  for (const [name, t] of Object.entries(m.drawer)) {
    slot(out, t as unknown as Holder, 'account', { at: `drawer.${name}`, posName: name, list: 'accounts', purpose: 'a drawer operation', types: [...EXPENSE, ...INCOME] });
  }
  for (const [name, p] of Object.entries(m.processors)) {
    const at = `processors.${name}`;
    const h = p as unknown as Holder;
    slot(out, h, 'bank', { at, posName: name, list: 'accounts', purpose: 'a processor\'s payouts', types: ['Bank'] });
    slot(out, h, 'clearing', { at, posName: name, list: 'accounts', purpose: 'a processor\'s clearing', types: ['Bank', 'Other Current Asset'] });
    slot(out, h, 'fees', { at, posName: name, list: 'accounts', purpose: 'a processor\'s fees', types: EXPENSE });
    slot(out, h, 'adjustments', { at, posName: name, list: 'accounts', purpose: 'a processor\'s adjustments', types: [...EXPENSE, ...INCOME] });
  }
  for (const [id, l] of Object.entries(m.locations)) {
    const at = `locations.${id}`;
    slot(out, l as Holder, 'class', { at, posName: `location ${id}`, list: 'classes', purpose: 'a store' });
    slot(out, l as Holder, 'department', { at, posName: `location ${id}`, list: 'departments', purpose: 'a store' });
    if (l.overrides) sections(out, l.overrides as AccountMapping, `${at}.overrides.`);
  }
  return out;
}

/**
 * Drops what removing records left incomplete (a category with neither account nor item, a
 * processor without its bank or fees account), so what remains is a valid mapping.
 */
export function pruneIncomplete(m: AccountMapping): void {
  const prune = (section: Record<string, object> | undefined, keep: (t: Holder) => boolean) => {
    for (const [k, t] of Object.entries(section ?? {})) if (!keep(t as Holder)) delete section![k];
  };
  const either = (a: string, b: string) => (t: Holder) => Boolean(t[a] || t[b]);
  const all = (...fields: string[]) => (t: Holder) => fields.every((f) => t[f]);
  for (const s of [m, ...Object.values(m.locations).map((l) => l.overrides ?? {})] as Partial<AccountMapping>[]) {
    prune(s.categories, either('account', 'item'));
    prune(s.methods, either('paymentMethod', 'depositAccount'));
    prune(s.taxes, either('account', 'item'));
  }
  prune(m.discounts, all('account'));
  prune(m.specials as Record<string, object>, all('account'));
  prune(m.drawer, all('account'));
  prune(m.processors, all('bank', 'fees'));
}
