/** The name of BENCHMARKS.md's section written by bench/many-stores.ts. */
export const MANY_STORES_SECTION = 'many-stores';
