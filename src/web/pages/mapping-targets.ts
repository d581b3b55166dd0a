/**
 * The mapping page's pickers, in both directions: which of the company's records each POS name
 * may be sent to (the options of its select, values like `account:12`), what it posts to
 * while unmapped (shown in grey), and a submitted choice written back into the mapping. The
 * service checks the result against the company again before it saves; this only keeps the
 * form from offering what could never fit.
 */
import { SPECIALS, posNameKey } from '../../domain/account-mapping.js';
import type { AccountMapping, QboRef, Special } from '../../domain/account-mapping.js';
import type { CompanyLists, CompanyRecord, PosNameSeen } from '../../sync/index.js';

export type NameRole = PosNameSeen['role'];

export interface Option { value: string; label: string }
export interface OptionGroup { label: string; options: Option[] }

const SECTION = { category: 'categories', method: 'methods', tax: 'taxes', discount: 'discounts', special: 'specials', drawer: 'drawer' } as const;

export const ROLE_TITLES: Record<NameRole, string> = {
  category: 'Categories', method: 'Payment methods and custom tenders', tax: 'Taxes', discount: 'Discounts',
  special: 'Tips, reward points, customer balance, gift cards', drawer: 'Drawer operations',
};

const METHOD_DEFAULTS: Record<string, string> = { cash: 'Cash', check: 'Check', credit_card: 'Credit Card', gift_card: 'Gift Card', other: 'Other' };
const SPECIAL_DEFAULTS: Record<Special, string> = { tips: 'Tips payable', rewardPoints: 'Services', customerBalance: 'Services', giftCardSales: 'Gift Card Liability' };

/** What a POS name posts to while nothing is mapped (what Initialize set up). */
export function defaultTarget(row: Pick<PosNameSeen, 'role' | 'key' | 'name'>): string {
  switch (row.role) {
    case 'category': return 'Sales of Product Income or Services';
    case 'method': return row.key.startsWith('label:') ? `its own payment method "${row.name}"` : `payment method ${METHOD_DEFAULTS[row.key] ?? row.key}`;
    case 'tax': return 'the Tax item';
    case 'discount': return 'Discounts given';
    case 'special': return SPECIAL_DEFAULTS[row.key as Special] ?? 'Services';
    case 'drawer': return 'Cash over/short and paid outs';
  }
}

type AnyTarget = { account?: QboRef; item?: QboRef; paymentMethod?: QboRef; depositAccount?: QboRef };

/** The entry of a POS name in its section, matched as QuickBooks matches names (case, spaces). */
export function currentTarget(mapping: AccountMapping, role: NameRole, key: string): AnyTarget | undefined {
  const section = mapping[SECTION[role]] as Record<string, AnyTarget>;
  if (role === 'special' || role === 'method') return section[key];
  const wanted = posNameKey(key);
  return Object.entries(section).find(([name]) => posNameKey(name) === wanted)?.[1];
}

/** The select's value for what is mapped now ('' = the default). */
export function targetValue(t: AnyTarget | undefined): string {
  if (!t) return '';
  if (t.item) return `item:${t.item.id}`;
  if (t.account) return `account:${t.account.id}`;
  if (t.paymentMethod) return `pm:${t.paymentMethod.id}`;
  return '';
}

export function targetLabel(t: AnyTarget | undefined): string | null {
  if (!t) return null;
  const ref = t.item ?? t.account ?? t.paymentMethod ?? t.depositAccount;
  return ref ? ref.name : null;
}

const active = (rows: CompanyRecord[]) => rows.filter((r) => r.active).sort((a, b) => a.name.localeCompare(b.name));
const opts = (prefix: string, rows: CompanyRecord[], withType = false): Option[] =>
  rows.map((r) => ({ value: `${prefix}:${r.id}`, label: withType ? `${r.name} (${r.type})` : r.name }));
const INCOME = new Set(['Income', 'Other Income']);
const LIABILITY = new Set(['Other Current Liability', 'Long Term Liability']);

/** The company's records a POS name of this role may be sent to, grouped for the select. */
export function optionsFor(role: NameRole, lists: CompanyLists): OptionGroup[] {
  const accounts = active(lists.accounts);
  const items = active(lists.items).filter((i) => i.type !== 'Category');
  switch (role) {
    case 'category':
      return [{ label: 'Income accounts', options: opts('account', accounts.filter((a) => INCOME.has(a.type))) },
        { label: 'Items', options: opts('item', items, true) }];
    case 'method': return [{ label: 'Payment methods', options: opts('pm', active(lists.paymentMethods)) }];
    case 'tax':
      return [{ label: 'Liability accounts', options: opts('account', accounts.filter((a) => LIABILITY.has(a.type))) },
        { label: 'Items', options: opts('item', items, true) }];
    default: return [{ label: 'Accounts', options: opts('account', accounts, true) }];
  }
}

export const classOptions = (lists: CompanyLists): Option[] => opts('class', active(lists.classes));
export const departmentOptions = (lists: CompanyLists): Option[] => opts('department', active(lists.departments));

/** A submitted value read back into a reference of the company's lists; an error names the value. */
export function refFromValue(value: string, lists: CompanyLists): { kind: string; ref: QboRef } | { error: string } {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon);
  const id = value.slice(colon + 1);
  const list = { account: lists.accounts, item: lists.items, pm: lists.paymentMethods, class: lists.classes, department: lists.departments }[kind];
  if (colon < 1 || !list) return { error: `"${value}" is not a choice of this page` };
  const found = list.find((r) => r.id === id);
  if (!found) return { error: `${kind === 'pm' ? 'payment method' : kind} id ${id} is not in the company's lists as last read; press Refresh and choose again` };
  return { kind, ref: { id: found.id, name: found.name } };
}

/** Writes one POS name's choice into the mapping ('' puts it back to the default). */
export function setTarget(mapping: AccountMapping, row: { role: NameRole; key: string; name: string }, choice: { kind: string; ref: QboRef } | null): void {
  const { role, key } = row;
  const section = mapping[SECTION[role]] as Record<string, AnyTarget>;
  const existing = role === 'special' || role === 'method' ? (key in section ? key : undefined)
    : Object.keys(section).find((name) => posNameKey(name) === posNameKey(key));
  const previous = existing === undefined ? undefined : section[existing];
  if (existing !== undefined) delete section[existing];
  if (!choice) return;
  if (role === 'special' && !(SPECIALS as readonly string[]).includes(key)) return;
  // A new entry keeps the POS's spelling (keys of names are lower-cased); methods and specials are keyed as such.
  const name = existing ?? (role === 'special' || role === 'method' ? key : row.name);
  if (role === 'method') {
    // The page picks the method; a deposit account set through the API or an import is kept.
    section[name] = { paymentMethod: choice.ref, ...(previous?.depositAccount && { depositAccount: previous.depositAccount }) };
  } else {
    section[name] = choice.kind === 'item' ? { item: choice.ref } : { account: choice.ref };
  }
}
