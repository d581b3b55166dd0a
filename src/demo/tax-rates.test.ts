import { describe, expect, it } from 'vitest';
import { computeTax, defaultTaxRates, parseTaxRate } from './tax-rates.js';

describe('tax rates', () => {
  it.each([['2.9', 29_000], ['4.81', 48_100], ['0.375', 3_750], ['10', 100_000], ['7.2500', 72_500]])('reads %s%% exactly as %i ppm', (percent, ppm) => {
    expect(parseTaxRate({ name: 'x', percent }).ppm).toBe(ppm);
  });

  it.each(['', '4.81%', '-1', '4.812345', '100', '1e2'])('refuses %j', (percent) => {
    expect(() => parseTaxRate({ name: 'x', percent })).toThrow('percent');
  });

  it('rounds half up, and a return mirrors its sale', () => {
    const denver = parseTaxRate({ name: 'Denver city 4.81%', percent: '4.81' });
    // 10.00 × 4.81% = 0.481 → 0.48; 13.00 × 4.81% = 0.6253 → 0.63; 50 cents × 1% = 0.5 cent → 1 cent.
    expect(computeTax(1000, denver)).toBe(48);
    expect(computeTax(1300, denver)).toBe(63);
    expect(computeTax(-1300, denver)).toBe(-63);
    const one = parseTaxRate({ name: 'RTD 1%', percent: '1' });
    expect([computeTax(50, one), computeTax(49, one), computeTax(-50, one), computeTax(0, one)]).toEqual([1, 0, -1, 0]);
  });

  it('has Denver\'s three named taxes, and something for any other zone', () => {
    expect(defaultTaxRates('America/Denver').map((r) => r.name)).toEqual(['CO state 2.9%', 'RTD 1%', 'Denver city 4.81%']);
    expect(defaultTaxRates('Europe/Oslo').length).toBeGreaterThan(0);
  });
});
