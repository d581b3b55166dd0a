/**
 * A store kept only through the CLI still gets its VACUUM and ANALYZE (jobs/upkeep.ts): PGlite
 * runs no autovacuum and forgets its activity counters with the process, so `import`, `demo-data`
 * and `sync` each look before they exit. Read back through the planner's statistics, which a later
 * process sees: after `import` the tickets are on record as pending, after `sync` as posted.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { openDatabase } from '../../src/store/db.js';
import { startTillbooksProcess } from '../support/child-process.js';

let dataDir: string;
let env: Record<string, string>;

async function tillbooks(...args: string[]): Promise<void> {
  const r = await startTillbooksProcess(args, env, '\u0000').exited;
  expect(r.code, `${args.join(' ')}\n${r.output}`).toBe(0);
}

/** What the store's statistics say of the tickets, read by a process of its own (the CLI's has exited). */
async function ticketStats(): Promise<{ rows: number; counted: number; states: string }> {
  const database = await openDatabase({ dataDir });
  try {
    const r = await sql<{ rows: number; counted: number; states: string | null }>`
      SELECT c.reltuples::int AS rows, (SELECT count(*)::int FROM tickets) AS counted, (SELECT s.most_common_vals::text FROM pg_stats s WHERE s.tablename = 'tickets' AND s.attname = 'sync_state') AS states
      FROM pg_class c WHERE c.relname = 'tickets' AND c.relkind = 'r'`.execute(database.db);
    return { rows: r.rows[0]!.rows, counted: r.rows[0]!.counted, states: r.rows[0]!.states ?? '' };
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-upkeep-'));
  env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', SIMULATOR_PORT: '0' };
  const day = DateTime.now().setZone('America/New_York').minus({ days: 2 }).toISODate()!;
  const tickets = generateDemoTickets({ seed: 3, dates: [day], ticketsPerDay: 100, locations: [{ id: 'ny-1', timeZone: 'America/New_York' }] });
  await writeFile(path.join(dataDir, 'tickets.ndjson'), [...tickets].map((t) => `${JSON.stringify(t)}\n`).join(''));
  await tillbooks('location', 'add', 'ny-1', '--name', 'New York', '--time-zone', 'America/New_York');
}, 120_000);
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('the embedded store through the CLI alone', () => {
  it('is analyzed after an import and again after a sync', { timeout: 300_000 }, async () => {
    await tillbooks('import', path.join(dataDir, 'tickets.ndjson'), '--no-progress');
    const imported = await ticketStats();
    // The row count on record is the real one (never counted: -1).
    expect(imported.counted).toBeGreaterThan(60);
    expect(imported.rows).toBe(imported.counted);
    expect(imported.states).toMatch(/pending/);
    expect(imported.states).not.toMatch(/posted/);

    await tillbooks('connect', '--location', 'ny-1', '--company', 'Upkeep Co');
    await tillbooks('sync', '--location', 'ny-1', '--now', '--no-progress');
    const synced = await ticketStats();
    expect(synced.rows).toBe(imported.rows);
    expect(synced.states).toMatch(/posted/);
    expect(synced.states).not.toMatch(/pending/);
  });

  it('is analyzed after demo tickets are stored', { timeout: 120_000 }, async () => {
    await tillbooks('location', 'add', 'demo-2', '--name', 'Demo', '--time-zone', 'America/Denver');
    const before = await ticketStats();
    await tillbooks('demo-data', '--location', 'demo-2', '--days', '2', '--tickets-per-day', '60', '--seed', '5');
    const stored = await ticketStats();
    expect(stored.counted).toBeGreaterThan(before.counted + 100);
    expect(stored.rows).toBe(stored.counted);
    expect(stored.states).toMatch(/pending/);
  });
});
