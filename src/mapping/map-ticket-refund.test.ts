/** posting-rules §2-4 for refunds (total < 0) and exchanges. */
import { describe, expect, it } from 'vitest';
import { lineRow, mapRefund, mapSale } from './test-support/map-helpers.js';
import { makeTicket } from './test-support/tickets.js';

const mug = (quantity: string, more: Record<string, unknown> = {}) => ({ kind: 'product', name: 'Mug', quantity, unitPrice: '12.00', ...more });

describe('a refund becomes one refund receipt', () => {
  const ticket = makeTicket({
    lines: [mug('-1', { discounts: [{ name: 'Staff', amount: '2.00' }] })],
    discounts: [{ name: 'Sorry', amount: '1.00' }],
    taxes: [{ name: 'State', amount: '-0.80' }],
    customerBalanceUsed: '-3.00',
    payments: [
      { method: 'credit_card', amount: '-4.00', reference: 'rf 1' },
      { method: 'cash', amount: '-4.80' },
      { method: 'cash', amount: '-0.00' },
    ],
    total: '-8.80', // −12 + 2 − 1 − 0.80 + 3
  });
  const receipt = mapRefund(ticket).refundReceipt;

  it('with every sign flipped, so its total is positive', () => {
    expect(receipt.Line.map(lineRow)).toEqual([
      ['item-product', 1, 12, 12, 'Mug | -1 x 12.00 (returned)'],
      ['disc-staff', 1, -2, -2, 'Staff | discount on Mug (returned)'],
      ['disc-sorry', 1, 1, 1, 'Sorry | ticket discount'],
      ['item-tax', 1, 0.8, 0.8, 'State'],
      ['item-balance', 1, -3, -3, 'Put on customer balance'],
    ]);
    expect(receipt.Line.reduce((s, l) => s + Math.round(l.Amount * 100), 0)).toBe(880);
  });

  it('paid out of Undeposited Funds with the method that paid back the most', () => {
    expect(receipt.DepositToAccountRef).toEqual({ value: 'acct-undeposited' });
    expect(receipt.PaymentMethodRef).toEqual({ value: 'pm-cash' });
    expect(receipt).not.toHaveProperty('PaymentRefNum');
  });

  it('its memo lists every refund tender', () => {
    expect(receipt.PrivateNote).toBe(
      'POS loc-1/T-1 v1; refund tenders Credit Card paid back 4.00 (ref rf 1), Cash paid back 4.80, Cash taken 0.00',
    );
  });

  it('is otherwise like an invoice: guest customer, date, DocNumber, non-taxable lines', () => {
    expect(receipt).toMatchObject({ CustomerRef: { value: 'cust-guest' }, TxnDate: '2026-11-24', DocNumber: 'T-1' });
    for (const l of receipt.Line) expect(l.SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'NON' });
  });
});

describe('the refund method', () => {
  it('is the method that nets the most paid back, across its tenders', () => {
    const ticket = makeTicket({
      lines: [mug('-1')],
      payments: [
        { method: 'credit_card', amount: '-7.00' }, { method: 'gift_card', amount: '-3.00' }, { method: 'gift_card', amount: '-2.00' },
      ],
      total: '-12.00',
    });
    expect(mapRefund(ticket).refundReceipt.PaymentMethodRef).toEqual({ value: 'pm-card' });
  });

  it('is the first of equals, and a custom method pays back with its own payment method', () => {
    const ticket = makeTicket({
      lines: [mug('-1')],
      payments: [{ method: 'other', label: 'Venmo', amount: '-6.00', reference: '@ada' }, { method: 'cash', amount: '-6.00' }],
      total: '-12.00',
    });
    const receipt = mapRefund(ticket).refundReceipt;
    expect(receipt.PaymentMethodRef).toEqual({ value: 'pm-label:venmo' });
    expect(receipt.PaymentRefNum).toBe('@ada');
    expect(receipt.PrivateNote).toContain('Other (Venmo) paid back 6.00 (ref @ada), Cash paid back 6.00');
  });

  it('has no PaymentRefNum without references', () => {
    const ticket = makeTicket({ lines: [mug('-1')], total: '-12.00' });
    expect(mapRefund(ticket).refundReceipt).not.toHaveProperty('PaymentRefNum');
  });
});

describe('exchanges', () => {
  it('returned item worth more than the new one: a refund receipt, the new item negative on it', () => {
    const ticket = makeTicket({
      lines: [mug('-1'), { kind: 'product', name: 'Cup', quantity: '1', unitPrice: '5.00' }],
      payments: [{ method: 'cash', amount: '-7.00' }],
      total: '-7.00',
    });
    expect(mapRefund(ticket).refundReceipt.Line.map((l) => [l.SalesItemLineDetail.Qty, l.SalesItemLineDetail.UnitPrice, l.Amount]))
      .toEqual([[1, 12, 12], [-1, 5, -5]]);
  });

  it('new item worth more than the returned one: an invoice with the return negative on it', () => {
    const ticket = makeTicket({
      lines: [mug('-1'), { kind: 'product', name: 'Teapot', quantity: '1', unitPrice: '30.00' }],
      payments: [{ method: 'credit_card', amount: '18.00' }],
      total: '18.00',
    });
    const docs = mapSale(ticket);
    expect(docs.invoice.Line.map((l) => l.Amount)).toEqual([-12, 30]);
    expect(docs.payments.map((p) => p.TotalAmt)).toEqual([18]);
  });

  it('even exchange: a zero invoice and no payment', () => {
    const ticket = makeTicket({ lines: [mug('-1'), mug('1', { name: 'Mug (blue)' })], payments: [], total: '0' });
    const docs = mapSale(ticket);
    expect(docs.kind).toBe('zero');
    expect(docs.payments).toEqual([]);
  });
});
