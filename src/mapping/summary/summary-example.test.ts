/**
 * summary-mode §2's worked example reproduced line by line: the spec's table is the oracle
 * (amounts, order, total 0), with the receipt's head and the POS sums the Days page shows.
 */
import { describe, expect, it } from 'vitest';
import { lineRow } from '../test-support/map-helpers.js';
import { DATE, LOCATION, summariseMet, workedExample } from '../test-support/summary-fixture.js';

const day = () => summariseMet({ locationId: LOCATION, businessDate: DATE, revision: 1, tickets: workedExample(), drawerOperations: [] });

describe('the worked example (denver-1, 2026-03-07)', () => {
  it('is the spec table, line by line, and totals 0', () => {
    const receipt = day().salesReceipt!;
    expect(receipt.Line.map(lineRow)).toEqual([
      ['cat:product|coffee', 1, 9, 9, 'Coffee — 2 sold'],
      ['cat:product|bakery', 1, 3, 3, 'Bakery — 1 sold'],
      ['cat:product|coffee', 1, -4.5, -4.5, 'Coffee — 1 returned'],
      ['disc:staff 10%', 1, -0.9, -0.9, 'Staff 10% — 1 discount'],
      ['disc:happy hour', 1, -1, -1, 'Happy hour — 1 discount'],
      ['item-giftcards', 1, 25, 25, 'Gift card sales — 1 sold'],
      ['tax:co state', 1, 0.14, 0.14, 'CO state — 2 tickets'],
      ['tax:denver city', 1, 0.22, 0.22, 'Denver city — 2 tickets'],
      ['item-tips-payable', 1, 2, 2, 'Tips — 1 ticket'],
      ['pmt:credit_card|clearing', 1, -35, -35, 'Credit Card — 2 payments'],
      ['pmt:cash|clearing', 1, 2.04, 2.04, 'Cash — 2 payments'],
    ]);
    const cents = receipt.Line.map((l) => Math.round(l.Amount * 100));
    expect(cents.reduce((a, b) => a + b, 0)).toBe(0);
    expect(receipt.Line.every((l) => l.SalesItemLineDetail.TaxCodeRef.value === 'NON')).toBe(true);
  });

  it('heads the receipt as §3.1 says: POS Customer, the date, the DocNumber, the note, Undeposited Funds', () => {
    const receipt = day().salesReceipt!;
    expect(receipt).toMatchObject({
      CustomerRef: { value: 'cust-pos' }, TxnDate: DATE, DocNumber: 'D-20260307-denver-1',
      PrivateNote: 'POS summary denver-1 2026-03-07 r1', DepositToAccountRef: { value: 'acct-undeposited' },
    });
    expect(receipt.TxnTaxDetail).toBeUndefined();
  });

  it('gives the POS sums per group and key in cents, matching the lines', () => {
    const d = day();
    expect(d.groups.map((g) => [g.group, g.key, g.cents])).toEqual([
      ['sales', 'product|coffee', 900], ['sales', 'product|bakery', 300], ['returns', 'product|coffee', -450],
      ['discounts', 'staff 10%', -90], ['discounts', 'happy hour', -100], ['giftCardSales', 'giftCardSales', 2500],
      ['taxes', 'co state', 14], ['taxes', 'denver city', 22], ['tips', 'tips', 200],
      ['tenders', 'credit_card', -3500], ['tenders', 'cash', 204],
    ]);
    expect(d.totals).toMatchObject({ sales: 1200, returns: -450, discounts: -190, giftCardSales: 2500, taxes: 36, tips: 200, tenders: -3296 });
    expect(d.tickets).toBe(3);
    expect(d.cogs).toBeNull();
    expect(d.drawer).toBeNull();
  });

  it('needs the POS Customer, the items and the accounts its lines name', () => {
    const kinds = day().needs.map((n) => ('key' in n && typeof n.key === 'string' ? `${n.kind}:${n.key}` : 'methodKey' in n ? `${n.kind}:${n.methodKey}` : 'name' in n ? `${n.kind}:${n.name}` : n.kind));
    expect(kinds.sort()).toEqual([
      'category-item:product|bakery', 'category-item:product|coffee', 'clearing-account:cash', 'clearing-account:credit_card',
      'discount-item:Happy hour', 'discount-item:Staff 10%', 'pmt-item:cash|clearing', 'pmt-item:credit_card|clearing', 'pos-customer',
      'summary-account:salesTaxCollected', 'summary-account:tipsPayable', 'tax-item:co state', 'tax-item:denver city', 'tips-item',
    ].sort());
  });
});
