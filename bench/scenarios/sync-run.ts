/**
 * One sync run of the engine, measured inside the product's own process: the tickets already
 * stored in the data folder (the import CLI put them there), a new simulated company
 * connected through the consent page, Initialize, then one "Sync now" run executed here.
 *
 *   node --import tsx bench/scenarios/sync-run.ts --data-dir D --simulator URL --time-scale 60 [--location L]
 *     [--latency-ms 4] [--latency-per-item-ms 0.25] [--batch-reading adaptive|strict|lenient (default: the product's setting)] [--quiet-minute true]
 *     [--database-url URL --schema S --secret-key K]
 *
 * Prints `@@bench <SyncRunResult>`: the run's summary, its QuickBooks-clock duration, this
 * process's CPU time during the run, RSS along the way and at its peak.
 */
import { useBaselineJavaScript } from '../../src/lib/one-run-v8.js';
import { sizePoolToStore } from '../../src/store/buffer-pool.js';
import { claimRun } from '../../src/store/runs.js';
import { executeRun } from '../../src/sync/engine/run.js';
import type { RunSummary } from '../../src/sync/engine/run.js';
import { cpuMsSince, peakRssMb, report, rssMb } from '../lib/children.js';
import { flags } from '../lib/flags.js';
import { counterDelta, fetchCounters } from '../lib/simulator-process.js';
import type { CounterDelta } from '../lib/simulator-process.js';
import { TENANT, addLatency, connectCompany, startProduct } from '../lib/product.js';
import { watchThrottles } from '../lib/throttle-watch.js';

export interface RssSample {
  done: number;
  rssMb: number;
  heapMb: number;
}

export interface SyncRunResult {
  realmId: string;
  summary: RunSummary;
  /** QuickBooks-clock milliseconds of Initialize and of the run. */
  initializeClockMs: number;
  runClockMs: number;
  runWallMs: number;
  cpuMs: { userMs: number; systemMs: number; totalMs: number };
  rssBeforeRunMb: number;
  peakRssMb: number;
  samples: RssSample[];
  /** What the simulator counted for the run alone. */
  counters: CounterDelta;
  /** 429 answers the product met during the run, and their episodes (throttle-watch.ts). */
  throttleAnswers: number;
  throttleEpisodes: number;
}

const f = flags(process.argv.slice(2), {
  'data-dir': '', simulator: '', 'time-scale': '60', location: 'bench-1', company: 'Bench café', 'database-url': '-', schema: '-', 'secret-key': '-', 'latency-ms': '0',
  'latency-per-item-ms': '0', 'batch-reading': 'product', 'quiet-minute': 'false',
});
// As `tillbooks sync` runs its one sync (cli/commands-sync.ts).
useBaselineJavaScript();
sizePoolToStore();
const server = f['database-url'] === '-' ? undefined : { url: f['database-url'], schema: f.schema, secretKey: f['secret-key'] };
const t = await startProduct({ dataDir: f['data-dir'], simulatorUrl: f.simulator, timeScale: Number(f['time-scale']), server, ...(f['batch-reading'] !== 'product' && { batchReading: f['batch-reading'] }) });
let running = false;
const throttles = watchThrottles(() => (running ? t.syncDeps.clock : undefined));
try {
  const clock = t.syncDeps.clock;
  const { connectionId, realmId } = await connectCompany(t, f.company, f.location);
  await addLatency(f.simulator, realmId, Number(f['latency-ms']), Number(f['latency-per-item-ms']));
  const initStart = clock.now();
  await t.sync.initialize(TENANT, connectionId);
  const initializeClockMs = clock.now() - initStart;
  // Against the ideal poster both start with an empty window: Initialize's requests out of it.
  if (f['quiet-minute'] === 'true') await clock.sleep(61_000);

  const samples: RssSample[] = [];
  const sample = (done: number) => samples.push({ done, rssMb: rssMb(), heapMb: process.memoryUsage().heapUsed / 2 ** 20 });
  sample(0);
  const rssBeforeRunMb = rssMb();
  const countersBefore = await fetchCounters(f.simulator, realmId);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const started = clock.now();
  running = true;
  const { runId } = await t.sync.syncNow(TENANT, { locationId: f.location });
  const run = await claimRun(t.database.db, 'bench');
  if (!run || run.id !== runId) throw new Error(`expected to claim run ${runId}`);
  const summary = await executeRun(t.syncDeps, run, { onProgress: (counts) => sample(counts.done) });
  const result: SyncRunResult = {
    realmId, summary, initializeClockMs, runClockMs: clock.now() - started, runWallMs: performance.now() - wall,
    cpuMs: cpuMsSince(cpu), rssBeforeRunMb, peakRssMb: peakRssMb(), samples,
    counters: counterDelta(countersBefore, await fetchCounters(f.simulator, realmId)),
    throttleAnswers: throttles.answers(), throttleEpisodes: throttles.episodes(),
  };
  report(result);
} finally {
  await t.stop();
}
