#!/usr/bin/env node
// `npm run bench`: the benchmark (bench/run.ts), through the same tsx loader as bin/tillbooks.mjs.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
