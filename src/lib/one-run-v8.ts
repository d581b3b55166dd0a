/**
 * V8 for a process that runs a sync and exits (`tillbooks sync`, `tillbooks resync`): its
 * JavaScript stays on V8's interpreter and baseline compiler (Sparkplug), without TurboFan.
 * TurboFan recompiles the hot functions of each process anew on background threads; a run is
 * mostly waiting on QuickBooks and the database, and its JavaScript is a small share of its
 * CPU, so that recompiling cost more than the faster code saved. Measured through the sync
 * path (bench/scenarios/sync-run.ts), figures in the closing note of issue 17 and
 * BENCHMARKS.md. The service (`tillbooks serve`) keeps TurboFan: it lives long enough to win
 * it back. The embedded store's WebAssembly is on the baseline compiler for the same reason
 * (store/db.ts). Only the compiler choice is changed at run time: V8 reads it each time it
 * considers a function for optimizing, where flags of its garbage collector, changed once
 * the heap exists, crashed the process (tried).
 */
import v8 from 'node:v8';

let applied = false;

export function useBaselineJavaScript(): void {
  if (applied) return;
  applied = true;
  v8.setFlagsFromString('--no-turbofan');
}
