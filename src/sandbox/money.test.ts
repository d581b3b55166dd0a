import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  centsToNumber, decimalFromNumber, decimalFromString, decimalToString, exactCents, formatCents, multiply, percentOf, roundToCents,
} from './money.js';

describe('exact money', () => {
  it('reads JSON numbers through their literal, not their binary value', () => {
    expect(decimalToString(decimalFromNumber(0.1 + 0.2)!)).toBe('0.30000000000000004');
    expect(exactCents(decimalFromNumber(12.34)!)).toBe(1234n);
    expect(exactCents(decimalFromNumber(1e-7)!)).toBeUndefined();
    expect(exactCents(decimalFromString('1.5e2')!)).toBe(15000n);
    expect(exactCents(decimalFromNumber(-0.5)!)).toBe(-50n);
  });

  it('multiplies Qty x UnitPrice exactly and rounds half away from zero to the cent', () => {
    const product = multiply(decimalFromNumber(0.333)!, decimalFromNumber(2.99)!);
    expect(decimalToString(product)).toBe('0.99567');
    expect(roundToCents(product)).toBe(100n);
    expect(roundToCents(decimalFromString('0.005')!)).toBe(1n);
    expect(roundToCents(decimalFromString('-0.005')!)).toBe(-1n);
    expect(roundToCents(decimalFromString('0.0049999')!)).toBe(0n);
    expect(roundToCents(multiply(decimalFromNumber(3)!, decimalFromNumber(19.99)!))).toBe(5997n);
  });

  it('computes a percentage of cents', () => {
    expect(percentOf(10000n, { units: 825n, scale: 2 })).toBe(825n);
    expect(percentOf(1n, { units: 825n, scale: 2 })).toBe(0n);
    expect(percentOf(7n, { units: 825n, scale: 2 })).toBe(1n); // 0.5775 cents -> 1
  });

  it('round-trips every cent amount through a JSON number', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), (cents) => {
      const n = JSON.parse(JSON.stringify(centsToNumber(cents))) as number;
      expect(exactCents(decimalFromNumber(n)!)).toBe(cents);
    }));
  });

  it('formats cents as decimal strings', () => {
    expect(formatCents(-50n)).toBe('-0.50');
    expect(formatCents(123456n)).toBe('1234.56');
  });
});
