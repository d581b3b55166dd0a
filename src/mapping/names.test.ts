import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLANK_NAME, QBO_NAME_MAX, discountItemKey, qboName, requiredDiscountNames } from './names.js';
import { makeTicket } from './test-support/tickets.js';

describe('qboName', () => {
  it.each([
    ['Staff 10%', 'Staff 10%'],
    ['BOGO: 2 for 1', 'BOGO- 2 for 1'],
    ['  padded  ', 'padded'],
    ['a:b:c', 'a-b-c'],
    ['tab\tand\nnewline', 'tab and newline'],
    ['   ', BLANK_NAME],
    ['', BLANK_NAME],
  ])('%j → %j', (pos, qbo) => {
    expect(qboName(pos)).toBe(qbo);
  });

  it('cuts to 100 characters and trims what the cut leaves', () => {
    expect(qboName('x'.repeat(150))).toBe('x'.repeat(100));
    expect(qboName(`${'x'.repeat(99)} yz`)).toBe('x'.repeat(99));
  });

  it('never splits a character made of two UTF-16 units', () => {
    const name = qboName(`${'x'.repeat(99)}🍩`);
    expect(name).toBe('x'.repeat(99));
  });

  it('property: within QuickBooks limits, free of ":", never blank, and stable when cleaned again', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 150 }), (s) => {
      const name = qboName(s);
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(QBO_NAME_MAX);
      expect(name).not.toContain(':');
      expect(name).toBe(name.trim());
      expect(qboName(name)).toBe(name);
    }), { numRuns: 2000 });
  });
});

describe('discountItemKey', () => {
  it('is the cleaned name lower-cased: QuickBooks names compare case-insensitively', () => {
    expect(discountItemKey(' Staff: 10% ')).toBe('staff- 10%');
    expect(discountItemKey('STAFF- 10%')).toBe(discountItemKey('staff: 10%'));
  });
});

describe('requiredDiscountNames', () => {
  it('lists line then ticket discounts, cleaned, de-duplicated case-insensitively, first spelling kept', () => {
    const ticket = makeTicket({
      lines: [
        { kind: 'product', name: 'A', quantity: '1', unitPrice: '10.00', discounts: [{ name: 'Staff 10%', amount: '1.00' }, { name: 'BOGO: half', amount: '1.00' }] },
        { kind: 'service', name: 'B', quantity: '-1', unitPrice: '5.00', discounts: [{ name: 'STAFF 10%', amount: '0.50' }] },
      ],
      discounts: [{ name: 'staff 10%', amount: '1.00' }, { name: ' Happy hour ', amount: '1.00' }, { name: 'BOGO- half', amount: '0.50' }],
      total: '1.00', // 10 − 1 − 1, then −5 + 0.50 (returned), less 2.50 of ticket discounts
    });
    expect(requiredDiscountNames(ticket)).toEqual(['Staff 10%', 'BOGO- half', 'Happy hour']);
  });

  it('is empty without discounts', () => {
    expect(requiredDiscountNames(makeTicket({ lines: [{ kind: 'product', name: 'A', quantity: 1, unitPrice: '1.00' }], total: '1.00' }))).toEqual([]);
  });
});
