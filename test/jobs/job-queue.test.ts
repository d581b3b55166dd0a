/**
 * Server mode's job queue on the real PostgreSQL server: every queued run has exactly one job
 * in its company's queue (by trigger, or on install for runs queued before the queue
 * existed), and three workers ticking the schedule together queue each due run once.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installJobQueue, jobsSchemaFor } from '../../src/jobs/index.js';
import { startJobRunner } from '../../src/jobs/graphile-runner.js';
import { jobQueueOf } from '../../src/jobs/job-queue.js';
import { makeManualClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation, updateLocation } from '../../src/store/locations.js';
import { enqueueRun } from '../../src/store/runs.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { makeTokenCipher } from '../../src/store/token-crypto.js';
import type { SyncDeps } from '../../src/sync/deps.js';
import { tickSchedule } from '../../src/sync/schedule/scheduler.js';
import { closeTestDatabase, openServerTestDatabase, schemaOf, TEST_DATABASE_URL } from '../support/stores.js';

describe.skipIf(!TEST_DATABASE_URL)('the job queue (needs TEST_DATABASE_URL)', () => {
  let database: Database;
  let connectionId: number;

  beforeEach(async () => {
    database = (await openServerTestDatabase())!;
    await ensureTenant(database.db, { id: 't', name: 't' });
    ({ id: connectionId } = await database.db.insertInto('qbo_connections').values({ tenant_id: 't', environment: 'simulator', realm_id: 'r1' }).returning('id').executeTakeFirstOrThrow());
  });
  afterEach(async () => {
    if (database) await closeTestDatabase(database);
  });

  const jobs = async () => (await sql<{ key: string; queue_name: string; task_identifier: string }>`
    SELECT key, queue_name, task_identifier FROM ${sql.id(jobsSchemaFor(schemaOf(database)!))}.jobs ORDER BY id`.execute(database.db)).rows;

  it('gives each queued run one job in its company queue, also runs queued before the queue was installed', async () => {
    const early = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'manual' });
    await installJobQueue(database, silentLogger);
    await installJobQueue(database, silentLogger); // every process installs it at start: idempotent
    const later = await enqueueRun(database.db, { tenantId: 't', connectionId, locationId: null, trigger: 'resync' });
    expect(await jobs()).toEqual([
      { key: `sync-run:${early}`, queue_name: 'qbo:simulator:r1', task_identifier: 'sync-run' },
      { key: `sync-run:${later}`, queue_name: 'qbo:simulator:r1', task_identifier: 'sync-run' },
    ]);
    // A run's job is created in the run's own transaction: rolled back together.
    await database.db.transaction().execute(async (trx) => {
      await enqueueRun(trx, { tenantId: 't', connectionId, locationId: null, trigger: 'manual' });
      await sql`SELECT 1/0`.execute(trx);
    }).catch(() => undefined);
    expect(await jobs()).toHaveLength(2);
  });

  it('three workers ticking the schedule at once queue each due run once', { timeout: 60_000 }, async () => {
    await installJobQueue(database, silentLogger);
    const loc = { enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null };
    await upsertLocation(database.db, 't', { id: 'denver-1', name: 'Denver', timeZone: 'America/Denver', ...loc });
    await upsertLocation(database.db, 't', { id: 'nyc-1', name: 'NYC', timeZone: 'America/New_York', ...loc, syncTimeZone: 'America/New_York' });
    for (const id of ['denver-1', 'nyc-1']) await updateLocation(database.db, 't', id, { connectionId });
    const clock = makeManualClock(Date.parse('2026-11-20T12:00:00Z'));
    // No QuickBooks here (provider null): the runs end failed at once, which is all this needs.
    const deps: SyncDeps = { database, cipher: makeTokenCipher(Buffer.alloc(32)), provider: null, clock, logger: silentLogger,
      app: { clientId: 'x', clientSecret: 'y', redirectUri: 'http://localhost/cb' } };
    await tickSchedule(deps); // learns the next runs: the 21st, 00:00 where each store is
    await clock.advance(Date.parse('2026-11-21T12:00:00Z') - clock.now());
    const queue = jobQueueOf(database)!;
    const runners = await Promise.all([1, 2, 3].map(() => startJobRunner(deps, queue, { pollMs: 100, leaseMs: 5000 })));
    try {
      for (let i = 0; i < 50 && (await database.db.selectFrom('sync_runs').select('id').execute()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 500)); // more ticks from all three
      await runners[0]!.drain();
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    const runs = await database.db.selectFrom('sync_runs').select(['location_id', 'trigger', 'cutoff_date', 'status', 'error']).orderBy('location_id').execute();
    expect(runs.map((r) => `${r.location_id} ${r.trigger} <${r.cutoff_date}`)).toEqual(['denver-1 schedule <2026-11-21', 'nyc-1 schedule <2026-11-21']);
    // Each ran once, through the queue, and ended (failed: no QuickBooks here), not stuck running.
    expect(runs.every((r) => r.status === 'failed' && /not reachable/.test(r.error ?? ''))).toBe(true);
    expect(await jobs()).toEqual([]);
    const beats = await database.db.selectFrom('sync_runs').select('id').where('status', '=', 'running').execute();
    expect(beats).toEqual([]);
  });
});
