import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extendPrice, formatCents, formatQuantity, isWholeCents, isWithinMoneyRange, parseMoney, parseQuantity } from './money.js';

describe('money', () => {
  it.each([
    ['12.34', 1234], ['-5', -500], ['0.10', 10], ['0', 0], ['-0', 0], ['007.5', 750], ['999999999.99', 99_999_999_999],
  ])('parses %s as %i cents', (text, cents) => {
    expect(parseMoney(text)).toEqual({ ok: true, value: cents });
  });

  it.each([
    [12.34, 'not a JSON number'], ['12.345', 'more than 2 fraction digits'], ['1e3', 'not a decimal amount'],
    ['', 'not a decimal amount'], [' 1', 'not a decimal amount'], ['+1', 'not a decimal amount'], ['1.', 'not a decimal amount'],
    ['.5', 'not a decimal amount'], ['1000000000', 'larger than'], [null, 'got null'], [{}, 'got an object'],
  ])('refuses %j (%s)', (input, message) => {
    const r = parseMoney(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('round-trips every amount exactly (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), (cents) => {
      expect(parseMoney(formatCents(cents))).toEqual({ ok: true, value: cents });
    }));
  });

  it('reads any decimal string with up to 2 fraction digits the way decimal arithmetic does (property)', () => {
    fc.assert(fc.property(fc.boolean(), fc.bigInt({ min: 0n, max: 999_999_999n }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 99 }),
      (neg, whole, digits, frac) => {
        const fracText = digits === 0 ? '' : String(frac).padStart(2, '0').slice(0, digits);
        const text = `${neg ? '-' : ''}${whole}${digits ? `.${fracText}` : ''}`;
        const expected = Number(whole) * 100 + Number((fracText || '0').padEnd(2, '0'));
        expect(parseMoney(text)).toEqual({ ok: true, value: neg && expected !== 0 ? -expected : expected });
      }));
  });
});

describe('quantity', () => {
  it.each([['1', 1000], [2, 2000], ['0.750', 750], ['-1', -1000], [0.333, 333], ['1.5', 1500]])('parses %j', (q, milli) => {
    expect(parseQuantity(q)).toEqual({ ok: true, value: milli });
  });
  it.each([['0', 'zero'], [0, 'zero'], ['1.2345', 'more than 3'], [1e-7, 'not a decimal'], [Number.NaN, 'not a quantity'], [true, 'got boolean']])('refuses %j', (q, message) => {
    const r = parseQuantity(q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
  it('formats without trailing zeros', () => {
    expect([750, 2000, -1500, 333].map(formatQuantity)).toEqual(['0.75', '2', '-1.5', '0.333']);
  });
});

describe('extendPrice (quantity × unit price, round half up)', () => {
  it.each([
    [2000, 450, 900], [333, 299, 100], [750, 1299, 974], [500, 1, 1], [-500, 1, -1], [1500, 333, 500], [-333, 299, -100], [5, 10, 0],
  ])('%i milli × %i cents = %i cents', (q, p, cents) => {
    expect(extendPrice(q, p)).toBe(cents);
  });

  it('matches exact rational arithmetic, and a return mirrors a sale (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 999_999_999 }), fc.integer({ min: 0, max: 99_999_999_999 }), (q, p) => {
      fc.pre(isWithinMoneyRange(q, p));
      const exact = BigInt(q) * BigInt(p); // thousandths of a cent
      const cents = extendPrice(q, p);
      // cents × 1000 lies in (exact − 500, exact + 500]: a half rounds up, away from zero.
      const diff = exact - BigInt(cents) * 1000n;
      expect(diff >= -500n && diff < 500n).toBe(true);
      expect(extendPrice(-q, p)).toBe(cents === 0 ? 0 : -cents);
      expect(isWholeCents(q, p)).toBe(exact % 1000n === 0n);
    }));
  });
});
