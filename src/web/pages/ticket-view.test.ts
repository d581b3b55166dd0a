import { describe, expect, it } from 'vitest';
import { eventDetail, moneyText, readDocuments, readError, readSummary } from './ticket-view.js';

describe('reading a ticket for its page', () => {
  it('shows money from cents or from decimal strings, never a float', () => {
    expect([moneyText(1595), moneyText(-98), moneyText('12.50'), moneyText(12.5), moneyText('1e3'), moneyText(null)])
      .toEqual(['15.95', '-0.98', '12.50', '—', '—', '—']);
  });

  it('reads the documents the sync stored (totals in cents), retired ones included', () => {
    const docs = readDocuments({
      docNumber: 'R1-0001',
      invoice: { id: '44', syncToken: '1', version: 2, total: 1595 },
      refundReceipt: null,
      payments: [{ id: '45', syncToken: '0', version: 2, total: 1595, note: 'POS denver-1/R1-0001 v2 Cash', methodRef: '3' }],
      retired: [{ entity: 'Invoice', id: '40', version: 1, action: 'voided', at: '2026-11-24T08:00:00Z' }],
      uncertain: true,
    });
    expect(docs.uncertain).toBe(true);
    expect(docs.documents).toEqual([
      { document: 'Invoice', id: '44', docNumber: 'R1-0001', amount: '15.95', note: 'version 2' },
      { document: 'Payment', id: '45', docNumber: 'R1-0001', amount: '15.95', note: 'version 2' },
      { document: 'Invoice (voided)', id: '40', docNumber: '—', amount: '—', note: 'version 1 · 2026-11-24T08:00:00Z' },
    ]);
    expect(readDocuments(null)).toEqual({ docNumber: null, uncertain: false, documents: [] });
    expect(readDocuments({ invoice: 'garbage', payments: 'nope' }).documents).toEqual([]);
  });

  it('lists each line at full price with its discounts under it, then taxes and extras', () => {
    const s = readSummary({
      lines: [{ kind: 'product', name: 'Latte', sku: 'LAT', category: 'Coffee', quantity: 2000, unitPrice: 425, extended: 850, amount: 765, discounts: [{ name: 'Staff', amount: 85 }] },
        { kind: 'product', name: 'Return', quantity: -1000, unitPrice: 199, extended: -199, amount: -179, discounts: [{ name: 'Promo', amount: 20 }] }],
      discounts: [{ name: 'Coupon', amount: 100 }], taxes: [{ name: 'CO 2.9%', amount: 17 }], tip: 200, rewardPointsRedeemed: 0, customerBalanceUsed: 50,
      payments: [{ method: 'credit_card', amount: 653, reference: 'A1' }, { method: 'other', label: 'Voucher', amount: 0 }], total: 653,
    })!;
    expect(s.lines).toEqual([
      { description: 'Latte · SKU LAT · Coffee', quantity: '2', unitPrice: '4.25', amount: '8.50' },
      { description: 'Discount: Staff', quantity: '', unitPrice: '', amount: '-0.85', discount: true },
      { description: 'Return', quantity: '-1', unitPrice: '1.99', amount: '-1.99' },
      { description: 'Discount: Promo', quantity: '', unitPrice: '', amount: '0.20', discount: true },
    ]);
    expect(s.adjustments).toEqual([
      { label: 'Discount: Coupon', amount: '-1.00' }, { label: 'Tax: CO 2.9%', amount: '0.17' },
      { label: 'Tip', amount: '2.00' }, { label: 'Customer balance', amount: '-0.50' },
    ]);
    expect(s.payments).toEqual([{ method: 'Credit Card', amount: '6.53', reference: 'A1' }, { method: 'Other · Voucher', amount: '0.00', reference: '' }]);
    expect(s.total).toBe('6.53');
  });

  it('reads the last error in the sync\'s shape and in snake_case', () => {
    expect(readError({ kind: 'validation', code: 'QBO_VALIDATION', qboCode: '6210', message: 'Account Period Closed', hint: 'Reopen', intuitTid: 'tid-1', element: 'TxnDate', at: '2026-11-25T00:00:00Z' }))
      .toEqual({ code: 'QBO_VALIDATION', qboCode: '6210', message: 'Account Period Closed', hint: 'Reopen', element: 'TxnDate', intuitTid: 'tid-1', at: '2026-11-25T00:00:00Z' });
    expect(readError({ code: 'X', qbo_code: '610', intuit_tid: 't' })).toMatchObject({ qboCode: '610', intuitTid: 't', message: '(no message)' });
    expect(readError(null)).toBeNull();
  });

  it('says what an event did in one line', () => {
    expect(eventDetail({ error: { code: 'QBO_VALIDATION', qboCode: '6210', message: 'Closed' }, actions: [], documents: { invoice: null, payments: [] } })).toBe('6210 Closed');
    expect(eventDetail({ actions: ['created Invoice 44', 'created Payment 45'], documents: { invoice: { id: '44', total: 1595 }, payments: [{ id: '45', total: 1595 }] } }))
      .toBe('created Invoice 44; created Payment 45 — in QuickBooks: Invoice 44 (15.95), Payment 45 (15.95)');
    expect(eventDetail({ reason: 'resync' })).toBe('reason: resync');
    expect(eventDetail(null)).toBe('');
  });
});
