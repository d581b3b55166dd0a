/**
 * The documents of a summary day beyond the worked example: COGS with returns reversing,
 * drawer operations, custom tender labels, gift card tenders, the accountant's mapping with
 * per-location overrides, DocNumbers of long location ids, and what stops a day from posting.
 */
import { describe, expect, it } from 'vitest';
import { emptyMapping } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import { lineRow } from '../test-support/map-helpers.js';
import { makeSetupIds } from '../test-support/setup-fixture.js';
import { DATE, LOCATION, dayTicket, summariseMet, workedExample } from '../test-support/summary-fixture.js';
import { summaryDocNumber } from './doc-ids.js';
import { summariseDay } from './summarise-day.js';
import type { DaySummaryInput, DrawerOperation } from './types.js';
import type { JournalEntryBody } from './wire-types.js';

const AT = '2026-03-07T10:00:00-07:00';
const base = (over: Partial<DaySummaryInput> = {}): DaySummaryInput => ({
  locationId: LOCATION, businessDate: DATE, revision: 1, tickets: [], drawerOperations: [], setup: makeSetupIds(), ...over,
});
const jeRows = (je: JournalEntryBody) => je.Line.map((l) => {
  const d = l.JournalEntryLineDetail;
  return [d.PostingType, d.AccountRef.value, l.Amount, l.Description];
});

const beans = (quantity: string, unitCost = '2.00') => ({ kind: 'product', name: 'Beans', category: 'Coffee', quantity, unitPrice: '5.00', unitCost });

describe('cost of goods sold', () => {
  it('debits COGS and credits Inventory Asset by Σ quantity × unitCost, returns taking it back', () => {
    const day = summariseMet(base({ tickets: [
      dayTicket('S1', AT, { lines: [beans('3'), { kind: 'service', name: 'Grind', quantity: '1', unitPrice: '1.00' }], total: '16.00' }),
      dayTicket('R1', '2026-03-07T12:00:00-07:00', { lines: [beans('-1')], total: '-5.00' }),
    ] }));
    expect(jeRows(day.cogs!)).toEqual([
      ['Debit', 'acct-cogs', 4, 'Cost of goods sold — 3 sold, 1 returned'],
      ['Credit', 'acct-inventoryAsset', 4, 'Cost of goods sold — 3 sold, 1 returned'],
    ]);
    expect(day.cogs).toMatchObject({ TxnDate: DATE, DocNumber: 'C-20260307-denver-1', PrivateNote: 'POS summary COGS denver-1 2026-03-07 r1' });
    expect(day.cogsCents).toBe(400);
  });

  it('reverses the sides on a day whose returns cost more than its sales, and posts nothing without unitCost', () => {
    const returns = summariseMet(base({ tickets: [dayTicket('R1', AT, { lines: [beans('-2', '1.25')], total: '-10.00' })] }));
    expect(jeRows(returns.cogs!).map((r) => r.slice(0, 3))).toEqual([['Debit', 'acct-inventoryAsset', 2.5], ['Credit', 'acct-cogs', 2.5]]);
    const none = summariseMet(base({ tickets: [dayTicket('S1', AT, { lines: [{ kind: 'product', name: 'Mug', quantity: '1', unitPrice: '8.00' }], total: '8.00' })] }));
    expect(none.cogs).toBeNull();
    expect(none.needs.some((n) => n.kind === 'summary-account' && n.key === 'cogs')).toBe(false);
  });
});

describe('drawer operations', () => {
  const ops: DrawerOperation[] = [
    { id: 'op-2', kind: 'paid_out', amountCents: 1250, reason: 'Window cleaner', category: 'Cleaning' },
    { id: 'op-1', kind: 'paid_in', amountCents: 5000, reason: 'Float top-up' },
    { id: 'op-3', kind: 'drop', amountCents: 20000, reason: 'Safe drop' },
    { id: 'op-4', kind: 'paid_out', amountCents: 300, reason: 'Stamps', category: 'Postage' },
  ];

  it('paid out debits its expense account and credits cash clearing, paid in the reverse; a drop posts nothing', () => {
    const mapping: AccountMapping = { ...emptyMapping(), drawer: { cleaning: { account: { id: 'acct-cleaning', name: 'Cleaning' } } } };
    const day = summariseMet(base({ drawerOperations: ops, mapping }));
    expect(jeRows(day.drawer!)).toEqual([
      ['Debit', 'acct-cleaning', 12.5, 'Paid out: Window cleaner (Cleaning)'], ['Credit', 'clr:cash', 12.5, 'Paid out: Window cleaner (Cleaning)'],
      ['Debit', 'clr:cash', 50, 'Paid in: Float top-up'], ['Credit', 'acct-cashOverShort', 50, 'Paid in: Float top-up'],
      ['Debit', 'acct-cashOverShort', 3, 'Paid out: Stamps (Postage)'], ['Credit', 'clr:cash', 3, 'Paid out: Stamps (Postage)'],
    ]);
    expect(day.drawer).toMatchObject({ DocNumber: 'W-20260307-denver-1', PrivateNote: 'POS summary drawer denver-1 2026-03-07 r1' });
    expect(day.drawerSums).toEqual({ paidIn: 5000, paidOut: 1550, drops: 20000, operations: 4 });
    // A day of drawer operations only: no receipt, but the cash that left the drawer is booked.
    expect(day.salesReceipt).toBeNull();
  });

  it('posts nothing for drops alone, and moves cash through the account the cash tender is mapped to', () => {
    expect(summariseMet(base({ drawerOperations: [ops[2]!] })).drawer).toBeNull();
    const mapping: AccountMapping = { ...emptyMapping(), methods: { cash: { depositAccount: { id: 'acct-till', name: 'Till' } } } };
    const day = summariseMet(base({ drawerOperations: [ops[1]!], mapping }));
    expect(jeRows(day.drawer!).map((r) => r[1])).toEqual(['acct-till', 'acct-cashOverShort']);
  });
});

describe('tenders', () => {
  it('gives each custom label its own PMT line and clearing account; labels differing in case or spaces are one', () => {
    const day = summariseMet(base({ tickets: [dayTicket('S1', AT, {
      lines: [{ kind: 'product', name: 'Cake', category: 'Bakery', quantity: '1', unitPrice: '10.00' }],
      payments: [{ method: 'other', label: 'Venmo', amount: '5.00' }, { method: 'other', label: 'venmo ', amount: '3.00' },
        { method: 'other', label: 'Zelle', amount: '1.50' }, { method: 'credit_card', label: 'Amex', amount: '0.50' }],
      total: '10.00',
    })] }));
    expect(day.salesReceipt!.Line.map(lineRow).slice(1)).toEqual([
      ['pmt:label:venmo|clearing', 1, -8, -8, 'Venmo — 2 payments'],
      ['pmt:label:zelle|clearing', 1, -1.5, -1.5, 'Zelle — 1 payment'],
      ['pmt:label:amex|clearing', 1, -0.5, -0.5, 'Amex — 1 payment'],
    ]);
    expect(day.needs.filter((n) => n.kind === 'clearing-account')).toEqual([
      { kind: 'clearing-account', methodKey: 'label:venmo', title: 'Venmo' }, { kind: 'clearing-account', methodKey: 'label:zelle', title: 'Zelle' },
      { kind: 'clearing-account', methodKey: 'label:amex', title: 'Amex' },
    ]);
  });

  it('puts a gift card tender on Gift Card Liability, with no clearing account', () => {
    const day = summariseMet(base({ tickets: [dayTicket('S1', AT, {
      lines: [{ kind: 'product', name: 'Cake', category: 'Bakery', quantity: '1', unitPrice: '10.00' }],
      payments: [{ method: 'gift_card', amount: '10.00' }], total: '10.00',
    })] }));
    expect(day.salesReceipt!.Line.map(lineRow)[1]).toEqual(['pmt:gift_card|giftCardLiability', 1, -10, -10, 'Gift Card — 1 payment']);
    expect(day.needs).toContainEqual({ kind: 'pmt-item', key: 'gift_card|giftCardLiability', methodKey: 'gift_card', title: 'Gift Card', account: { kind: 'giftCardLiability' } });
    expect(day.needs).toContainEqual({ kind: 'summary-account', key: 'giftCardLiability' });
    expect(day.needs.some((n) => n.kind === 'clearing-account')).toBe(false);
  });
});

describe('the accountant\'s mapping', () => {
  const ref = (id: string) => ({ id, name: id });
  const mapping: AccountMapping = {
    ...emptyMapping(),
    categories: { Coffee: { account: ref('acct-coffee-income') }, Bakery: { account: ref('acct-bakery-income') } },
    methods: { credit_card: { depositAccount: ref('acct-square-clearing') } },
    taxes: { 'CO state': { account: ref('acct-co-tax') } },
    specials: { tips: { account: ref('acct-tips-owed') } },
    locations: {
      'denver-1': { class: ref('class-denver'), department: ref('dept-denver'), overrides: { categories: { coffee: { item: ref('item-denver-coffee') } } } },
    },
  };
  const setup = makeSetupIds([], { classTracking: 'line', departmentTracking: true });

  it('honours the per-location override over the company rule, and the company rules elsewhere', () => {
    const day = summariseMet(base({ tickets: workedExample(), mapping, setup }));
    const items = day.salesReceipt!.Line.map((l) => l.SalesItemLineDetail.ItemRef.value);
    expect(items).toEqual([
      'item-denver-coffee', 'mapped:category|acct-bakery-income|bakery', 'item-denver-coffee', 'disc:staff 10%', 'disc:happy hour', 'item-giftcards',
      'mapped:tax|acct-co-tax|co state', 'tax:denver city', 'mapped:special|acct-tips-owed|tips', 'pmt:credit_card|account:acct-square-clearing',
      'pmt:cash|clearing',
    ]);
    const other = summariseMet(base({ locationId: 'boulder-2', tickets: workedExample().map((t) => ({ ...t, locationId: 'boulder-2' })), mapping, setup }));
    expect(other.salesReceipt!.Line[0]!.SalesItemLineDetail.ItemRef.value).toBe('mapped:category|acct-coffee-income|coffee');
    expect(other.salesReceipt!.Line[0]!.SalesItemLineDetail.ClassRef).toBeUndefined();
  });

  it('puts the store\'s Class on every line and its Location on each document', () => {
    const day = summariseMet(base({ tickets: [dayTicket('S1', AT, { lines: [beans('1')], total: '5.00' })], drawerOperations: [
      { id: 'o', kind: 'paid_out', amountCents: 100, reason: 'Milk' }], mapping, setup }));
    expect(day.salesReceipt!.Line.every((l) => l.SalesItemLineDetail.ClassRef?.value === 'class-denver')).toBe(true);
    expect(day.salesReceipt!.DepartmentRef).toEqual({ value: 'dept-denver' });
    for (const je of [day.cogs!, day.drawer!]) {
      expect(je.DepartmentRef).toEqual({ value: 'dept-denver' });
      expect(je.Line.every((l) => l.JournalEntryLineDetail.ClassRef?.value === 'class-denver')).toBe(true);
    }
    const txn = summariseMet(base({ tickets: workedExample(), mapping, setup: { ...setup, classTracking: 'txn', automatedSalesTax: true } }));
    expect(txn.salesReceipt).toMatchObject({ ClassRef: { value: 'class-denver' }, TxnTaxDetail: { TotalTax: 0 } });
  });
});

describe('DocNumber and notes', () => {
  it('cuts a long location id with a hash: ≤ 21 characters, stable, distinct per document and per location', () => {
    const long = 'portland-pearl-district-2';
    const d = summaryDocNumber('salesReceipt', long, DATE);
    expect(d).toBe('D-20260307-port-M62TV'); // as docs/summary-mode.md §4 shows it
    expect(d).toHaveLength(21);
    expect(summaryDocNumber('salesReceipt', long, DATE)).toBe(d);
    expect(summaryDocNumber('cogs', long, DATE)).toBe(d.replace(/^D/, 'C'));
    expect(summaryDocNumber('drawer', long, DATE)).toBe(d.replace(/^D/, 'W'));
    expect(summaryDocNumber('salesReceipt', 'portland-pearl-district-3', DATE)).not.toBe(d);
    expect(summaryDocNumber('salesReceipt', 'denver-10', DATE)).toBe('D-20260307-denver-10');
  });

  it('writes the revision into every note; the DocNumber does not change with it', () => {
    const day = summariseMet(base({ revision: 3, tickets: [dayTicket('S1', AT, { lines: [beans('1')], total: '5.00' })] }));
    expect([day.salesReceipt!.PrivateNote, day.cogs!.PrivateNote]).toEqual(['POS summary denver-1 2026-03-07 r3', 'POS summary COGS denver-1 2026-03-07 r3']);
    expect(day.salesReceipt!.DocNumber).toBe('D-20260307-denver-1');
  });
});

describe('what a day is made of, and what stops it', () => {
  it('leaves voided tickets out, and posts no receipt for a day without a closed ticket', () => {
    const voided = { ...dayTicket('V1', AT, { lines: [beans('1')], total: '5.00' }), status: 'voided' as const };
    const day = summariseMet(base({ tickets: [voided] }));
    expect(day).toMatchObject({ tickets: 0, salesReceipt: null, cogs: null, drawer: null, groups: [], needs: [] });
  });

  it('names every missing id as a problem in one pass', () => {
    const day = summariseDay(base({ tickets: workedExample(), setup: makeSetupIds() }));
    expect(day.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['customer', 'category:product|coffee', 'pmt:cash|clearing', 'tips', 'tax:co state']));
    expect(day.problems.every((p) => p.code === 'missing-setup')).toBe(true);
  });

  it('refuses a bad date, revision or drawer amount without making documents', () => {
    const day = summariseDay(base({ businessDate: '2026-02-30', revision: 0, tickets: workedExample(), setup: makeSetupIds(),
      drawerOperations: [{ id: 'x', kind: 'paid_out', amountCents: 0, reason: 'zero' }] }));
    expect(day.problems.map((p) => p.code).filter((c) => c !== 'missing-setup')).toEqual(['invalid-business-date', 'invalid-revision', 'amount-out-of-range']);
    expect([day.salesReceipt, day.cogs, day.drawer]).toEqual([null, null, null]);
  });
});
