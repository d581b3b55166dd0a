/**
 * `tillbooks import FILE --from DATE` (issue 16, Build 5): after the file is taken, each of its
 * locations gets DATE as its start date (the history before it is kept, never posted) and a run
 * of everything from DATE is queued on the company's queue. The command follows the runs with a
 * bar and an estimate from the company's limits (sync/service/backfill.ts); `--detach` leaves them
 * to the workers (server mode) or to the next `tillbooks serve`, and the QuickBooks page shows the same progress.
 */
import cliProgress from 'cli-progress';
import type { Runtime } from '../app/runtime.js';
import { syncDepsFor } from '../app/sync-deps.js';
import type { Config } from '../config/index.js';
import { runInForeground } from '../jobs/index.js';
import { makeSyncService } from '../sync/index.js';
import type { EtaView, SyncDeps, SyncService } from '../sync/index.js';
import { makeRunChain } from './run-chain.js';

export interface BackfillOptions {
  locationIds: string[];
  from: string;
  progress: boolean;
  detach: boolean;
}

export async function backfill(rt: Runtime, config: Config, tenantId: string, o: BackfillOptions): Promise<void> {
  const deps = syncDepsFor(rt, config);
  const sync = makeSyncService(deps);
  const started = await sync.backfill(tenantId, { locationIds: o.locationIds, from: o.from });
  for (const id of o.locationIds) console.log(`  ${id}: start date ${o.from} (tickets dated before it are kept and never posted)`);
  for (const w of started.waiting) console.log(`  ${w.locationId}: ${w.reason}`);
  if (started.runs.length === 0) return;
  const posting = started.runs.map((r) => r.locationId);
  const eta = await sync.backfillEta(tenantId, posting);
  console.log(backfillLine(o.from, eta, started.runs.map((r) => r.runId)));
  if (o.detach) {
    console.log('  left to the workers (tillbooks worker, or the next tillbooks serve); follow it on the QuickBooks page or with tillbooks runs');
    return;
  }
  await follow(rt, deps, sync, tenantId, { runIds: started.runs.map((r) => r.runId), locationIds: posting, total: eta.tickets, eta, progress: o.progress });
}

/** The estimate before anything is posted, in words: the least QuickBooks' limits allow. */
export function backfillLine(from: string, eta: EtaView, runIds: number[]): string {
  return `backfill from ${from}: ${eta.tickets.toLocaleString('en-US')} tickets, about ${eta.documents.toLocaleString('en-US')} documents to write `
    + `(run ${runIds.join(', ')}); QuickBooks takes ${eta.perMinute} requests and ${eta.batchPerMinute} batches a minute from a company: ETA ${eta.words.replace(/ left$/, '')}`;
}

interface Follow {
  runIds: number[];
  locationIds: string[];
  total: number;
  eta: EtaView;
  progress: boolean;
}

async function follow(rt: Runtime, deps: SyncDeps, sync: SyncService, tenantId: string, f: Follow): Promise<void> {
  const tty = process.stderr.isTTY === true;
  const bar = f.progress ? new cliProgress.SingleBar({
    format: 'backfill [{bar}] {value}/{total} tickets | {posted} posted | {requests} requests | ETA {left}',
    hideCursor: tty, noTTYOutput: !tty, notTTYSchedule: 1000,
  }, cliProgress.Presets.shades_classic) : null;
  const since = new Date();
  const chain = makeRunChain();
  let eta = f.eta.words;
  let asking = false;
  let askedAt = 0;
  bar?.start(Math.max(1, f.total), 0, { posted: 0, requests: 0, left: eta });
  const show = () => {
    const t = chain.totals();
    bar?.setTotal(Math.max(1, f.total, t.done));
    bar?.update(t.done, { posted: t.posted, requests: t.httpRequests, left: eta });
    if (asking || Date.now() - askedAt < 1000) return;
    asking = true;
    askedAt = Date.now();
    sync.backfillEta(tenantId, f.locationIds, { done: t.done, since })
      .then((e) => { eta = e.words; })
      .catch(() => { /* the estimate is a courtesy: the run goes on */ })
      .finally(() => { asking = false; });
  };
  try {
    for (const runId of f.runIds) {
      const run = await runInForeground(deps, tenantId, runId, { leaseMs: rt.config.runLeaseMs, onProgress: (r) => { chain.see(r); show(); } });
      if (run) chain.see(run);
      eta = (await sync.backfillEta(tenantId, f.locationIds, { done: chain.totals().done, since })).words;
      show();
    }
  } finally {
    bar?.stop();
  }
  const t = chain.totals();
  console.log(`backfill done (run ${chain.ids.join(', ')}): ${t.posted} posted, ${t.voided} voided, ${t.skipped} skipped, ${t.pending} still pending, `
    + `${t.httpRequests} QuickBooks requests in ${Math.round((Date.now() - since.getTime()) / 1000)} s`);
}
