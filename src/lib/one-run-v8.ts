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
 * choice, read each time it considers a function for optimizing, and the memory reducer, read
 * each time the heap looks idle; flags that size the heap, changed once it exists, crashed the
 * process (tried). The memory reducer starts full collections whenever the process looks idle,
 * to give memory back, and a run at QuickBooks' pace looks idle between every two answers: a
 * paced 2,000-ticket run made 7 full collections with it, 1–3 without (and none at the
 * simulator's speed either way). A run's process exits soon after; the service keeps it.
 */
import v8 from 'node:v8';

let applied = false;

export function useBaselineJavaScript(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString('--no-turbofan');
  v8.setFlagsFromString('--no-memory-reducer');
}
