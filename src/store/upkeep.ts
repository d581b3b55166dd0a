/**
 * Upkeep of the embedded store: the VACUUM and ANALYZE that autovacuum runs for a PostgreSQL
 * server, which PGlite (one backend in this process, no background workers) never runs by
 * itself. Without it:
 * - every run leaves about four dead row versions of each ticket it posts (claimed, facts saved
 *   after its batches, settled) and the journal one of each write; nothing ever makes that
 *   space reusable, so the data folder grows by several times the tickets themselves
 *   (measured: 17 MB of tickets → 74 MB after one 10,000-ticket run), and every later run
 *   reads through it;
 * - the planner has no column statistics. Once a table's row count is on record without them
 *   (an index built on a filled table, a VACUUM without ANALYZE) the per-batch facts save was
 *   planned as a scan of the tenant's tickets: 7.4 ms of CPU per ticket instead of 1.5
 *   (measured on 10,000 tickets). ANALYZE is therefore never left out.
 * Tables are picked by autovacuum's own default rule (dead rows past 50 + 20 % of the table,
 * rows changed since the last ANALYZE past 50 + 10 %), and any filled table without statistics.
 * PGlite's activity counters live as long as the process, so a table changed before a restart
 * waits until it changes again; statistics missing are found either way.
 */
import { sql } from 'kysely';
import type { Database } from './db.js';

export interface UpkeepResult {
  /** Tables vacuumed and analyzed, in the order done. */
  tables: string[];
}

/** Vacuums and analyzes the tables of the embedded store that need it; a server store is left to its autovacuum. */
export async function upkeepStore(database: Database): Promise<UpkeepResult> {
  if (database.kind !== 'pglite') return { tables: [] };
  // Activity counters reach the views at most once a second, at a statement's end: flush them first.
  await sql`SELECT pg_stat_force_next_flush()`.execute(database.db);
  // The statistics views (pg_stat_user_tables, pg_stats) cost 11 ms warm and up to 85 cold in
  // WebAssembly, twice a run: their functions and pg_statistic straight from pg_class cost 3 and 32.
  const due = await sql<{ relname: string }>`
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'm') AND (
      pg_stat_get_dead_tuples(c.oid) > 50 + 0.2 * greatest(c.reltuples, 0)
      OR pg_stat_get_mod_since_analyze(c.oid) > 50 + 0.1 * greatest(c.reltuples, 0)
      -- Rows without statistics: a count on record (reltuples > 0), or never counted (-1) and not empty.
      OR ((c.reltuples > 0 OR (c.reltuples < 0 AND pg_relation_size(c.oid) > 0))
        AND NOT EXISTS (SELECT 1 FROM pg_statistic p WHERE p.starelid = c.oid)))
    ORDER BY pg_stat_get_dead_tuples(c.oid) DESC, c.relname`.execute(database.db);
  const tables = due.rows.map((r) => r.relname);
  // One statement at a time through the pool: VACUUM refuses to run inside a transaction, and
  // the pool hands PGlite's one connection to one borrower at a time.
  for (const table of tables) await sql`VACUUM (ANALYZE) ${sql.table(table)}`.execute(database.db);
  return { tables };
}
