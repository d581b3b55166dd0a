/**
 * The product as the benchmark runs it: the composition root (startTillbooks), in the
 * scenario's own process, pointed at the simulator child with the shared time scale, and a
 * company connected through the simulator's real consent page.
 */
import { approveConsent } from '../../src/cli/consent-client.js';
import { startTillbooks } from '../../src/app/start.js';
import type { Tillbooks } from '../../src/app/start.js';
import { DEFAULT_TENANT } from '../../src/app/first-start.js';
import { loadConfig } from '../../src/config/index.js';
import { makeLogger } from '../../src/lib/logger.js';
import { OAUTH_PATHS } from '../../src/sandbox/index.js';

export const TENANT = DEFAULT_TENANT.id;

export interface ProductOptions {
  /** The data folder (secret key; the embedded database unless inMemory). */
  dataDir: string;
  /** Keep the embedded database in memory (default false). */
  inMemory?: boolean;
  simulatorUrl: string;
  timeScale: number;
  /** Run the scheduler and worker (default false: the scenario executes its run itself). */
  worker?: boolean;
  /** Server mode: a PostgreSQL URL, schema and the shared token key (default: embedded PGlite). */
  server?: ServerDatabase;
  /** QBO_BATCH_READING (adaptive | strict | lenient); default the product's (adaptive). */
  batchReading?: string;
}

export interface ServerDatabase {
  url: string;
  schema: string;
  secretKey: string;
}

/**
 * The environment of a CLI child: server mode with `s`, else embedded - blanking what the
 * benchmark's own environment may hold (an empty value counts as unset in src/config).
 */
export function serverEnv(s: ServerDatabase | undefined): Record<string, string> {
  return s ? { DATABASE_URL: s.url, DATABASE_SCHEMA: s.schema, TILLBOOKS_SECRET_KEY: s.secretKey } : { DATABASE_URL: '', DATABASE_SCHEMA: '', TILLBOOKS_SECRET_KEY: '' };
}

export async function startProduct(o: ProductOptions): Promise<Tillbooks> {
  const config = loadConfig({
    DATA_DIR: o.dataDir, PORT: '0', HOST: '127.0.0.1', TILLBOOKS_DEMO: 'false',
    TILLBOOKS_WORKER: o.worker ? 'true' : 'false', LOG_LEVEL: 'warn',
    QBO_ENVIRONMENT: 'simulator',
    QBO_API_BASE_URL: o.simulatorUrl,
    QBO_AUTHORIZE_URL: o.simulatorUrl + OAUTH_PATHS.authorize,
    QBO_TOKEN_URL: o.simulatorUrl + OAUTH_PATHS.token,
    QBO_REVOKE_URL: o.simulatorUrl + OAUTH_PATHS.revoke,
    // The product's clock runs at the simulator's pace, so QuickBooks' minute binds both alike.
    SIMULATOR_TIME_SCALE: String(o.timeScale),
    ...(o.batchReading && { QBO_BATCH_READING: o.batchReading }),
    ...(o.server && serverEnv(o.server)),
  });
  // Warnings and errors only, to stderr: the benchmark's own output is the table.
  const logger = makeLogger({ level: 'warn', destination: process.stderr as never });
  return startTillbooks(config, { logger, inMemory: o.inMemory ?? false });
}

/** Connects a new simulated company through the consent page, for `locationId` when given. */
export async function connectCompany(t: Tillbooks, companyName: string, locationId?: string): Promise<{ connectionId: number; realmId: string }> {
  const { url, binding } = await t.sync.startConnect(TENANT, locationId ? { locationId } : {});
  const params = await approveConsent(url, { newCompany: companyName });
  const { connection } = await t.sync.completeConnect(params, { tenantId: TENANT, binding });
  return { connectionId: connection.id, realmId: connection.realmId };
}

/**
 * A network round trip added to every API request of the company (the simulator's latency
 * fault, in real milliseconds: QuickBooks-time divided by the time scale), plus `perItemRealMs`
 * per batch item (a plain request is one item). 0: none.
 */
export async function addLatency(simulatorUrl: string, realmId: string, realMs: number, perItemRealMs = 0): Promise<void> {
  if (!(realMs > 0) && !(perItemRealMs > 0)) return;
  const res = await fetch(`${simulatorUrl}/__sim/companies/${realmId}/faults`, {
    method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: realMs, latencyPerItemMs: perItemRealMs }),
  });
  if (!res.ok) throw new Error(`setting the simulator's latency: ${res.status} ${await res.text()}`);
}
