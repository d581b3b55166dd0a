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
    // Each worker process keeps its modules from one file to the next instead of loading them
    // anew (PGlite's WebAssembly, fastify, the simulator) for every file: the suite took 750 s
    // against 858-1,017 s isolated, all passing. What a process shares is keyed so files cannot
    // meet: the QuickBooks limiters by realm id, unique across simulators (sandbox/sim-state.ts);
    // each file opens its own store and servers; no file mocks a module or stubs a global.
    isolate: false,
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
