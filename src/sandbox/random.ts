/** A small seeded generator (mulberry32) so fault injection repeats run to run. */
export interface Random {
  /** In [0, 1). */
  next(): number;
  /** True with probability `rate` (0 never draws, so unset faults do not shift the sequence). */
  chance(rate: number): boolean;
}

export function makeRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (rate) => rate > 0 && (rate >= 1 || next() < rate),
  };
}
