/**
 * A small seeded pseudo-random generator for demo data: sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator, 128-bit state, passes PractRand) seeded by cyrb128, a
 * string hash. Not cryptographic, and never needs to be: the same seed must give the same
 * tickets byte for byte, on every machine, so Math.random is out.
 */

export interface Prng {
  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** A generator seeded from any strings (e.g. seed, location, date): each gives its own stream. */
export function makePrng(...seedParts: readonly (string | number)[]): Prng {
  const [a, b, c, d] = cyrb128(seedParts.join('\u001f'));
  const next = makeSfc32(a, b, c, d);
  const prng: Prng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
  };
  return prng;
}

function makeSfc32(seedA: number, seedB: number, seedC: number, seedD: number): () => number {
  let a = seedA >>> 0;
  let b = seedB >>> 0;
  let c = seedC >>> 0;
  let d = seedD >>> 0;
  const step = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // The first outputs of a fresh sfc32 still echo the seed: its author discards 12.
  for (let i = 0; i < 12; i++) step();
  return () => step() / 4_294_967_296;
}

/** cyrb128 (bryc): a 128-bit string hash, four 32-bit words, good enough to spread seeds. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * Picks by weight (weights need not sum to 1). The cumulative table is built once, so a
 * pick is one random number and a short scan: the catalog has a few dozen entries.
 */
export function makeWeightedPick<T>(entries: readonly (readonly [T, number])[]): (prng: Prng) => T {
  if (entries.length === 0) throw new RangeError('cannot pick from an empty list');
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, weight] of entries) {
    if (!(weight > 0)) throw new RangeError(`weights must be > 0, got ${weight}`);
    sum += weight;
    cumulative.push(sum);
  }
  return (prng) => {
    const x = prng.next() * sum;
    let i = 0;
    while (i < cumulative.length - 1 && (cumulative[i] as number) <= x) i++;
    return (entries[i] as readonly [T, number])[0];
  };
}
