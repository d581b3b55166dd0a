/** posting-rules §3: the lines, their order, amounts and descriptions. */
import { describe, expect, it } from 'vitest';
import { makeSetupIds } from './test-support/setup-fixture.js';
import { lineRow, mapSale } from './test-support/map-helpers.js';
import { makeTicket } from './test-support/tickets.js';

const product = (quantity: string | number, unitPrice: string, more: Record<string, unknown> = {}) =>
  ({ kind: 'product', name: 'Beans', quantity, unitPrice, ...more });

describe('line order (posting-rules §3)', () => {
  it('product/service line, its discounts right after, ticket discounts, taxes, tip, reward points, customer balance', () => {
    const ticket = makeTicket({
      lines: [
        { kind: 'service', name: 'Repair', quantity: '1', unitPrice: '20.00', discounts: [{ name: 'Loyal', amount: '2.00' }, { name: 'Promo', amount: '1.00' }] },
        { kind: 'product', name: 'Cable', quantity: '2', unitPrice: '5.00', discounts: [{ name: 'Loyal', amount: '0.50' }] },
      ],
      discounts: [{ name: 'Coupon', amount: '3.00' }, { name: 'Promo', amount: '0.25' }],
      taxes: [{ name: 'State', amount: '1.10' }, { name: 'City', amount: '0.40' }],
      tip: '1.50',
      rewardPointsRedeemed: '0.75',
      customerBalanceUsed: '5.00',
      total: '20.50', // 17 + 9.50 − 3.25 + 1.50 + 1.50 − 0.75 − 5.00
    });
    expect(mapSale(ticket).invoice.Line.map(lineRow)).toEqual([
      ['item-service', 1, 20, 20, 'Repair | 1 x 20.00'],
      ['disc-loyal', 1, -2, -2, 'Loyal | discount on Repair'],
      ['disc-promo', 1, -1, -1, 'Promo | discount on Repair'],
      ['item-product', 2, 5, 10, 'Cable | 2 x 5.00'],
      ['disc-loyal', 1, -0.5, -0.5, 'Loyal | discount on Cable'],
      ['disc-coupon', 1, -3, -3, 'Coupon | ticket discount'],
      ['disc-promo', 1, -0.25, -0.25, 'Promo | ticket discount'],
      ['item-tax', 1, 1.1, 1.1, 'State'],
      ['item-tax', 1, 0.4, 0.4, 'City'],
      ['item-tips', 1, 1.5, 1.5, 'Tip'],
      ['item-reward', 1, -0.75, -0.75, 'Reward points redeemed'],
      ['item-balance', 1, -5, -5, 'Customer balance used'],
    ]);
  });

  it('a negative customer balance (a refund put on the balance) posts positive', () => {
    const ticket = makeTicket({ lines: [product('1', '10.00')], customerBalanceUsed: '-2.50', total: '12.50' });
    expect(mapSale(ticket).invoice.Line.map(lineRow).at(-1)).toEqual(['item-balance', 1, 2.5, 2.5, 'Put on customer balance']);
  });

  it('posts no tip, reward points or customer balance line when there is none', () => {
    const ticket = makeTicket({ lines: [product('1', '10.00')], tip: '0', rewardPointsRedeemed: '0.00', total: '10.00' });
    expect(mapSale(ticket).invoice.Line).toHaveLength(1);
  });

  it('posts a tax of zero as a line of its own, the tax name as description', () => {
    const ticket = makeTicket({ lines: [product('1', '10.00')], taxes: [{ name: 'Exempt: resale', amount: '0' }], total: '10.00' });
    expect(mapSale(ticket).invoice.Line.map(lineRow)[1]).toEqual(['item-tax', 1, 0, 0, 'Exempt: resale']);
  });
});

describe('product and service lines', () => {
  it('describe name, SKU, category, quantity and unit price', () => {
    const ticket = makeTicket({ lines: [product('3', '1.25', { name: 'Bagel: plain', sku: 'BG-1', category: 'Bakery' })], total: '3.75' });
    expect(mapSale(ticket).invoice.Line[0]?.Description).toBe('Bagel: plain | SKU BG-1 | Bakery | 3 x 1.25');
  });

  it('leave out an empty SKU or category', () => {
    const ticket = makeTicket({ lines: [product('1', '1.00', { sku: '', category: '' })], total: '1.00' });
    expect(mapSale(ticket).invoice.Line[0]?.Description).toBe('Beans | 1 x 1.00');
  });

  it('post a fractional quantity as it is when quantity × price is whole cents (0.750 × 4.00)', () => {
    const ticket = makeTicket({ lines: [product('0.750', '4.00')], total: '3.00' });
    expect(mapSale(ticket).invoice.Line.map(lineRow)).toEqual([['item-product', 0.75, 4, 3, 'Beans | 0.75 x 4.00']]);
  });

  it('post Qty 1 at the rounded amount otherwise (0.333 × 2.99), the true quantity in the description', () => {
    const ticket = makeTicket({ lines: [product('0.333', '2.99')], total: '1.00' });
    expect(mapSale(ticket).invoice.Line.map(lineRow)).toEqual([
      ['item-product', 1, 1, 1, 'Beans | 0.333 x 2.99 = 1.00 (rounded to the cent, posted as quantity 1)'],
    ]);
  });

  it('round half up (0.5 × 0.01 = 0.005 → 0.01)', () => {
    const ticket = makeTicket({ lines: [product('0.5', '0.01')], total: '0.01' });
    expect(mapSale(ticket).invoice.Line.map(lineRow)[0]?.slice(0, 4)).toEqual(['item-product', 1, 0.01, 0.01]);
  });

  it('post a returned item with a negative quantity; its discount counts the other way', () => {
    const ticket = makeTicket({
      lines: [
        product('2', '10.00'),
        product('-1', '10.00', { name: 'Mug', discounts: [{ name: 'Staff', amount: '1.00' }] }),
      ],
      total: '11.00', // 20 − (10 − 1)
    });
    expect(mapSale(ticket).invoice.Line.map(lineRow)).toEqual([
      ['item-product', 2, 10, 20, 'Beans | 2 x 10.00'],
      ['item-product', -1, 10, -10, 'Mug | -1 x 10.00 (returned)'],
      ['disc-staff', 1, 1, 1, 'Staff | discount on Mug (returned)'],
    ]);
  });

  it('post a returned fractional quantity as Qty -1, the unit price stays positive', () => {
    const ticket = makeTicket({ lines: [product('2', '5.00'), product('-0.333', '2.99')], total: '9.00' });
    expect(mapSale(ticket).invoice.Line.map(lineRow)[1]).toEqual(
      ['item-product', -1, 1, -1, 'Beans | -0.333 x 2.99 = -1.00 (rounded to the cent, posted as quantity -1) (returned)'],
    );
  });

  it('use the service item for a service line', () => {
    const ticket = makeTicket({ lines: [{ kind: 'service', name: 'Wrap', quantity: 1, unitPrice: '2.00' }], total: '2.00' });
    expect(mapSale(ticket).invoice.Line[0]?.SalesItemLineDetail.ItemRef).toEqual({ value: 'item-service' });
  });

  it('use the discount item found under the cleaned, lower-cased name', () => {
    const ticket = makeTicket({ lines: [product('1', '10.00', { discounts: [{ name: ' BOGO: Half ', amount: '5.00' }] })], total: '5.00' });
    const setup = makeSetupIds([], { discountItems: { 'bogo- half': 'item-77' } });
    expect(mapSale(ticket, setup).invoice.Line[1]?.SalesItemLineDetail.ItemRef).toEqual({ value: 'item-77' });
  });
});

describe('tax handling', () => {
  it('every line is non-taxable', () => {
    const ticket = makeTicket({ lines: [product('1', '10.00')], taxes: [{ name: 'State', amount: '0.80' }], tip: '1.00', total: '11.80' });
    for (const l of mapSale(ticket).invoice.Line) expect(l.SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'NON' });
  });

  it('with automated sales tax the tax total is forced to 0', () => {
    const ticket = makeTicket({ lines: [product('1', '10.00')], total: '10.00' });
    expect(mapSale(ticket, makeSetupIds([], { automatedSalesTax: true })).invoice.TxnTaxDetail).toEqual({ TotalTax: 0 });
    expect(mapSale(ticket).invoice).not.toHaveProperty('TxnTaxDetail');
  });
});
