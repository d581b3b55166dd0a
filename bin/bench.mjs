#!/usr/bin/env node
// `npm run bench`: the benchmark (bench/run.ts) through tsx; it first builds dist/, so the
// product processes it measures run the compiled JavaScript that `npm start` runs.
import { register } from 'tsx/esm/api';

await import('../scripts/build.mjs');
register();
await import('../bench/run.ts');
