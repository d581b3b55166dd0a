/**
 * The embedded store's upkeep (upkeep.ts): tables a run churned are vacuumed and analyzed,
 * their dead row versions made reusable and their statistics on record; a table with nothing
 * to do is left alone; a PostgreSQL server store is left to its own autovacuum.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import { simpleTicket } from '../../test/support/tickets.js';
import { takeTickets } from '../intake/take-tickets.js';
import type { Database } from './index.js';
import { upsertLocation } from './locations.js';
import { claimTickets, finishTickets } from './sync-tickets.js';
import { ensureTenant } from './tenants.js';
import { upkeepStore } from './upkeep.js';

const T = 'tenant';
const L = 'denver-1';
const TICKETS = 300;

describe.each(backends())('store upkeep on $name', (backend) => {
  let database: Database;

  beforeAll(async () => {
    database = await backend.open();
    await ensureTenant(database.db, { id: T, name: T });
    await upsertLocation(database.db, T, { id: L, name: L, timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
    const ids = Array.from({ length: TICKETS }, (_, i) => `t${i}`);
    await takeTickets(database.db, T, ids.map((id, ref) => ({ raw: JSON.stringify(simpleTicket({ id, locationId: L })), ref })));
    // A run's churn: every ticket claimed and settled (two new row versions each).
    const scope = { tenantId: T, locations: [{ id: L, startDate: null }] };
    const claimed = await claimTickets(database.db, scope, 7, TICKETS, { requireRunningRun: false });
    expect(claimed).toHaveLength(TICKETS);
    await finishTickets(database.db, T, 7, claimed.map((c) => ({ locationId: L, ticketId: c.ticketId, version: c.version, outcome: 'posted' as const, postedVersion: c.version, error: null, epoch: 0 })));
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  const ticketStats = async () => {
    await sql`SELECT pg_stat_force_next_flush()`.execute(database.db);
    return (await sql<{ dead: number; analyzed: boolean; stats: number }>`
    SELECT s.n_dead_tup::int AS dead, s.last_analyze IS NOT NULL AS analyzed,
      (SELECT count(*)::int FROM pg_stats p WHERE p.schemaname = s.schemaname AND p.tablename = 'tickets') AS stats
    FROM pg_stat_user_tables s WHERE s.schemaname = current_schema() AND s.relname = 'tickets'`.execute(database.db)).rows[0]!;
  };

  it(backend.name === 'pglite' ? 'vacuums and analyzes the tickets a run churned, then has nothing left to do' : 'leaves a server store to its autovacuum', async () => {
    const before = await ticketStats();
    const first = await upkeepStore(database);
    if (backend.name === 'postgres') {
      expect(first.tables).toEqual([]);
      return;
    }
    expect(before.dead).toBeGreaterThanOrEqual(TICKETS);
    expect(before.stats).toBe(0);
    expect(first.tables).toContain('tickets');
    const after = await ticketStats();
    expect(after).toMatchObject({ dead: 0, analyzed: true });
    expect(after.stats).toBeGreaterThan(0);
    // Nothing changed since: nothing to do.
    expect((await upkeepStore(database)).tables).not.toContain('tickets');
  });
});
