/**
 * Intuit's metered reads as tillbooks counts them (issue 17), on both store backends: the
 * counters in the store match what the simulator metered; reads per 1,000 tickets stay within
 * the acceptance figures (clean run ≤ 1, rerun 0, edits ≤ 40 per 1,000 edited); a quota block
 * pauses the run (tickets pending, a clear reason, a banner) and the next run after it is
 * lifted posts everything, nothing lost or doubled; the counters survive a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { makeSyncService } from '../../src/sync/service/service.js';
import { flushUsage } from '../../src/sync/usage.js';
import type { Backend } from '../support/stores.js';
import { TEST_DATABASE_URL } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const TICKETS = 1000;
const EDITED = 500;

type Reopenable = Backend & { cleanup(): Promise<void> };

/** The backends, each able to open again on the same data (a restart). */
function reopenable(): Reopenable[] {
  return TEST_DATABASE_URL ? [embedded(), server(TEST_DATABASE_URL)] : [embedded()];
}

function server(url: string): Reopenable {
  const schema = `tb_test_meter_${Date.now().toString(36)}`;
  return {
    name: 'postgres', open: () => openStore({ databaseUrl: url, schema, poolSize: 4 }),
    async cleanup() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => client.end());
    },
  };
}

function embedded(): Reopenable {
  let dir = '';
  return {
    name: 'pglite',
    async open() {
      dir ||= await mkdtemp(path.join(tmpdir(), 'tb-meter-'));
      return openStore({ dataDir: dir });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

const sale = (i: number, version = 1, cents = 1000 + i) => simpleTicket({ id: `M-${i}`, version, cents, closedAt: '2026-11-23T12:00:00-07:00' });

describe.each(reopenable())('metered reads on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  let database: Database;

  const ourReads = async (db: Database = database) => {
    const usage = await makeSyncService({ ...world.deps, database: db }).usage(TENANT);
    return usage.companies.find((c) => c.connectionId === connectionId)!;
  };
  const simReads = () => world.sim.counters(realmId).meteredReads;
  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return (await world.runQueued())[0]!;
  };
  const liveInvoices = () => world.sim.documents(realmId, 'Invoice').filter((d) => !String(d.PrivateNote ?? '').startsWith('Voided')).length;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    world = await startSyncWorld({ backend });
    database = world.database;
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1'));
    await world.sync.initialize(TENANT, connectionId);
  });
  afterAll(async () => {
    console.log(`reads per 1,000 tickets (${backend.name}):`, figures);
    await world.sim.close();
    await database.close();
    await backend.cleanup();
  });

  it('counts what the simulator metered; a clean run reads at most 1 per 1,000 tickets, a rerun none', async () => {
    expect((await ourReads()).reads).toBe(simReads());
    const before = simReads();
    await world.take(Array.from({ length: TICKETS }, (_, i) => sale(i)));
    expect(await sync()).toMatchObject({ status: 'finished', posted: TICKETS, pending: 0, skipped: 0 });
    const clean = simReads() - before;
    expect((await ourReads()).reads).toBe(simReads());
    figures.clean = (clean * 1000) / TICKETS;
    expect(figures.clean).toBeLessThanOrEqual(1);

    const again = simReads();
    expect(await sync()).toMatchObject({ status: 'finished', total: 0 });
    figures.rerun = simReads() - again;
    expect(figures.rerun).toBe(0);
    expect((await ourReads()).reads).toBe(simReads());
  });

  it('edits read at most 40 per 1,000 edited tickets', async () => {
    const before = simReads();
    await world.take(Array.from({ length: EDITED }, (_, i) => sale(i, 2, 2000 + i)));
    expect(await sync()).toMatchObject({ status: 'finished', posted: EDITED, pending: 0, skipped: 0 });
    figures.edits = ((simReads() - before) * 1000) / EDITED;
    expect(figures.edits).toBeLessThanOrEqual(40);
    expect((await ourReads()).reads).toBe(simReads());
  });

  it('a quota block pauses the run with a clear reason, and the run after it is lifted posts everything, once', async () => {
    world.sim.setQuota(realmId, { monthlyReads: simReads() });
    // Edits need reads (their SyncTokens); the run meets the block. New sales need none: they go out.
    await world.take(Array.from({ length: 50 }, (_, i) => sale(i, 3, 3000 + i)));
    await world.take(Array.from({ length: 10 }, (_, i) => sale(TICKETS + i)));
    const paused = await sync();
    expect(paused).toMatchObject({ status: 'failed', pending: 50, posted: 10 });
    expect(paused.error).toMatch(/^QuickBooks refuses reads: the monthly quota of metered reads is used up/);
    const run = (await world.sync.recentRuns(TENANT, { limit: 1 }))[0]!;
    expect(run.quotaBlocked).toBe(true);
    expect((await ourReads()).quotaBlockedAt).not.toBeNull();
    const states = await world.sync.ticketStates(TENANT, [{ locationId: 'denver-1', ticketId: 'M-0' }]);
    expect(states[0]).toMatchObject({ state: 'pending', error: { kind: 'quota', code: 'QBO_QUOTA_EXCEEDED' } });
    expect(world.sim.counters(realmId).quotaBlocked).toBeGreaterThan(0);

    // Still blocked: the next run pauses again, nothing changes.
    expect(await sync()).toMatchObject({ status: 'failed', pending: 50 });

    world.sim.setQuota(realmId, { monthlyReads: null });
    expect(await sync()).toMatchObject({ status: 'finished', posted: 50, pending: 0, skipped: 0 });
    expect((await ourReads()).quotaBlockedAt).toBeNull();
    // Nothing lost, nothing doubled: one live invoice per ticket.
    expect(liveInvoices()).toBe(TICKETS + 10);
    expect((await ourReads()).reads).toBe(simReads());
  });

  it('counts survive a restart: what was counted since the last flush is written at shutdown, and new deps read it', async () => {
    const client = await world.client(connectionId);
    await client.query('SELECT * FROM Account');
    const expected = simReads();
    // Shutdown (runtime.close flushes, then closes the database) and a new process on the same data.
    await flushUsage(database, world.deps.logger);
    await database.close();
    database = await backend.open();
    const usage = await ourReads(database);
    expect(usage.reads).toBe(expected);
  });
});
