/**
 * The ids Initialize (and the runs after it) stored (posting-rules §1), and a resolver that
 * reads them through the accountant's mapping: a mapped POS name posts to its target, anything
 * unmapped to the default record. A missing id is noted as a problem instead of failing at the
 * first, so one report names them all (the sync sets each up and maps the ticket again).
 */
import { methodKey, posNameKey } from '../domain/account-mapping.js';
import type { Special } from '../domain/account-mapping.js';
import type { Line, PaymentMethod } from '../domain/ticket.js';
import { discountItemKey } from './names.js';
import { problem } from './problems.js';
import type { MappingProblem } from './problems.js';
import { categoryName, tenderDepositFor } from './rules.js';
import type { CompiledRules } from './rules.js';

export interface SetupItems {
  product: string;
  service: string;
  tips: string;
  rewardPoints: string;
  customerBalance: string;
  tax: string;
  /** On a Gift Card Liability account: a gift card sold is money held, never income. */
  giftCardSales?: string;
}

export type ClassTracking = 'off' | 'txn' | 'line';

export interface SetupIds {
  guestCustomer: string;
  /** Account id. */
  undepositedFunds: string;
  items: SetupItems;
  /**
   * Discount items keyed by discountItemKey(posName) (cleaned, lower-cased name). Only own
   * properties count: build it with Object.fromEntries or a Map's entries, never by
   * assignment (`o["__proto__"] = id` sets the prototype, and a discount may be named so).
   */
  discountItems: Record<string, string>;
  paymentMethods: Record<PaymentMethod, string>;
  /** A PaymentMethod per custom tender label, keyed by methodKey (`label:<name>`). Own properties only. */
  labelMethods?: Record<string, string>;
  /** Items made for mapped POS names, keyed by mappedItemKey. Own properties only. */
  mappedItems?: Record<string, string>;
  /** The company uses US automated sales tax: force the document's tax total to 0. */
  automatedSalesTax: boolean;
  /** Whether (and where) the company tracks classes; a mapped class is sent only where it does. */
  classTracking?: ClassTracking;
  departmentTracking?: boolean;
}

/** What an item made for a mapped POS name is known by: its role, the POS name, the account it posts to. */
export function mappedItemKey(role: 'category' | 'discount' | 'tax' | 'special', posName: string, accountId: string): string {
  return `${role}|${accountId}|${posNameKey(posName)}`;
}

export interface PostingTender {
  method: PaymentMethod;
  label?: string;
}

export interface SetupResolver {
  guestCustomer(): string;
  lineItem(line: Line): string;
  discountItem(posName: string): string;
  taxItem(posName: string): string;
  specialItem(special: Exclude<Special, 'giftCardSales'>): string;
  paymentMethod(tender: PostingTender): string;
  depositAccount(tender: PostingTender): string;
  /** The location's Class, where the company tracks classes ('' when none). */
  classRef(): { id: string; placement: Exclude<ClassTracking, 'off'> } | null;
  departmentRef(): string | null;
  /** Each missing id once, in the order first asked for. */
  problems(): MappingProblem[];
}

const own = (record: Record<string, string> | undefined, key: string) => (record && Object.hasOwn(record, key) ? record[key] : undefined);

/** `businessDate`: the date of the ticket being mapped (card tenders go to a clearing account from a processor's start date on). */
export function makeSetupResolver(setup: SetupIds, rules: CompiledRules, businessDate?: string): SetupResolver {
  const missing = new Map<string, MappingProblem>();
  const need = (id: string | undefined, field: string, what: string): string => {
    if (typeof id === 'string' && id.length > 0) return id;
    if (!missing.has(field)) missing.set(field, problem('missing-setup', `no QuickBooks id for ${what} yet: run Initialize`, field));
    return '';
  };
  const mapped = (role: 'category' | 'discount' | 'tax' | 'special', name: string, accountId: string) => {
    const key = mappedItemKey(role, name, accountId);
    return need(own(setup.mappedItems, key), `mappedItems[${JSON.stringify(key)}]`, `the item for ${role} "${name}"`);
  };
  const special = (s: Special, fallback: string | undefined) => {
    const target = rules.specials[s];
    return target ? mapped('special', s, target.account.id) : need(fallback, `items.${s}`, `the ${s} item`);
  };
  const tenderTarget = (t: PostingTender) => rules.methods.get(methodKey(t));
  return {
    guestCustomer: () => need(setup.guestCustomer, 'guestCustomer', 'the Guest Customer'),
    lineItem(line) {
      if (line.kind === 'gift_card') return special('giftCardSales', setup.items?.giftCardSales);
      const name = categoryName(line.category);
      const target = rules.categories.get(posNameKey(name));
      if (target?.item) return target.item.id;
      if (target?.account) return mapped('category', name, target.account.id);
      return need(setup.items?.[line.kind], `items.${line.kind}`, `the ${line.kind} item`);
    },
    discountItem(posName) {
      const target = rules.discounts.get(posNameKey(posName));
      if (target) return mapped('discount', posName, target.account.id);
      const key = discountItemKey(posName);
      return need(own(setup.discountItems, key), `discountItems[${JSON.stringify(key)}]`, `the discount item "${key}"`);
    },
    taxItem(posName) {
      const target = rules.taxes.get(posNameKey(posName));
      if (target?.item) return target.item.id;
      if (target?.account) return mapped('tax', posName, target.account.id);
      return need(setup.items?.tax, 'items.tax', 'the tax item');
    },
    specialItem: (s) => special(s, setup.items?.[s]),
    paymentMethod(t) {
      const mappedMethod = tenderTarget(t)?.paymentMethod?.id;
      if (mappedMethod) return mappedMethod;
      const key = methodKey(t);
      if (key.startsWith('label:')) return need(own(setup.labelMethods, key), `labelMethods[${JSON.stringify(key)}]`, `the payment method for "${t.label?.trim()}"`);
      return need(setup.paymentMethods?.[t.method], `paymentMethods.${t.method}`, `the payment method ${t.method}`);
    },
    depositAccount(t) {
      // A processor's clearing account first; a custom tender without a rule of its own deposits where its method does.
      return tenderDepositFor(rules, t, businessDate)?.id ?? need(setup.undepositedFunds, 'undepositedFunds', 'the Undeposited Funds account');
    },
    classRef() {
      const tracking = setup.classTracking ?? 'off';
      return rules.classRef && tracking !== 'off' ? { id: rules.classRef.id, placement: tracking } : null;
    },
    departmentRef: () => (rules.departmentRef && setup.departmentTracking ? rules.departmentRef.id : null),
    problems: () => [...missing.values()],
  };
}
