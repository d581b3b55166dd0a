#!/usr/bin/env -S node --max-semi-space-size=16 --min-semi-space-size=16
// The tillbooks command. It runs the compiled JavaScript in dist/ (built by `npm install` and
// `npm start`, scripts/build.mjs) when that is at least as new as every source file, and the
// TypeScript sources through tsx's loader otherwise, so an edit never runs stale and there is
// no build step between a checkout and a working command. Compiled, the command is one bundle
// (scripts/bundle-cli.mjs), which starts on far less CPU than ~950 modules loaded one by one.
// The node flag (a small young generation, see NODE_FLAGS in scripts/sources.mjs) is also in
// package.json's scripts.
import { distIsFresh } from '../scripts/sources.mjs';

let main;
if (process.env.TILLBOOKS_FROM_SOURCE !== 'true' && distIsFresh()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv);
