/**
 * The store backends every store test runs against: embedded PGlite always, and the real
 * PostgreSQL server when TEST_DATABASE_URL is set (.ci/run sets it). Each test file gets a
 * schema of its own on the server, dropped afterwards, because CI meets the server as the
 * last session left it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { saveCutOver } from '../../src/store/posting-modes.js';
import { ensureTenant } from '../../src/store/tenants.js';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

export function backends(): Backend[] {
  const list: Backend[] = [{ name: 'pglite', open: () => openStore({}) }];
  if (TEST_DATABASE_URL) list.push({ name: 'postgres', open: () => openTestSchema(TEST_DATABASE_URL) });
  return list;
}

const schemas = new WeakMap<Database, string>();

async function openTestSchema(url: string): Promise<Database> {
  const schema = `tb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const database = await openStore({ databaseUrl: url, schema, poolSize: 4 });
  schemas.set(database, schema);
  return database;
}

/** The schema a test database on the server works in (for child processes). */
export function schemaOf(database: Database): string | undefined {
  return schemas.get(database);
}

/** A database on the PostgreSQL server, in a schema of its own (null without TEST_DATABASE_URL). */
export async function openServerTestDatabase(): Promise<Database | null> {
  return TEST_DATABASE_URL ? openTestSchema(TEST_DATABASE_URL) : null;
}

/** Closes a test database; on the server, drops its schema too. */
export async function closeTestDatabase(database: Database): Promise<void> {
  await database.close();
  const schema = schemas.get(database);
  if (schema && TEST_DATABASE_URL) {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      // The job queue (server mode) lives in a schema beside ours.
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
    } finally {
      await client.end();
    }
  }
}

/**
 * A store holding one tenant and one Denver location in summary mode from 2026-01-01: the set-up
 * of the store tests of summary days (their outcome table, their history).
 */
export async function openSummaryStore(backend: Backend, tenantId: string, locationId: string): Promise<Database> {
  const database = await backend.open();
  await ensureTenant(database.db, { id: tenantId, name: tenantId });
  await upsertLocation(database.db, tenantId, {
    id: locationId, name: locationId, timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null,
  });
  await saveCutOver(database.db, tenantId, locationId, { mode: 'summary', from: '2026-01-01', savedBy: null });
  return database;
}
