/**
 * `tillbooks worker`: a process that only executes runs (server mode). Any number of them, on
 * any number of machines, share the PostgreSQL server and its job queue; none serves pages.
 */
import type { Config } from '../config/index.js';
import { ConfigError } from '../config/index.js';
import { startRunner } from '../jobs/index.js';
import type { RunRunner } from '../jobs/index.js';
import type { Logger } from '../lib/logger.js';
import { openRuntime } from './runtime.js';
import type { Runtime } from './runtime.js';
import { syncDepsFor } from './sync-deps.js';
import type { SyncTuning } from './sync-deps.js';

export interface WorkerProcess {
  runtime: Runtime;
  runner: RunRunner;
  stop(): Promise<void>;
}

export async function startWorkerProcess(config: Config, opts: { logger?: Logger; sync?: SyncTuning } = {}): Promise<WorkerProcess> {
  if (config.mode !== 'server') {
    throw new ConfigError(['DATABASE_URL: `tillbooks worker` needs a PostgreSQL server shared with the web process; embedded mode runs its worker inside `npm start`']);
  }
  // Workers never start a simulator of their own: all processes must see the same companies.
  const runtime = await openRuntime(config, { logger: opts.logger, simulator: false });
  if (!runtime.provider) {
    await runtime.close();
    throw new ConfigError(['QBO_SIMULATOR_URL: with QBO_ENVIRONMENT=simulator, workers need the URL of a shared simulator (`tillbooks simulator --state FILE`)']);
  }
  try {
    const runner = await startRunner(syncDepsFor(runtime, config, opts.sync), { leaseMs: config.runLeaseMs, concurrency: config.workerConcurrency });
    let stopped: Promise<void> | null = null;
    return {
      runtime, runner,
      stop: () => {
        stopped ??= runner.stop().finally(() => runtime.close());
        return stopped;
      },
    };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
