/**
 * V8 for a process that runs a sync and exits (`tillbooks sync`, `tillbooks resync`): its
 * JavaScript stays on V8's interpreter and baseline compiler (Sparkplug), without TurboFan.
 * TurboFan recompiles the hot functions of each process anew on background threads; a run is
 * mostly waiting on QuickBooks and the database, and its JavaScript is a small share of its
 * CPU, so that recompiling cost more than the faster code saved. Measured through the sync
 * path (bench/scenarios/sync-run.ts), figures in the closing note of issue 17 and
 * BENCHMARKS.md. The service (`tillbooks serve`) keeps TurboFan: it lives long enough to win
 * it back. The embedded store's WebAssembly is on the baseline compiler for the same reason
 * (store/db.ts). Only flags V8 reads each time they apply are changed at run time: the compiler
 * choice, read each time it considers a function for optimizing, and incremental marking, read
 * each time a full collection could start; flags that size the heap, changed once it exists,
 * crashed the process (tried).
 *
 * Without incremental marking a full collection is done in one go when the heap asks for it,
 * and V8's memory reducer, which works through incremental marking, stays still. The reducer
 * starts full collections whenever the process looks idle, to give memory back, and a run at
 * QuickBooks' pace looks idle in every wait for its per-minute window: an open store waiting
 * cost 4.5–10 ms of CPU a second with it, 0.3–0.4 without. Its own switch, `--memory-reducer`,
 * is read only when the heap is set up: set here it changed nothing (tried). Measured on
 * `tillbooks sync --now` of 1,000 tickets paced at time scale 2.5 (100 s, mostly waiting), builds
 * alternated: 2.41 / 2.15 / 2.14 s of CPU before, 2.05 / 1.97 / 2.03 after, peak RSS 214 MB
 * before and 214–219 after. A run's process exits soon after; the service keeps both.
 */
import v8 from 'node:v8';

let applied = false;

export function useBaselineJavaScript(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString('--no-turbofan');
  v8.setFlagsFromString('--no-incremental-marking');
}
