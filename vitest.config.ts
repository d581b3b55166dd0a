import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Tests run in forked processes: PGlite (WASM) and the simulator's HTTP servers are
// heavier than a thread likes, and a crash in one file must not hide the others.
// Two at a time at least: vitest's default (the cores less one) ran the files one by one on
// a 2-core machine, where much of a file's time is spent waiting on the processes it starts.
// Measured on 2 cores: one at a time 1,656 s, two 1,022 s, three 1,102 s.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
