/**
 * The mapping's checks and name resolution, pure: every kind of place a record can stand (a
 * store's overrides, processors, drawer, discounts, taxes) is checked for kind, and an import
 * that cannot resolve part of a target keeps what still makes a valid mapping.
 */
import { describe, expect, it } from 'vitest';
import { emptyMapping, parseMapping } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import { checkKeys, checkMapping } from './check.js';
import { resolveByNames } from './export-import.js';
import type { CompanyLists, CompanyRecord } from './types.js';

const rec = (id: string, name: string, type: string, active = true): CompanyRecord => ({ id, name, type, active });
const LISTS: Omit<CompanyLists, 'readAt'> = {
  accounts: [
    rec('1', 'Checking', 'Bank'), rec('2', 'Sales', 'Income'), rec('3', 'Fees', 'Expense'), rec('4', 'Sales tax', 'Other Current Liability'),
    rec('5', 'Undeposited Funds', 'Other Current Asset'), rec('6', 'Old fees', 'Expense', false),
  ],
  items: [rec('10', 'Latte', 'Service'), rec('11', 'Drinks', 'Category')],
  classes: [rec('20', 'North', 'Class')],
  departments: [rec('30', 'Store 1', 'Department')],
  paymentMethods: [rec('40', 'Visa', 'PaymentMethod')],
};
const r = (id: string, name: string) => ({ id, name });

describe('checking a mapping against the company', () => {
  it('checks every place a record stands, a store\'s overrides included', () => {
    const m: AccountMapping = {
      ...emptyMapping(),
      discounts: { Staff: { account: r('1', 'Checking') } },
      drawer: { 'Paid out': { account: r('3', 'Fees') } },
      taxes: { State: { account: r('2', 'Sales') } },
      processors: { stripe: { bank: r('5', 'Undeposited Funds'), fees: r('6', 'Old fees') } },
      locations: { s1: { department: r('20', 'North'), overrides: { categories: { Tea: { item: r('11', 'Drinks') } }, methods: { credit_card: { depositAccount: r('3', 'Fees') } } } } },
    };
    expect(checkMapping(m, LISTS).map((e) => `${e.path}=${e.value}`)).toEqual([
      'taxes.State.account=Sales', 'discounts.Staff.account=Checking', 'processors.stripe.bank=Undeposited Funds', 'processors.stripe.fees=Old fees',
      'locations.s1.department=North', 'locations.s1.overrides.categories.Tea.item=Drinks', 'locations.s1.overrides.methods.credit_card.depositAccount=Fees',
    ]);
    const fine: AccountMapping = {
      ...emptyMapping(),
      taxes: { State: { account: r('4', 'Sales tax') } }, drawer: { 'Paid out': { account: r('3', 'Fees') } },
      processors: { stripe: { bank: r('1', 'Checking'), clearing: r('5', 'Undeposited Funds'), fees: r('3', 'Fees') } },
      methods: { 'label:Visa': { paymentMethod: r('40', 'Visa'), depositAccount: r('5', 'Undeposited Funds') } },
      locations: { s1: { class: r('20', 'North'), department: r('30', 'Store 1'), overrides: { categories: { Tea: { item: r('10', 'Latte') } } } } },
    };
    expect(checkMapping(fine, LISTS)).toEqual([]);
    expect(checkKeys(fine, ['s1'])).toEqual([]);
    expect(checkKeys(fine, []).map((e) => e.path)).toEqual(['locations.s1']);
  });
});

describe('resolving an export by names', () => {
  it('finds names without regard to case, and drops what became incomplete', () => {
    const source: AccountMapping = {
      ...emptyMapping(),
      methods: { 'label:Visa': { paymentMethod: r('x', 'VISA'), depositAccount: r('y', 'Clearing') } },
      processors: { stripe: { bank: r('x', 'Savings'), fees: r('y', 'fees') } },
      categories: { Tea: { item: r('z', 'latte') } },
    };
    const { mapping, missing } = resolveByNames(source, LISTS);
    expect(mapping.methods).toEqual({ 'label:Visa': { paymentMethod: r('40', 'Visa') } });
    expect(mapping.categories).toEqual({ Tea: { item: r('10', 'Latte') } });
    // Without its bank account a processor is no target at all: it is left out, and both reasons listed.
    expect(mapping.processors).toEqual({});
    expect(missing).toEqual([
      'methods.label:Visa.depositAccount: no account "Clearing" in this company (for "Visa")',
      'processors.stripe.bank: no account "Savings" in this company (for "stripe")',
    ]);
    expect(parseMapping(mapping).ok).toBe(true);
  });
});
