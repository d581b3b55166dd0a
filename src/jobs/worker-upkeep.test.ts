/**
 * The embedded worker gives the store its upkeep while no run waits (store/upkeep.ts): the
 * tickets a run churned are vacuumed and analyzed without anyone asking.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleTicket } from '../../test/support/tickets.js';
import { takeTickets } from '../intake/take-tickets.js';
import { openStore } from '../store/index.js';
import type { Database } from '../store/index.js';
import { upsertLocation } from '../store/locations.js';
import { claimTickets, finishTickets } from '../store/sync-tickets.js';
import { ensureTenant } from '../store/tenants.js';
import type { SyncDeps } from '../sync/index.js';
import { startWorker } from './worker.js';

const T = 'tenant';
const L = 'denver-1';

describe('the embedded worker when idle', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openStore({});
    await ensureTenant(database.db, { id: T, name: T });
    await upsertLocation(database.db, T, { id: L, name: L, timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
    await takeTickets(database.db, T, Array.from({ length: 100 }, (_, ref) => ({ raw: JSON.stringify(simpleTicket({ id: `t${ref}`, locationId: L })), ref })));
    const claimed = await claimTickets(database.db, { tenantId: T, locations: [{ id: L, startDate: null }] }, 3, 100, { requireRunningRun: false });
    await finishTickets(database.db, T, 3, claimed.map((c) => ({ locationId: L, ticketId: c.ticketId, version: c.version, outcome: 'posted' as const, postedVersion: c.version, error: null, epoch: 0 })));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('vacuums and analyzes the churned tickets table, saying so in its log', async () => {
    const said: string[] = [];
    const logger = { info: (_o: unknown, msg: string) => said.push(msg), warn: () => undefined, error: () => undefined, debug: () => undefined };
    const deps = { database, logger } as unknown as SyncDeps;
    const worker = startWorker(deps, { schedule: false, pollMs: 20, upkeepEveryMs: 0 });
    try {
      await expect.poll(() => said.find((m) => m.startsWith('store upkeep')), { timeout: 10_000 }).toMatch(/vacuumed and analyzed .*tickets/);
    } finally {
      await worker.stop();
    }
    const stats = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'tickets'`.execute(database.db);
    expect(stats.rows[0]!.n).toBeGreaterThan(0);
  });
});
