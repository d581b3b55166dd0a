/**
 * A whole sync world for tests: the simulator as a real HTTP server, a store (PGlite, or the
 * PostgreSQL server), the sync wired exactly as the composition root wires it (only the
 * QuickBooks URLs point at the simulator), and helpers to connect through the consent page,
 * take tickets in and run what is queued.
 */
import { randomBytes } from 'node:crypto';
import { approveConsent } from '../../src/cli/consent-client.js';
import type { Clock } from '../../src/lib/clock.js';
import { makeScaledClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { makeLimiterRegistry, makeQboProvider } from '../../src/qbo/index.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator, SimulatorOptions } from '../../src/sandbox/index.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import type { IntakeResult } from '../../src/intake/take-tickets.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { claimRun } from '../../src/store/runs.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { makeTokenCipher } from '../../src/store/token-crypto.js';
import { clientFor } from '../../src/sync/deps.js';
import type { SyncDeps } from '../../src/sync/deps.js';
import { executeRun } from '../../src/sync/engine/run.js';
import type { RunSummary } from '../../src/sync/engine/run.js';
import { makeSyncService } from '../../src/sync/service/service.js';
import type { SyncService } from '../../src/sync/service/types.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import type { Backend } from './stores.js';
import { closeTestDatabase } from './stores.js';

export const TENANT = 'tenant-1';

export interface SyncWorld {
  sim: Simulator;
  database: Database;
  deps: SyncDeps;
  sync: SyncService;
  clock: Clock;
  addLocation(id: string, timeZone: string, extra?: { syncTime?: string; syncTimeZone?: string; startDate?: string | null; enabled?: boolean }): Promise<void>;
  /** Connects a location through the simulator's consent page; returns the connection id and realm. */
  connect(locationId: string, company?: { realmId?: string; newCompany?: string }): Promise<{ connectionId: number; realmId: string }>;
  take(tickets: readonly unknown[]): Promise<IntakeResult[]>;
  /** Executes every queued run, in order, in this process. */
  runQueued(): Promise<RunSummary[]>;
  client(connectionId: number): Promise<ReturnType<typeof clientFor>>;
  close(): Promise<void>;
}

export interface SyncWorldOptions {
  backend: Backend;
  /** Default 600: retries and backoff pass quickly, QuickBooks minutes last 0.1 s. */
  timeScale?: number;
  limits?: SimulatorOptions['limits'];
  retryPolicy?: SyncDeps['retryPolicy'];
  pageSize?: number;
  pipelineDepth?: number;
  /** Per QuickBooks request, clock time (default 30 QuickBooks-minutes: about 3 s at 600×). */
  timeoutMs?: number;
}

export async function startSyncWorld(opts: SyncWorldOptions): Promise<SyncWorld> {
  const clock = makeScaledClock(opts.timeScale ?? 600);
  const sim = await startSimulator({ clock, limits: opts.limits ?? { enabled: true } });
  const database = await opts.backend.open();
  await ensureTenant(database.db, { id: TENANT, name: 'Test store' });
  const deps: SyncDeps = {
    database, cipher: makeTokenCipher(randomBytes(32)), clock, logger: silentLogger,
    provider: makeQboProvider('simulator', { apiBase: sim.urls.api, authorize: sim.urls.authorize, token: sim.urls.token, revoke: sim.urls.revoke }),
    app: { clientId: 'tillbooks-simulator', clientSecret: 'tillbooks-simulator-secret', redirectUri: 'http://localhost:9/quickbooks/callback' },
    limiters: makeLimiterRegistry(),
    retryPolicy: opts.retryPolicy ?? { maxAttempts: 6 },
    pageSize: opts.pageSize,
    ...(opts.pipelineDepth !== undefined && { pipelineDepth: opts.pipelineDepth }),
    // QuickBooks' 60 s at 600× is 0.1 s of real time: a busy test machine would time out where
    // QuickBooks would not. Timeouts are what the fault tests inject, not what this world tests.
    timeoutMs: opts.timeoutMs ?? 30 * 60_000,
  };
  const sync = makeSyncService(deps);
  return {
    sim, database, deps, sync, clock,
    async addLocation(id, timeZone, extra = {}) {
      await upsertLocation(database.db, TENANT, {
        id, name: id, timeZone, enabled: extra.enabled ?? true, syncTime: extra.syncTime ?? '00:00',
        syncTimeZone: extra.syncTimeZone ?? 'America/Denver', syncStartDate: extra.startDate ?? null,
      });
    },
    async connect(locationId, company = { newCompany: 'Test Café' }) {
      const { url, binding } = await sync.startConnect(TENANT, { locationId });
      const params = await approveConsent(url, company);
      const { connection } = await sync.completeConnect(params, { tenantId: TENANT, binding });
      return { connectionId: connection.id, realmId: connection.realmId };
    },
    take: (tickets) => takeTickets(database.db, TENANT, tickets.map((t, i) => ({ raw: JSON.stringify(t), ref: i }))),
    async runQueued() {
      const out: RunSummary[] = [];
      for (let run = await claimRun(database.db, 'test'); run; run = await claimRun(database.db, 'test')) out.push(await executeRun(deps, run));
      return out;
    },
    async client(connectionId) {
      const c = await getConnection(database.db, TENANT, connectionId);
      return clientFor(deps, c!);
    },
    async close() {
      await sim.close();
      await closeTestDatabase(database);
    },
  };
}
