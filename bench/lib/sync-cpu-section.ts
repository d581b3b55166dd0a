/** The name of BENCHMARKS.md's section written by bench/sync-cpu.ts (CPU of the embedded sync, issue 17). */
export const SYNC_CPU_SECTION = 'sync-cpu';
