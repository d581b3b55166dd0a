/**
 * Numbered SQL migrations (migrations/NNNN_name.sql), applied in order at start, each in its
 * own transaction, under an advisory lock so two processes starting together do not race.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './db.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every process of tillbooks.
const LOCK_KEY = 7_301_994_001;

export interface MigrationResult {
  applied: string[];
  current: number;
}

export async function migrate(database: Database): Promise<MigrationResult> {
  const files = (await readdir(DIR)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
        id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`.execute(conn);
      const done = new Set((await sql<{ id: number }>`SELECT id FROM schema_migrations`.execute(conn)).rows.map((r) => r.id));
      for (const file of files) {
        const id = Number(file.slice(0, 4));
        if (done.has(id)) continue;
        const text = await readFile(path.join(DIR, file), 'utf8');
        await sql.raw('BEGIN').execute(conn);
        try {
          await sql.raw(text).execute(conn);
          await sql`INSERT INTO schema_migrations (id, name) VALUES (${id}, ${file})`.execute(conn);
          await sql.raw('COMMIT').execute(conn);
        } catch (err) {
          await sql.raw('ROLLBACK').execute(conn);
          throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(file);
      }
    } finally {
      await sql`SELECT pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
  const current = files.length ? Number(files[files.length - 1]!.slice(0, 4)) : 0;
  return { applied, current };
}
