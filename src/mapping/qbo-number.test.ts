import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_QBO_CENTS, toQboAmount, toQboQuantity } from './qbo-number.js';
import { exactScaled } from './test-support/exact.js';

describe('toQboAmount', () => {
  it('serialises to the exact decimal', () => {
    expect(JSON.stringify([toQboAmount(1234), toQboAmount(1230), toQboAmount(-5), toQboAmount(0), toQboAmount(10)]))
      .toBe('[12.34,12.3,-0.05,0,0.1]');
    expect(JSON.stringify(toQboAmount(MAX_QBO_CENTS))).toBe('999999999.99');
  });

  it('property: JSON.stringify(cents / 100) is the exact 2-digit decimal, for every amount it accepts', () => {
    const cents = fc.oneof(
      fc.integer({ min: -MAX_QBO_CENTS, max: MAX_QBO_CENTS }),
      fc.integer({ min: -10_000, max: 10_000 }),
      fc.constantFrom(MAX_QBO_CENTS, -MAX_QBO_CENTS, 1, -1, 10, 99, 101, 999_999_999_999 % MAX_QBO_CENTS),
    );
    fc.assert(fc.property(cents, (c) => {
      const amount = toQboAmount(c);
      expect(JSON.stringify(amount)).toMatch(/^-?\d+(\.\d{1,2})?$/);
      expect(exactScaled(amount, 2)).toBe(BigInt(c));
    }), { numRuns: 20_000 });
  });

  it('refuses what it cannot send exactly', () => {
    expect(() => toQboAmount(MAX_QBO_CENTS + 1)).toThrow(RangeError);
    expect(() => toQboAmount(0.5)).toThrow(RangeError);
    expect(() => toQboAmount(Number.NaN)).toThrow(RangeError);
  });
});

describe('toQboQuantity', () => {
  it('property: JSON.stringify(milli / 1000) is the exact 3-digit decimal', () => {
    fc.assert(fc.property(fc.integer({ min: -999_999_999, max: 999_999_999 }), (m) => {
      const qty = toQboQuantity(m);
      expect(JSON.stringify(qty)).toMatch(/^-?\d+(\.\d{1,3})?$/);
      expect(exactScaled(qty, 3)).toBe(BigInt(m));
    }), { numRuns: 20_000 });
  });

  it('keeps 0.333 and 0.75 as written', () => {
    expect(JSON.stringify([toQboQuantity(333), toQboQuantity(750), toQboQuantity(-1000)])).toBe('[0.333,0.75,-1]');
  });
});
