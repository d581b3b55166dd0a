/**
 * The whole `tillbooks sync --now` command, as a person or a cron job runs it: its own process
 * from start to exit (loading the command, opening the embedded store, the run, closing), over
 * a data folder the import CLI filled and a company connected and initialized by the CLI too.
 * Its CPU time and peak RSS come from inside the process (the usage preload), so the figure is
 * the command's own and needs no change to it.
 */
import path from 'node:path';
import { rm } from 'node:fs/promises';
import { BENCH_LOCATION } from './dataset.js';
import { USAGE_PRELOAD, readUsage, runChild } from './children.js';
import type { ChildUsage } from './children.js';
import { cli } from './import-cli.js';
import { addLatency } from './product.js';
import { withSimulator } from './sync-bench.js';
import type { Network } from './sync-bench.js';

export interface SyncCommandResult {
  usage: ChildUsage;
  /** The command's own closing line ("run N finished: …"). */
  summary: string;
  wallMs: number;
}

/** Connects (the simulator's consent page, from the CLI), initializes, waits a quiet QuickBooks minute, then measures `tillbooks sync --now`. */
export function runSyncCommand(label: string, dataDir: string, n: Network, reading: 'strict' | 'lenient'): Promise<SyncCommandResult> {
  return withSimulator(n, async (url) => {
    const env = {
      DATA_DIR: dataDir, TILLBOOKS_DEMO: 'false', LOG_LEVEL: 'warn', QBO_ENVIRONMENT: 'simulator', QBO_SIMULATOR_URL: url,
      SIMULATOR_TIME_SCALE: String(n.timeScale), QBO_BATCH_READING: reading, DATABASE_URL: '',
    };
    const connected = await runChild(cli(['connect', '--location', BENCH_LOCATION.id, '--company', 'Bench café']), { env, label, expectResult: false });
    const realmId = /realm (\d+)/.exec(connected.stdout)?.[1];
    if (!realmId) throw new Error(`no realm in the connect command's output: ${connected.stdout}`);
    await addLatency(url, realmId, n.latencyClockMs / n.timeScale, (n.perItemClockMs ?? 0) / n.timeScale);
    await runChild(cli(['init', '--location', BENCH_LOCATION.id]), { env, label, expectResult: false });
    // As against the ideal poster: the run starts with an empty window, Initialize's requests out of it.
    await new Promise((r) => setTimeout(r, 61_000 / n.timeScale));
    const usageFile = path.join(dataDir, 'sync-usage.json');
    await rm(usageFile, { force: true });
    const run = await runChild(cli(['sync', '--now', '--no-progress'], USAGE_PRELOAD),
      { env: { ...env, BENCH_USAGE_FILE: usageFile }, label, expectResult: false });
    return { usage: await readUsage(usageFile), summary: run.stdout.trim().split('\n').pop() ?? '', wallMs: run.wallMs };
  }).then((s) => s.result);
}
