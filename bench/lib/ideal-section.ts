/** The name of BENCHMARKS.md's section written by bench/ideal.ts (the engine against the in-house ideal poster). */
export const IDEAL_SECTION = 'ideal';
