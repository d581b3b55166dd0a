import { defineConfig } from 'vitest/config';

// Tests run in forked processes: PGlite (WASM) and the simulator's HTTP servers are
// heavier than a thread likes, and a crash in one file must not hide the others.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
