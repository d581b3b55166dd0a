/**
 * The composition root of the server: config → runtime (store, simulator, QuickBooks) → sync
 * (service and worker) → web (API and back office). `npm start` runs it through
 * `tillbooks serve`; tests and the demo call it directly.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import { startRunner } from '../jobs/index.js';
import type { RunRunner } from '../jobs/index.js';
import type { Logger } from '../lib/logger.js';
import type { Simulator } from '../sandbox/index.js';
import type { Database } from '../store/index.js';
import type { SyncDeps } from '../sync/index.js';
import { makeSyncService } from '../sync/index.js';
import type { SyncService } from '../sync/index.js';
import { buildApp } from '../web/app.js';
import { backOffice } from '../web/pages/back-office.js';
import { firstStart } from './first-start.js';
import { makeMetrics } from './metrics.js';
import { syncDepsFor } from './sync-deps.js';
import type { SyncTuning } from './sync-deps.js';
import type { FirstStartResult } from './first-start.js';
import { openRuntime } from './runtime.js';
import type { Runtime } from './runtime.js';

export interface StartOptions {
  logger?: Logger;
  /** Keep the embedded database in memory (tests). Default false. */
  inMemory?: boolean;
  /** The first user's password on a fresh database (tests); default: generated and printed. */
  firstPassword?: string;
  /** Sync tuning for tests and benchmarks (retry policy, page size...). */
  sync?: SyncTuning;
  /** Run the scheduler and sync runner here; default config.worker (`tillbooks web` says false). */
  worker?: boolean;
}

export interface Tillbooks {
  url: string;
  app: FastifyInstance;
  runtime: Runtime;
  database: Database;
  simulator?: Simulator;
  sync: SyncService;
  syncDeps: SyncDeps;
  worker: RunRunner | null;
  firstStart: FirstStartResult | null;
  stop(): Promise<void>;
}

export async function startTillbooks(config: Config, opts: StartOptions = {}): Promise<Tillbooks> {
  const runtime = await openRuntime(config, { logger: opts.logger, inMemory: opts.inMemory, serving: true });
  let worker: RunRunner | null = null;
  let app: FastifyInstance | null = null;
  try {
    const { database, logger } = runtime;
    const first = await firstStart(database.db, { demo: config.demo, password: opts.firstPassword });
    const metrics = config.metricsToken ? makeMetrics(database.db) : null;
    const syncDeps = syncDepsFor(runtime, config, { ...(metrics && { qboObserver: metrics.observeQbo }), ...opts.sync });
    const syncService = makeSyncService(syncDeps, { kick: () => worker?.kick() });
    const plugins = await backOffice({ db: database.db, sync: syncService, publicUrl: config.publicUrl, onLocationChanged: () => worker?.kick() });
    app = await buildApp({ db: database.db, logger, plugins, trustProxy: config.trustProxy, publicUrl: config.publicUrl,
      onLocationChanged: () => worker?.kick(), ...(metrics && { metrics: { token: config.metricsToken!, render: metrics.render } }) });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = config.port === port ? config.publicUrl : `http://localhost:${port}`;
    // With PORT=0 (tests) the redirect must name the port actually taken.
    if (config.port !== port) syncDeps.app.redirectUri = `${url}/quickbooks/callback`;
    if (opts.worker ?? config.worker) {
      worker = await startRunner(syncDeps, { leaseMs: config.runLeaseMs, concurrency: config.workerConcurrency });
    }
    let stopped = false;
    return {
      url, app, runtime, database, simulator: runtime.simulator, sync: syncService, syncDeps, worker, firstStart: first,
      async stop() {
        if (stopped) return;
        stopped = true;
        // The runs first (each stops at its next batch and is handed back), while the web still
        // answers; then the web. Closing the port first left it dark for the whole stop.
        await worker?.stop();
        await app?.close();
        await runtime.close();
      },
    };
  } catch (err) {
    await app?.close();
    await worker?.stop();
    await runtime.close();
    throw err;
  }
}
