/**
 * The accountant's mapping (domain/account-mapping.ts) compiled for one location: the company's
 * rules with the store's overrides laid over them, indexed by POS name, with the location's
 * Class and QuickBooks Location. Built once per run and location, then read per line.
 */
import { SPECIALS, emptyMapping, indexByName, methodKey, posNameKey, rulesFor } from '../domain/account-mapping.js';
import type { AccountMapping, AccountTarget, CategoryTarget, MethodTarget, QboRef, Special, TaxTarget } from '../domain/account-mapping.js';
import type { PaymentMethod } from '../domain/ticket.js';

export interface CompiledRules {
  categories: Map<string, CategoryTarget>;
  methods: Map<string, MethodTarget>;
  taxes: Map<string, TaxTarget>;
  discounts: Map<string, AccountTarget>;
  specials: Partial<Record<Special, AccountTarget>>;
  classRef: QboRef | null;
  departmentRef: QboRef | null;
  /**
   * Processors whose payouts are turned on (records-format.md): from `from` on, their card
   * tenders are deposited to their clearing account, so each payout's Deposit empties it.
   */
  clearing: { processor: string; account: QboRef; from: string }[];
}

export function compileRules(mapping: AccountMapping = emptyMapping(), locationId = ''): CompiledRules {
  const rules = rulesFor(mapping, locationId);
  const location = mapping.locations[locationId];
  return {
    categories: indexByName(rules.categories),
    methods: indexByName(rules.methods),
    taxes: indexByName(rules.taxes),
    discounts: indexByName(rules.discounts),
    specials: Object.fromEntries(SPECIALS.filter((s) => rules.specials[s]).map((s) => [s, rules.specials[s]!])),
    classRef: location?.class ?? null,
    departmentRef: location?.department ?? null,
    clearing: Object.entries(mapping.processors)
      .flatMap(([name, p]) => (p.clearing && p.from ? [{ processor: posNameKey(name), account: p.clearing, from: p.from }] : [])),
  };
}

/**
 * The clearing account a card tender of that business date is deposited to, or null: the
 * processor its label names, else the only processor whose payouts are on (a store with one
 * card processor labels its tenders "Visa", "Amex"...), from that processor's start date on.
 * Earlier tenders stay where they were.
 */
export function clearingFor(rules: CompiledRules, tender: { method: string; label?: string }, businessDate: string | undefined): QboRef | null {
  if (tender.method !== 'credit_card' || businessDate === undefined || rules.clearing.length === 0) return null;
  const label = tender.label?.trim() ? posNameKey(tender.label) : null;
  const named = label === null ? undefined : rules.clearing.find((c) => c.processor === label);
  const chosen = named ?? (rules.clearing.length === 1 ? rules.clearing[0] : undefined);
  return chosen && businessDate >= chosen.from ? chosen.account : null;
}

/**
 * Where a tender of that business date is deposited by rule, in both posting modes (one place,
 * so line-by-line Payments and summary tender lines never disagree): a processor's clearing
 * account from its start date on (clearingFor), else the account mapped for the tender's own
 * label, else for its method; undefined leaves it to the mode's default (Undeposited Funds in
 * line-by-line, the method's clearing account in summary).
 */
export function tenderDepositFor(rules: CompiledRules, tender: { method: PaymentMethod; label?: string }, businessDate?: string): QboRef | undefined {
  return clearingFor(rules, tender, businessDate) ?? rules.methods.get(methodKey(tender))?.depositAccount ?? rules.methods.get(tender.method)?.depositAccount;
}

/** The POS name a line's category is mapped by: lines without one are "Uncategorized". */
export function categoryName(category: string | undefined): string {
  return category?.trim() || 'Uncategorized';
}
