/**
 * A run executed from a terminal, with a progress bar (jobs/foreground.ts does the work). The bar
 * and the outcome count the whole sync, continuations included (run-chain.ts), and end on the
 * run's final counts; a wait for a run this process cannot take yet is said once, on stderr.
 */
import cliProgress from 'cli-progress';
import type { Runtime } from '../app/runtime.js';
import type { Run, RunCounts } from '../domain/run.js';
import { runInForeground } from '../jobs/index.js';
import type { SyncDeps } from '../sync/index.js';
import { makeRunChain } from './run-chain.js';
import { waitWords, watchThrottle } from './run-waits.js';
import { hosted, outsideHosted } from '../app/hosted.js';

export interface RunOutcome {
  /** The run as it ended: the last continuation (null if unknown). */
  run: Run | null;
  /** The run asked for, then its continuations. */
  runIds: number[];
  /** The whole sync: every run of the chain added up. */
  totals: RunCounts;
}

export async function runWithProgress(rt: Runtime, deps: SyncDeps, tenantId: string, runId: number, opts: { progress: boolean }): Promise<RunOutcome> {
  // Inside the service for another process: the service's worker runs it; this follows, without a bar.
  const inService = hosted();
  if (inService?.kick) outsideHosted(inService.kick);
  const bar = opts.progress && !inService ? new cliProgress.SingleBar({ format: 'syncing [{bar}] {value}/{total} tickets | {posted} posted, {skipped} skipped | {requests} requests{note}', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(1, 0, { posted: 0, skipped: 0, requests: 0, note: '' });
  // QuickBooks' per-minute limit: in the bar while it waits, or a line on stderr without one.
  const stopWatching = watchThrottle(deps, tenantId, runId, (words) => {
    if (bar) bar.update({ note: words ? ` | ${words}` : '' });
    else if (words) console.error(words);
  }, { timeScale: rt.config.simulator.timeScale });
  const chain = makeRunChain();
  const show = (t: RunCounts) => {
    bar?.setTotal(Math.max(1, t.total));
    bar?.update(t.done, { posted: t.posted, skipped: t.skipped, requests: t.httpRequests });
  };
  const told = new Set<number>();
  try {
    const run = await runInForeground(deps, tenantId, runId, {
      leaseMs: rt.config.runLeaseMs,
      followOnly: Boolean(inService?.kick),
      onProgress: (r) => show(chain.see(r)),
      onWait: (r) => {
        if (told.has(r.id)) return;
        told.add(r.id);
        bar?.stop();
        console.error(waitWords(r, rt.config.runLeaseMs, Date.now()));
      },
    });
    if (run) show(chain.see(run));
    return { run, runIds: [...chain.ids], totals: chain.totals() };
  } finally {
    stopWatching();
    bar?.stop();
  }
}
