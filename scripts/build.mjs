#!/usr/bin/env node
/**
 * Compiles src/ and bench/ to plain JavaScript under dist/ (esbuild: transpile only, file by
 * file; `npm test` is what type-checks). Run by `npm install` (prepare) and `npm start`
 * (prestart). bin/tillbooks.mjs runs dist/ when it is at least as new as every source file,
 * and the sources through tsx otherwise, so an edit is never run stale. Why bother: the same
 * service loaded through tsx holds about 90 MB more memory (measured: 187 MB vs 97 MB with
 * every module loaded), which is what kept an embedded run of 100,000 tickets over 300 MB.
 */
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { bundleCli } from './bundle-cli.mjs';
import { newestSourceMtime, ROOT, SOURCE_DIRS, STAMP } from './sources.mjs';

const DIST = path.join(ROOT, 'dist');

async function files(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    // bench/out holds the benchmark's datasets and reports, not code.
    if (e.isDirectory()) {
      if (e.name !== 'out') out.push(...(await files(full)));
    } else out.push(full);
  }
  return out;
}

const started = Date.now();
const newest = newestSourceMtime();
const tmp = path.join(ROOT, `dist.tmp-${process.pid}`);
await rm(tmp, { recursive: true, force: true });
const all = (await Promise.all(SOURCE_DIRS.map((d) => files(path.join(ROOT, d))))).flat();
const entries = all.filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'));
await build({ entryPoints: entries, outdir: tmp, outbase: ROOT, format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'error' });
// Views, static files, migrations and the like are read next to the modules that use them.
for (const f of all.filter((f) => !f.endsWith('.ts'))) {
  const to = path.join(tmp, path.relative(ROOT, f));
  await mkdir(path.dirname(to), { recursive: true });
  await cp(f, to);
}
// The command itself runs as one bundle, which reads those files from the build above (bundle-cli.mjs).
await bundleCli(ROOT, tmp);
// Compiled modules that ask how fresh dist/ is import this file by its relative path.
await mkdir(path.join(tmp, 'scripts'), { recursive: true });
await cp(path.join(ROOT, 'scripts/sources.mjs'), path.join(tmp, 'scripts/sources.mjs'));
await writeFile(path.join(tmp, STAMP), String(newest));
// Several processes may build at once: each builds aside and swaps its result in by renames,
// so dist/ is always one whole build (for an instant none, and bin/ then runs the sources).
const old = path.join(ROOT, `dist.old-${process.pid}`);
await rename(DIST, old).catch(() => undefined);
await rename(tmp, DIST).catch(async () => rm(tmp, { recursive: true, force: true }));
await rm(old, { recursive: true, force: true });
if (process.argv.includes('--verbose')) console.log(`built ${entries.length} modules into dist/ in ${Date.now() - started} ms`);
