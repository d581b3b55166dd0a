/** What the build compiles, and how new it is (shared by scripts/build.mjs and bin/tillbooks.mjs). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const above = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The project's root, also when this file runs from its copy in dist/scripts/. */
export const ROOT = path.basename(above) === 'dist' ? path.dirname(above) : above;
export const SOURCE_DIRS = ['src', 'bench'];
/** dist/<STAMP> holds the newest source mtime the build saw. */
export const STAMP = '.built-from';

async function newestIn(dir) {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'out') newest = Math.max(newest, await newestIn(full));
    } else {
      newest = Math.max(newest, (await stat(full)).mtimeMs);
    }
  }
  return newest;
}

export async function newestSourceMtime() {
  return Math.max(...(await Promise.all(SOURCE_DIRS.map((d) => newestIn(path.join(ROOT, d))))));
}

/** True when dist/ was built from sources no older than the ones here now. */
export async function distIsFresh() {
  const built = Number(await readFile(path.join(ROOT, 'dist', STAMP), 'utf8').catch(() => '0'));
  return built > 0 && built >= (await newestSourceMtime());
}

/** distIsFresh for callers that cannot wait (the benchmark choosing how to start a child). */
export function distIsFreshSync() {
  const newestSync = (dir) => {
    let newest = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'out') newest = Math.max(newest, newestSync(full));
      } else {
        newest = Math.max(newest, statSync(full).mtimeMs);
      }
    }
    return newest;
  };
  let built = 0;
  try {
    built = Number(readFileSync(path.join(ROOT, 'dist', STAMP), 'utf8'));
  } catch {
    return false;
  }
  return built > 0 && built >= Math.max(...SOURCE_DIRS.map((d) => newestSync(path.join(ROOT, d))));
}

/**
 * Node flags of the product's processes (npm start, the bin's shebang, the benchmark's
 * children): V8's young generation kept at 2 MB semi-spaces instead of 16. Measured on an
 * embedded sync of 4,892 tickets: peak RSS 319 → 249 MB for about 8 % more CPU per ticket
 * (more frequent scavenges). package.json and bin/tillbooks.mjs repeat it; keep them equal.
 */
export const NODE_FLAGS = ['--max-semi-space-size=2'];
