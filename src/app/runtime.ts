/**
 * What every entry point needs, opened once from the Config: logger, store (migrated),
 * token cipher, and the QuickBooks provider (with the built-in simulator started in-process
 * when the environment is `simulator`). `close()` undoes it all.
 */
import path from 'node:path';
import type { Config } from '../config/index.js';
import { resolveSecretKey } from '../config/secret-key.js';
import { makeLogger } from '../lib/logger.js';
import type { Logger } from '../lib/logger.js';
import { makeScaledClock, systemClock } from '../lib/clock.js';
import type { Clock } from '../lib/clock.js';
import { makeQboProvider } from '../qbo/index.js';
import type { QboProvider } from '../qbo/index.js';
import { installJobQueue } from '../jobs/index.js';
import { OAUTH_PATHS } from '../sandbox/oauth-paths.js';
import type { Simulator } from '../sandbox/index.js';
import { openStore } from '../store/index.js';
import type { Database } from '../store/index.js';
import { flushUsage } from '../sync/usage.js';
import { makeTokenCipher } from '../store/token-crypto.js';
import type { TokenCipher } from '../store/token-crypto.js';
import { lockDataFolder } from './data-lock.js';

export interface Runtime {
  config: Config;
  logger: Logger;
  clock: Clock;
  database: Database;
  cipher: TokenCipher;
  /** null when QuickBooks is not reachable from this process (simulator off, no URLs given). */
  provider: QboProvider | null;
  /** The built-in simulator, when QBO_ENVIRONMENT=simulator. */
  simulator?: Simulator;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Keep the embedded database in memory (tests, throwaway runs). Default false. */
  inMemory?: boolean;
  /** Start the built-in simulator (when the environment is simulator). Default true. */
  simulator?: boolean;
  /** This process is the service (its address is left in the data folder's lock for a refused command to name). */
  serving?: boolean;
}

export async function openRuntime(config: Config, opts: RuntimeOptions = {}): Promise<Runtime> {
  const logger = opts.logger ?? makeLogger({ level: config.logLevel, format: config.logFormat });
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => logger.error({ err }, 'while closing'));
  };
  try {
    if (config.mode === 'embedded' && !opts.inMemory) closers.push(await lockDataFolder(config.dataDir, opts.serving ? config.publicUrl : undefined));
    const key = await resolveSecretKey(config);
    const database = await openStore(config.mode === 'server'
      ? { databaseUrl: config.databaseUrl, schema: config.databaseSchema }
      : { dataDir: opts.inMemory ? undefined : config.dataDir });
    closers.push(() => database.close());
    // At shutdown, before the database closes: QuickBooks usage counted since the last flush.
    closers.push(() => flushUsage(database, logger));
    // Server mode: every process (web, worker, CLI) can queue runs, so each makes sure the job
    // queue and its trigger are in place.
    if (config.mode === 'server') await installJobQueue(database, logger);
    // The simulator's minutes and ours must be the same length, or its limits would not bind.
    const clock = config.simulator.timeScale === 1 ? systemClock : makeScaledClock(config.simulator.timeScale);
    let simulator: Simulator | undefined;
    // With QBO_API_BASE_URL set, a simulator runs elsewhere (`tillbooks simulator`), shared by
    // every process; otherwise this process starts its own, keeping its state in the data folder.
    const shared = config.qbo.environment === 'simulator' ? config.simulator.url : undefined;
    if (config.qbo.environment === 'simulator' && opts.simulator !== false && !config.qbo.urls.api && !shared) {
      const simOptions = { clock, ...(opts.inMemory ? {} : { stateFile: path.join(config.dataDir, 'simulator.json') }) };
      // Loaded here: a command that never talks to QuickBooks starts without the simulator's server.
      const { startSimulator } = await import('../sandbox/index.js');
      simulator = await startSimulator({ ...simOptions, port: config.simulator.port }).catch(async (err: NodeJS.ErrnoException) => {
        // The default port taken (another simulator?): any free port serves as well, since the
        // URLs are handed to the client at start.
        if (err.code !== 'EADDRINUSE' || config.simulator.port === 0) throw err;
        logger.warn(`simulator port ${config.simulator.port} is taken; using a free one`);
        return startSimulator({ ...simOptions, port: 0 });
      });
      closers.push(() => simulator!.close());
    }
    const sim = shared ? { api: shared, authorize: shared + OAUTH_PATHS.authorize, token: shared + OAUTH_PATHS.token,
      revoke: shared + OAUTH_PATHS.revoke } : simulator?.urls;
    const urls = {
      apiBase: config.qbo.urls.api ?? sim?.api,
      authorize: config.qbo.urls.authorize ?? sim?.authorize,
      token: config.qbo.urls.token ?? sim?.token,
      revoke: config.qbo.urls.revoke ?? sim?.revoke,
    };
    const reachable = config.qbo.environment !== 'simulator' || Boolean(urls.apiBase && urls.authorize && urls.token && urls.revoke);
    const provider = reachable ? makeQboProvider(config.qbo.environment, urls) : null;
    return { config, logger, clock, database, cipher: makeTokenCipher(key), provider, simulator, close };
  } catch (err) {
    await close();
    throw err;
  }
}
