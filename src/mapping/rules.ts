/**
 * The accountant's mapping (domain/account-mapping.ts) compiled for one location: the company's
 * rules with the store's overrides laid over them, indexed by POS name, with the location's
 * Class and QuickBooks Location. Built once per run and location, then read per line.
 */
import { SPECIALS, emptyMapping, indexByName, rulesFor } from '../domain/account-mapping.js';
import type { AccountMapping, AccountTarget, CategoryTarget, MethodTarget, QboRef, Special, TaxTarget } from '../domain/account-mapping.js';

export interface CompiledRules {
  categories: Map<string, CategoryTarget>;
  methods: Map<string, MethodTarget>;
  taxes: Map<string, TaxTarget>;
  discounts: Map<string, AccountTarget>;
  specials: Partial<Record<Special, AccountTarget>>;
  classRef: QboRef | null;
  departmentRef: QboRef | null;
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
  };
}

/** The POS name a line's category is mapped by: lines without one are "Uncategorized". */
export function categoryName(category: string | undefined): string {
  return category?.trim() || 'Uncategorized';
}
