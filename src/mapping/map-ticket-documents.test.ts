/** posting-rules §2: which documents a ticket becomes, and what every document carries. */
import { describe, expect, it } from 'vitest';
import { mapTicket } from './map-ticket.js';
import { parsePrivateNote } from './private-note.js';
import { makeSetupIds } from './test-support/setup-fixture.js';
import { BUSINESS_DATE, mapOk, mapRefund, mapSale } from './test-support/map-helpers.js';
import { makeTicket } from './test-support/tickets.js';

const item = (quantity: string, unitPrice: string) => ({ kind: 'product', name: 'Item', quantity, unitPrice });

describe('which document a ticket becomes (posting-rules §2)', () => {
  it('closed, total > 0: one invoice, then one payment per method used', () => {
    const ticket = makeTicket({
      lines: [item('1', '30.00')],
      payments: [{ method: 'credit_card', amount: '20.00' }, { method: 'gift_card', amount: '10.00' }],
      total: '30.00',
    });
    const docs = mapSale(ticket);
    expect(docs.kind).toBe('sale');
    expect(docs.invoice.Line).toHaveLength(1);
    expect(docs.payments.map((p) => [p.PaymentMethodRef.value, p.TotalAmt])).toEqual([['pm-card', 20], ['pm-gift', 10]]);
  });

  it('closed, total = 0: one invoice, no payment', () => {
    const ticket = makeTicket({
      lines: [item('1', '5.00')],
      discounts: [{ name: 'Comp', amount: '5.00' }],
      payments: [],
      total: '0',
    });
    const docs = mapSale(ticket);
    expect(docs.kind).toBe('zero');
    expect(docs.payments).toEqual([]);
    expect(docs.invoice.Line.map((l) => l.Amount)).toEqual([5, -5]);
  });

  it('closed, total = 0 with tenders that net to zero: still no payment', () => {
    const ticket = makeTicket({
      lines: [item('1', '5.00'), item('-1', '5.00')],
      payments: [{ method: 'credit_card', amount: '5.00' }, { method: 'cash', amount: '-5.00' }],
      total: '0.00',
    });
    expect(mapSale(ticket).payments).toEqual([]);
  });

  it('closed, total < 0: one refund receipt', () => {
    const ticket = makeTicket({ lines: [item('-1', '8.00')], total: '-8.00' });
    expect(mapRefund(ticket).refundReceipt.Line.map((l) => l.Amount)).toEqual([8]);
  });

  it.each(['12.00', '0', '-12.00'])('voided (total %s): nothing to post', (total) => {
    const lines = total === '0' ? [item('1', '0')] : [item(total.startsWith('-') ? '-1' : '1', '12.00')];
    const ticket = makeTicket({ status: 'voided', lines, total });
    expect(mapOk(ticket)).toEqual({ kind: 'none' });
  });

  it('voided: nothing to post even when set-up is missing', () => {
    const ticket = makeTicket({ status: 'voided', lines: [item('1', '12.00')], total: '12.00' });
    expect(mapTicket(ticket, BUSINESS_DATE, makeSetupIds([], { guestCustomer: '' }))).toEqual({ ok: true, documents: { kind: 'none' } });
  });
});

describe('common to every document', () => {
  const sale = makeTicket({ id: 'S:1', locationId: 'denver-1', version: 3, lines: [item('1', '4.00')], total: '4.00' });
  const refund = makeTicket({ id: 'R-1', locationId: 'denver-1', version: 2, lines: [item('-1', '4.00')], total: '-4.00' });

  it('CustomerRef is the Guest Customer, TxnDate the business date', () => {
    const s = mapSale(sale);
    const r = mapRefund(refund);
    for (const doc of [s.invoice, ...s.payments, r.refundReceipt]) {
      expect(doc.CustomerRef).toEqual({ value: 'cust-guest' });
      expect(doc.TxnDate).toBe(BUSINESS_DATE);
    }
  });

  it('the POS customer is never sent', () => {
    const ticket = makeTicket({ customer: { id: 'c-9', name: 'Ada Lovelace' }, lines: [item('1', '4.00')], total: '4.00' });
    expect(JSON.stringify(mapOk(ticket))).not.toMatch(/Ada|c-9/);
  });

  it('PrivateNote traces every document back to location, ticket and version', () => {
    const s = mapSale(sale);
    expect(s.invoice.PrivateNote).toBe('POS denver-1/S:1 v3');
    expect(s.payments[0]?.PrivateNote).toBe('POS denver-1/S:1 v3; Cash');
    expect(mapRefund(refund).refundReceipt.PrivateNote).toMatch(/^POS denver-1\/R-1 v2; /);
    for (const note of [s.invoice.PrivateNote, s.payments[0]?.PrivateNote ?? '']) {
      expect(parsePrivateNote(note)).toEqual({ locationId: 'denver-1', ticketId: 'S:1', version: 3 });
    }
  });

  it('DocNumber is the ticket id (":" replaced) when it fits in 21 characters', () => {
    const s = mapSale(sale);
    expect(s.docNumber).toBe('S-1');
    expect(s.invoice.DocNumber).toBe('S-1');
    expect(mapRefund(refund).refundReceipt.DocNumber).toBe('R-1');
  });

  it('DocNumber of a long ticket id is a fixed 21-character form, the same every time', () => {
    const id = `register-7-${'9'.repeat(53)}`; // 64 characters
    const ticket = makeTicket({ id, lines: [item('1', '4.00')], total: '4.00' });
    const first = mapSale(ticket);
    expect(first.invoice.DocNumber).toHaveLength(21);
    expect(first.invoice.DocNumber.startsWith('register-7-9')).toBe(true);
    expect(mapSale(ticket).invoice.DocNumber).toBe(first.invoice.DocNumber);
    expect(parsePrivateNote(first.invoice.PrivateNote)?.ticketId).toBe(id);
  });

  it('the document total equals the ticket total (its absolute value for a refund)', () => {
    const sum = (xs: { Amount: number }[]) => xs.reduce((s, x) => s + Math.round(x.Amount * 100), 0);
    expect(sum(mapSale(sale).invoice.Line)).toBe(400);
    expect(sum(mapRefund(refund).refundReceipt.Line)).toBe(400);
  });

  it('automated sales tax forces the refund receipt tax total to 0 too', () => {
    expect(mapRefund(refund, makeSetupIds([], { automatedSalesTax: true })).refundReceipt.TxnTaxDetail).toEqual({ TotalTax: 0 });
  });
});
