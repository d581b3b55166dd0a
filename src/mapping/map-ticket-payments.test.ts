/** posting-rules §4: the Payments of a sale. */
import { describe, expect, it } from 'vitest';
import { makeSetupIds } from './test-support/setup-fixture.js';
import { mapSale } from './test-support/map-helpers.js';
import { makeTicket } from './test-support/tickets.js';

const lines = (total: string) => [{ kind: 'product', name: 'Item', quantity: '1', unitPrice: total }];
const sale = (total: string, payments: Record<string, string>[]) => makeTicket({ lines: lines(total), payments, total });
/** [method id, TotalAmt, PaymentRefNum, memo after the header] */
const rows = (total: string, payments: Record<string, string>[]) =>
  mapSale(sale(total, payments)).payments.map((p) => [p.PaymentMethodRef.value, p.TotalAmt, p.PaymentRefNum, p.PrivateNote.replace(/^POS loc-1\/T-1 v1; /, '')]);

describe('one payment per method (posting-rules §4)', () => {
  it('posts every standard method with its own QuickBooks payment method', () => {
    expect(rows('15.00', [
      { method: 'cash', amount: '1.00' }, { method: 'check', amount: '2.00' }, { method: 'credit_card', amount: '3.00' },
      { method: 'gift_card', amount: '4.00' }, { method: 'other', amount: '5.00' },
    ])).toEqual([
      ['pm-cash', 1, undefined, 'Cash'], ['pm-check', 2, undefined, 'Check'], ['pm-card', 3, undefined, 'Credit Card'],
      ['pm-gift', 4, undefined, 'Gift Card'], ['pm-other', 5, undefined, 'Other'],
    ]);
  });

  it('nets the tenders of one method into one payment, in the order methods first appear', () => {
    expect(rows('10.00', [
      { method: 'credit_card', amount: '6.00', reference: 'A1' },
      { method: 'cash', amount: '3.00' },
      { method: 'credit_card', amount: '1.00', reference: 'B2' },
    ])).toEqual([
      ['pm-card', 7, 'A1, B2', 'Credit Card; net of 6.00, 1.00'],
      ['pm-cash', 3, undefined, 'Cash'],
    ]);
  });

  it('deposits to Undeposited Funds, for the business date and the guest customer', () => {
    const [p] = mapSale(sale('5.00', [{ method: 'cash', amount: '5.00' }])).payments;
    expect(p).toMatchObject({ DepositToAccountRef: { value: 'acct-undeposited' }, CustomerRef: { value: 'cust-guest' }, TxnDate: '2026-11-24' });
  });

  it('cuts PaymentRefNum to 21 characters, without ":", and keeps every reference in the memo', () => {
    expect(rows('5.00', [{ method: 'credit_card', amount: '5.00', reference: 'auth: 771203-XYZ-0000000042' }])).toEqual([
      ['pm-card', 5, 'auth- 771203-XYZ-0000', 'Credit Card; refs auth: 771203-XYZ-0000000042'],
    ]);
  });
});

describe('custom methods', () => {
  it('a labelled method posts with the payment method of its label, the label in the memo', () => {
    expect(rows('5.00', [{ method: 'other', label: 'Venmo', amount: '5.00', reference: '@ada' }])).toEqual([
      ['pm-label:venmo', 5, '@ada', 'Other (Venmo)'],
    ]);
  });

  it('each custom method is a payment (and a payment method) of its own, apart from plain Other', () => {
    expect(rows('6.00', [
      { method: 'other', label: 'Venmo', amount: '1.00' }, { method: 'other', label: 'Zelle', amount: '2.00' },
      { method: 'other', amount: '3.00' }, { method: 'other', label: ' Venmo ', amount: '0.00' },
    ])).toEqual([
      ['pm-label:venmo', 1, undefined, 'Other (Venmo); net of 1.00, 0.00'], ['pm-label:zelle', 2, undefined, 'Other (Zelle)'], ['pm-other', 3, undefined, 'Other'],
    ]);
  });
});

describe('cash back (a method that nets negative)', () => {
  it('is taken off the largest other payment, and the memo says so', () => {
    expect(rows('20.00', [
      { method: 'gift_card', amount: '5.00' }, { method: 'credit_card', amount: '25.00' }, { method: 'cash', amount: '-10.00' },
    ])).toEqual([
      ['pm-gift', 5, undefined, 'Gift Card'],
      ['pm-card', 15, undefined, 'Credit Card; less 10.00 cash back (Cash -10.00)'],
    ]);
  });

  it('takes from the next largest when the largest is not enough', () => {
    expect(rows('5.00', [
      { method: 'credit_card', amount: '10.00' }, { method: 'gift_card', amount: '8.00' }, { method: 'cash', amount: '-13.00' },
    ])).toEqual([
      ['pm-gift', 5, undefined, 'Gift Card; less 3.00 cash back (Cash -13.00); Credit Card 10.00 used up by cash back, not posted'],
    ]);
  });

  it('posts no payment that cash back used up, and the rest still add up to the total', () => {
    expect(rows('5.00', [
      { method: 'credit_card', amount: '10.00' }, { method: 'check', amount: '5.00' }, { method: 'cash', amount: '-10.00' },
    ])).toEqual([['pm-check', 5, undefined, 'Check; Credit Card 10.00 used up by cash back, not posted']]);
  });

  it('breaks a tie for largest by ticket order', () => {
    expect(rows('12.00', [
      { method: 'check', amount: '7.00' }, { method: 'credit_card', amount: '7.00' }, { method: 'gift_card', amount: '-2.00' },
    ])).toEqual([
      ['pm-check', 5, undefined, 'Check; less 2.00 cash back (Gift Card -2.00)'], ['pm-card', 7, undefined, 'Credit Card'],
    ]);
  });

  it('cash that nets negative within its own tenders is cash back too', () => {
    expect(rows('18.00', [
      { method: 'credit_card', amount: '20.00' }, { method: 'cash', amount: '1.00' }, { method: 'cash', amount: '-3.00' },
    ])).toEqual([['pm-card', 18, undefined, 'Credit Card; less 2.00 cash back (Cash -2.00)']]);
  });

  it('lists every method that paid back', () => {
    expect(rows('10.00', [
      { method: 'credit_card', amount: '15.00' }, { method: 'cash', amount: '-3.00' }, { method: 'other', label: 'Store: credit', amount: '-2.00' },
    ])).toEqual([['pm-card', 10, undefined, 'Credit Card; less 5.00 cash back (Cash -3.00, Other (Store: credit) -2.00)']]);
  });
});

describe('every payment positive and the payments add up to the invoice', () => {
  it('holds on a split with cash back', () => {
    const docs = mapSale(sale('20.00', [{ method: 'credit_card', amount: '15.00' }, { method: 'check', amount: '15.00' }, { method: 'cash', amount: '-10.00' }]));
    const cents = docs.payments.map((p) => Math.round(p.TotalAmt * 100));
    expect(cents.every((c) => c > 0)).toBe(true);
    expect(cents.reduce((a, b) => a + b, 0)).toBe(2000);
  });

  it('needs only the payment methods it posts', () => {
    const setup = makeSetupIds([], { paymentMethods: { cash: '', check: '', credit_card: 'pm-card', gift_card: '', other: '' } });
    expect(mapSale(sale('5.00', [{ method: 'credit_card', amount: '5.00' }]), setup).payments).toHaveLength(1);
  });
});
