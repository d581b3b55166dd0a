/**
 * The ids a summary day's documents name, read through the accountant's mapping (as
 * setup-ids.ts does for a ticket): a mapped POS name posts to its target, anything unmapped to
 * the summary default (summary-mode §5-6). Every record asked for is noted as a need, met
 * or not, and each missing id once as a problem, so one pass says everything to set up.
 */
import { indexByName, methodKey, posNameKey } from '../../domain/account-mapping.js';
import type { AccountMapping, QboRef } from '../../domain/account-mapping.js';
import type { PaymentMethod } from '../../domain/ticket.js';
import { discountItemKey, qboName } from '../names.js';
import { problem } from '../problems.js';
import type { MappingProblem } from '../problems.js';
import { tenderDepositFor } from '../rules.js';
import type { CompiledRules } from '../rules.js';
import { mappedItemKey } from '../setup-ids.js';
import type { SetupNeed } from '../needs.js';
import { METHOD_TITLES } from '../tenders.js';
import { summaryCategoryKey } from './groups.js';
import type { PmtAccount, SummaryAccountKey, SummaryNeed, SummarySetup } from './types.js';

export interface Tender { method: PaymentMethod; label?: string }

export interface SummaryResolver {
  posCustomer(): string;
  undepositedFunds(): string;
  categoryItem(kind: 'product' | 'service', category: string): string;
  discountItem(posName: string): string;
  giftCardItem(): string;
  taxItem(posName: string): string;
  specialItem(s: 'tips' | 'rewardPoints' | 'customerBalance'): string;
  pmtItem(t: Tender): string;
  /** The account a cash paid in or paid out moves through: where the cash tender line posts. */
  cashAccount(): string;
  drawerAccount(category: string | undefined): string;
  account(key: SummaryAccountKey): string;
  classRef(): { id: string; placement: 'txn' | 'line' } | null;
  departmentRef(): string | null;
  needs(): SummaryNeed[];
  problems(): MappingProblem[];
}

const own = (record: Record<string, string> | undefined, key: string) => (record && Object.hasOwn(record, key) ? record[key] : undefined);

/** The key a PMT item's id is stored under: the tender and where it posts. */
export function pmtItemKey(tenderKey: string, account: PmtAccount): string {
  return `${tenderKey}|${account.kind === 'mapped' ? `account:${account.account.id}` : account.kind}`;
}

interface Register {
  want(key: string, need: SummaryNeed, id: string | undefined, what: string): string;
  /** An id line-by-line Initialize stores (not a summary need). */
  initialized(id: string | undefined, field: string, what: string): string;
  mapped(role: 'category' | 'discount' | 'tax' | 'special', posName: string, account: QboRef): string;
  account(key: SummaryAccountKey): string;
  clearing(t: Tender): string;
  needs(): SummaryNeed[];
  problems(): MappingProblem[];
}

function makeRegister(setup: SummarySetup): Register {
  const needs = new Map<string, SummaryNeed>();
  const missing = new Map<string, MappingProblem>();
  const summary = setup.summary ?? {};
  const want: Register['want'] = (key, need, id, what) => {
    if (!needs.has(key)) needs.set(key, need);
    if (typeof id === 'string' && id.length > 0) return id;
    if (!missing.has(key)) missing.set(key, problem('missing-setup', `no QuickBooks id for ${what} yet: set up summary mode`, key));
    return '';
  };
  return {
    want,
    initialized(id, field, what) {
      if (typeof id === 'string' && id.length > 0) return id;
      if (!missing.has(field)) missing.set(field, problem('missing-setup', `no QuickBooks id for ${what} yet: run Initialize`, field));
      return '';
    },
    mapped(role, posName, account) {
      const key = mappedItemKey(role, posName, account.id);
      const need: SetupNeed = { kind: 'mapped-item', key, role, posName: qboName(posName), account };
      return want(`item:${key}`, need, own(setup.mappedItems, key), `the item for ${role} "${posName}"`);
    },
    account: (key) => want(`account:${key}`, { kind: 'summary-account', key }, summary.accounts?.[key], `the account ${key}`),
    clearing(t) {
      const key = methodKey(t);
      const title = tenderTitle(t);
      return want(`clearing:${key}`, { kind: 'clearing-account', methodKey: key, title }, own(summary.clearingAccounts, key), `the clearing account for ${title}`);
    },
    needs: () => [...needs.values()],
    problems: () => [...missing.values()],
  };
}

/** "Credit Card", or a custom tender's own label ("Venmo"). */
function tenderTitle(t: Tender): string {
  const label = t.label?.trim();
  return label ? qboName(label) : METHOD_TITLES[t.method];
}

/** `businessDate`: the day's date (card tenders go to a processor's clearing account from its start date on). */
export function makeSummaryResolver(setup: SummarySetup, rules: CompiledRules, mapping: AccountMapping, businessDate?: string): SummaryResolver {
  const r = makeRegister(setup);
  const summary = setup.summary ?? {};
  const drawer = indexByName(mapping.drawer);
  // The same rule as line-by-line: a processor's clearing account from its start date, else the mapped account.
  const depositTarget = (t: Tender) => tenderDepositFor(rules, t, businessDate);
  return {
    ...itemResolvers(r, setup, rules),
    posCustomer: () => r.want('customer', { kind: 'pos-customer' }, summary.posCustomer, 'the POS Customer'),
    undepositedFunds: () => r.initialized(setup.undepositedFunds, 'undepositedFunds', 'the Undeposited Funds account'),
    pmtItem(t) {
      const mappedAccount = depositTarget(t);
      const where: PmtAccount = mappedAccount ? { kind: 'mapped', account: mappedAccount } : t.method === 'gift_card' ? { kind: 'giftCardLiability' } : { kind: 'clearing' };
      if (where.kind === 'clearing') r.clearing(t);
      if (where.kind === 'giftCardLiability') r.account('giftCardLiability');
      const tenderKey = methodKey(t);
      const key = pmtItemKey(tenderKey, where);
      const title = tenderTitle(t);
      return r.want(`pmt:${key}`, { kind: 'pmt-item', key, methodKey: tenderKey, title, account: where }, own(summary.pmtItems, key), `the item "PMT - ${title}"`);
    },
    cashAccount: () => depositTarget({ method: 'cash' })?.id ?? r.clearing({ method: 'cash' }),
    drawerAccount: (category) => (category === undefined ? undefined : drawer.get(posNameKey(category))?.account.id) ?? r.account('cashOverShort'),
    account: r.account,
    classRef() {
      const tracking = setup.classTracking ?? 'off';
      return rules.classRef && tracking !== 'off' ? { id: rules.classRef.id, placement: tracking } : null;
    },
    departmentRef: () => (rules.departmentRef && setup.departmentTracking ? rules.departmentRef.id : null),
    needs: r.needs,
    problems: r.problems,
  };
}

type ItemResolvers = Pick<SummaryResolver, 'categoryItem' | 'discountItem' | 'giftCardItem' | 'taxItem' | 'specialItem'>;

function itemResolvers(r: Register, setup: SummarySetup, rules: CompiledRules): ItemResolvers {
  const summary = setup.summary ?? {};
  return {
    categoryItem(kind, category) {
      const target = rules.categories.get(posNameKey(category));
      if (target?.item) return target.item.id;
      if (target?.account) return r.mapped('category', category, target.account);
      const key = summaryCategoryKey(kind, category);
      return r.want(`category:${key}`, { kind: 'category-item', key, category: qboName(category), lineKind: kind }, own(summary.categoryItems, key),
        `the item for category "${category}"`);
    },
    discountItem(posName) {
      const target = rules.discounts.get(posNameKey(posName));
      if (target) return r.mapped('discount', posName, target.account);
      const key = discountItemKey(posName);
      return r.want(`discount:${key}`, { kind: 'discount-item', name: qboName(posName) }, own(setup.discountItems, key), `the discount item "${key}"`);
    },
    giftCardItem() {
      const target = rules.specials.giftCardSales;
      return target ? r.mapped('special', 'giftCardSales', target.account) : r.initialized(setup.items?.giftCardSales, 'items.giftCardSales', 'the Gift card sales item');
    },
    taxItem(posName) {
      const target = rules.taxes.get(posNameKey(posName));
      if (target?.item) return target.item.id;
      if (target?.account) return r.mapped('tax', posName, target.account);
      r.account('salesTaxCollected');
      const key = posNameKey(posName);
      return r.want(`tax:${key}`, { kind: 'tax-item', key, name: qboName(posName) }, own(summary.taxItems, key), `the item for tax "${posName}"`);
    },
    specialItem(s) {
      const target = rules.specials[s];
      if (target) return r.mapped('special', s, target.account);
      if (s !== 'tips') return r.initialized(setup.items?.[s], `items.${s}`, `the ${s} item`);
      r.account('tipsPayable');
      return r.want('tips', { kind: 'tips-item' }, summary.tipsItem, 'the Tips item on Tips payable');
    },
  };
}
