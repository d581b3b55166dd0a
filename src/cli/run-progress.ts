/** A run executed from a terminal, with a progress bar (jobs/foreground.ts does the work). */
import cliProgress from 'cli-progress';
import type { Runtime } from '../app/runtime.js';
import type { Run } from '../domain/run.js';
import { runInForeground } from '../jobs/index.js';
import type { SyncDeps } from '../sync/index.js';

export async function runWithProgress(rt: Runtime, deps: SyncDeps, tenantId: string, runId: number, opts: { progress: boolean }): Promise<Run | null> {
  const bar = opts.progress ? new cliProgress.SingleBar({ format: 'syncing [{bar}] {value}/{total} tickets | {posted} posted, {skipped} skipped | {requests} requests', hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(1, 0, { posted: 0, skipped: 0, requests: 0 });
  try {
    return await runInForeground(deps, tenantId, runId, {
      leaseMs: rt.config.runLeaseMs,
      onProgress: (run) => {
        bar?.setTotal(Math.max(1, run.total));
        bar?.update(run.done, { posted: run.posted, skipped: run.skipped, requests: run.httpRequests });
      },
    });
  } finally {
    bar?.stop();
  }
}
