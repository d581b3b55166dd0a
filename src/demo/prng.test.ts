import { describe, expect, it } from 'vitest';
import { makePrng, makeWeightedPick } from './prng.js';

const draw = <T>(n: number, f: () => T): T[] => Array.from({ length: n }, f);

describe('makePrng (sfc32 seeded by cyrb128)', () => {
  it('gives the same sequence for the same seed parts, and another for others', () => {
    const a = makePrng('demo', 1, 'denver-1');
    const b = makePrng('demo', 1, 'denver-1');
    const seqA = draw(100, a.next);
    expect(draw(100, b.next)).toEqual(seqA);
    expect(draw(100, makePrng('demo', 2, 'denver-1').next)).not.toEqual(seqA);
    // Parts are joined with a separator: ('ab', 'c') is not ('a', 'bc').
    expect(makePrng('ab', 'c').next()).not.toBe(makePrng('a', 'bc').next());
  });

  it('is pinned: these values are the contract of "same seed, same tickets" across releases', () => {
    const p = makePrng('tillbooks-demo', 1);
    expect(draw(3, () => p.int(0, 999_999))).toEqual(PINNED);
  });

  it('next() stays in [0, 1) and spreads evenly over ten buckets', () => {
    const p = makePrng('spread');
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const x = p.next();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)] = (buckets[Math.floor(x * 10)] as number) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('int(min, max) reaches both ends and nothing outside', () => {
    const p = makePrng('ints');
    const seen = new Set(draw(2000, () => p.int(-2, 3)));
    expect([...seen].sort((x, y) => x - y)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('pick refuses an empty list', () => {
    expect(() => makePrng('x').pick([])).toThrow('empty');
  });
});

describe('makeWeightedPick', () => {
  it('picks in proportion to the weights', () => {
    const pick = makeWeightedPick<string>([['a', 1], ['b', 3]]);
    const p = makePrng('weights');
    const picks = draw(40_000, () => pick(p));
    const share = picks.filter((x) => x === 'b').length / picks.length;
    expect(share).toBeGreaterThan(0.73);
    expect(share).toBeLessThan(0.77);
  });

  it('refuses weights that are not positive', () => {
    expect(() => makeWeightedPick([['a', 0]])).toThrow('> 0');
    expect(() => makeWeightedPick([])).toThrow('empty');
  });
});

/**
 * Recorded from this implementation (sfc32 as bryc publishes it, seeded by cyrb128, 12
 * outputs discarded). If this changes, every seed's demo data changes: do it on purpose.
 */
const PINNED = [575970, 448329, 884432];
