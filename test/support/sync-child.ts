/**
 * A sync worker in a process of its own, for the kill test and the fault matrix: it resumes
 * what a killed predecessor left (every running run is taken as dead: the parent kills one
 * child before starting the next), then runs until nothing is queued. Configured by env.
 */
import { openStore } from '../../src/store/index.js';
import { makeTokenCipher } from '../../src/store/token-crypto.js';
import { markOrphanedRequestsOver } from '../../src/store/qbo-writes.js';
import { claimRun, resumeAbandonedRuns } from '../../src/store/runs.js';
import { makeQboProvider, makeLimiterRegistry } from '../../src/qbo/index.js';
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { executeRun } from '../../src/sync/engine/run.js';
import type { SyncDeps } from '../../src/sync/deps.js';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`sync-child: ${name} is not set`);
  return v;
};

const database = await openStore({ databaseUrl: env('CHILD_DATABASE_URL'), schema: env('CHILD_SCHEMA'), poolSize: 3 });
const deps: SyncDeps = {
  database, cipher: makeTokenCipher(Buffer.from(env('CHILD_KEY'), 'hex')), clock: systemClock, logger: silentLogger,
  // The simulator runs these tests with its throttles off, so the client's limiter is opened
  // as wide: the tests are about crashes, and QuickBooks' per-minute budget would only slow them.
  provider: makeQboProvider('simulator', { apiBase: env('CHILD_SIM_API'), authorize: env('CHILD_SIM_AUTHORIZE'), token: env('CHILD_SIM_TOKEN'), revoke: env('CHILD_SIM_REVOKE'),
    limits: { perMinute: 1_000_000, batchPerMinute: 1_000_000 } }),
  app: { clientId: 'tillbooks-simulator', clientSecret: 'tillbooks-simulator-secret', redirectUri: 'http://localhost:9/cb' },
  limiters: makeLimiterRegistry(),
  retryPolicy: { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 200, rateLimitWaitMs: 500 },
  timeoutMs: 5000,
  pageSize: Number(process.env.CHILD_PAGE_SIZE ?? 300),
};
await resumeAbandonedRuns(database.db, new Date(Date.now() + 60_000));
// As `tillbooks sync` does on a store of its own (jobs/foreground.ts): what the killed child sent has arrived or never will.
await markOrphanedRequestsOver(database.db);
process.stdout.write('ready\n');
for (let run = await claimRun(database.db, `child-${process.pid}`); run; run = await claimRun(database.db, `child-${process.pid}`)) {
  const summary = await executeRun(deps, run);
  process.stdout.write(`${JSON.stringify({ runId: run.id, ...summary })}\n`);
}
await database.close();
process.stdout.write('done\n');
