/** What the build compiles, and how new it is (shared by scripts/build.mjs, bin/tillbooks.mjs and the benchmark). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const above = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The project's root, also when this file runs from its copy in dist/scripts/. */
export const ROOT = path.basename(above) === 'dist' ? path.dirname(above) : above;
export const SOURCE_DIRS = ['src', 'bench'];
/** dist/<STAMP> holds the newest source mtime the build saw. */
export const STAMP = '.built-from';

function newestIn(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'out') newest = Math.max(newest, newestIn(full));
    } else {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** The newest modification time of any source file (a few hundred stats: milliseconds). */
export function newestSourceMtime() {
  return Math.max(...SOURCE_DIRS.map((d) => newestIn(path.join(ROOT, d))));
}

/** True when dist/ was built from sources no older than the ones here now. */
export function distIsFresh() {
  let built = 0;
  try {
    built = Number(readFileSync(path.join(ROOT, 'dist', STAMP), 'utf8'));
  } catch {
    return false;
  }
  return built > 0 && built >= newestSourceMtime();
}

/**
 * Node flags of the product's processes (npm start, the bin's shebang, the benchmark's
 * children): V8's young generation held at 16 MB semi-spaces, neither grown past nor shrunk below.
 * - Not past (max): it was 2 MB to save memory (peak RSS 319 → 249 MB on 4,892 tickets, for ~8 %
 *   more CPU); once the embedded store's own memory dominated, 2 MB bought no measurable RSS and
 *   cost 10-20 % of CPU in scavenges. Measured on 10,000 tickets (no added latency): 1.09-1.31 ms
 *   of CPU a ticket against 1.26-1.83, peak RSS 369-417 MB against 373-407.
 * - Not below (min): a run at QuickBooks' pace waits between bursts, V8's memory reducer takes
 *   the wait for idleness and shrinks the young generation, and each burst's batches (alive for a
 *   request's latency) then outlive its small scavenges, are promoted and fill the old
 *   generation: 93 scavenges and 10 full collections in a 2,000-ticket run where the simulator's
 *   speed needs 38 and none. Held at 16 MB: 28 scavenges, and 1.68 / 1.69 ms of CPU a ticket
 *   against 2.17 / 2.09 (paced, strict reading), 2.35 / 2.48 against 2.50 / 2.78 (lenient);
 *   at the simulator's speed no difference (1.23 / 0.99 / 1.00 against 1.32 / 1.03 / 1.00).
 * package.json and bin/tillbooks.mjs repeat them; test/ops/node-flags.test.ts keeps them equal.
 */
export const NODE_FLAGS = ['--max-semi-space-size=16', '--min-semi-space-size=16'];
