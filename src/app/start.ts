/**
 * The composition root of the server: config → runtime (store, simulator, QuickBooks) → sync →
 * web. `npm start` runs it through `tillbooks serve`; tests and the demo call it directly.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.js';
import type { Logger } from '../lib/logger.js';
import type { Simulator } from '../sandbox/index.js';
import type { Database } from '../store/index.js';
import { buildApp } from '../web/app.js';
import { firstStart } from './first-start.js';
import type { FirstStartResult } from './first-start.js';
import { openRuntime } from './runtime.js';
import type { Runtime } from './runtime.js';

export interface StartOptions {
  logger?: Logger;
  /** Keep the embedded database in memory (tests). Default false. */
  inMemory?: boolean;
  /** The first user's password on a fresh database (tests); default: generated and printed. */
  firstPassword?: string;
}

export interface Tillbooks {
  url: string;
  app: FastifyInstance;
  runtime: Runtime;
  database: Database;
  simulator?: Simulator;
  firstStart: FirstStartResult | null;
  stop(): Promise<void>;
}

export async function startTillbooks(config: Config, opts: StartOptions = {}): Promise<Tillbooks> {
  const runtime = await openRuntime(config, { logger: opts.logger, inMemory: opts.inMemory });
  try {
    const { database, logger } = runtime;
    const first = await firstStart(database.db, { demo: config.demo, password: opts.firstPassword });
    const app = await buildApp({ db: database.db, logger });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    // The address people and OAuth redirects use: PUBLIC_URL, or localhost on the real port.
    const url = config.port === port ? config.publicUrl : `http://localhost:${port}`;
    let stopped = false;
    return {
      url, app, runtime, database, simulator: runtime.simulator, firstStart: first,
      async stop() {
        if (stopped) return;
        stopped = true;
        await app.close();
        await runtime.close();
      },
    };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
