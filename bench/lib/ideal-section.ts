/** The names of BENCHMARKS.md's sections written by bench/ideal.ts (the engine against the in-house ideal poster), one per dataset size. */
export const IDEAL_SECTION = 'ideal';

/** The section a run of `tickets` writes: 5,000 (the default) keeps its historical name. */
export function idealSection(tickets: number): string {
  return tickets === 5000 ? IDEAL_SECTION : `ideal-${tickets}`;
}
