/**
 * Prepared statements over PGlite (pglite-prepared.ts) answer as PGlite's own query() did: the
 * same rows and types, the same errors, a statement still usable after an error, a transaction
 * rolled back as before, a table changed under a prepared statement read as it now is, and texts
 * beyond the cache still run. Through the embedded store's Kysely, as every query of the product.
 */
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeTestDatabase } from '../../test/support/stores.js';
import { openDatabase } from './db.js';
import type { Database } from './index.js';
import { preparedStatements } from './pglite-prepared.js';

describe('prepared statements on the embedded store', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({});
    await database.exec('CREATE TABLE things (id bigint PRIMARY KEY, name text NOT NULL, day date, tags text[])');
  });
  afterAll(() => closeTestDatabase(database));

  const insert = (id: number, name: string) => sql`INSERT INTO things (id, name, day, tags) VALUES (${id}, ${name}, ${'2026-12-07'}, ${['a', 'b']}::text[])`.execute(database.db);
  const byId = async (id: number) => (await sql<Record<string, unknown>>`SELECT * FROM things WHERE id = ${id}`.execute(database.db)).rows;

  it('answers the same statement again and again, with the store\'s own types', async () => {
    for (let i = 1; i <= 12; i++) await insert(i, `thing ${i}`);
    for (let i = 1; i <= 12; i++) expect(await byId(i)).toEqual([{ id: i, name: `thing ${i}`, day: '2026-12-07', tags: ['a', 'b'] }]);
    const counted = await sql`UPDATE things SET name = name || '!' WHERE id <= ${3}`.execute(database.db);
    expect(counted.numAffectedRows).toBe(3n);
  });

  it('throws the server\'s error, and the statement works afterwards', async () => {
    const err = await insert(1, 'again').catch((e: unknown) => e) as { code?: string; query?: string; message: string };
    expect(err.code).toBe('23505');
    expect(err.message).toMatch(/duplicate key/);
    expect(err.query).toMatch(/INSERT INTO things/);
    await insert(100, 'after the error');
    expect(await byId(100)).toHaveLength(1);
    const bad = await sql`SELEC ${1}`.execute(database.db).catch((e: unknown) => e) as { code?: string };
    expect(bad.code).toBe('42601');
  });

  it('rolls a transaction back with its prepared writes', async () => {
    await expect(database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO things (id, name) VALUES (${200}, ${'inside'})`.execute(trx);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await byId(200)).toEqual([]);
  });

  it('reads a table changed under a prepared statement as it now is', async () => {
    expect(Object.keys((await byId(2))[0]!)).not.toContain('note');
    await database.exec('ALTER TABLE things ADD COLUMN note text');
    expect((await byId(2))[0]).toMatchObject({ id: 2, note: null });
    // Changed through Kysely's own path (the pool's simple protocol) as the migrations do.
    await sql.raw('ALTER TABLE things ADD COLUMN size int').execute(database.db);
    expect((await byId(2))[0]).toMatchObject({ id: 2, size: null });
  });

  it('runs texts beyond the cache unprepared', async () => {
    for (let i = 0; i < 230; i++) {
      const rows = (await sql<{ n: number }>`SELECT ${i}::int AS n, ${sql.raw(`'${i}'`)} AS tag`.execute(database.db)).rows;
      expect(rows[0]!.n).toBe(i);
    }
  });
});

describe('preparedStatements', () => {
  it('prepares a text once and leaves a full cache to PGlite\'s own query()', async () => {
    const pg = new PGlite();
    try {
      const prepared = preparedStatements(pg, {});
      const first = await prepared.run<{ n: number }>('SELECT $1::int + 1 AS n', [1]);
      const again = await prepared.run<{ n: number }>('SELECT $1::int + 1 AS n', [41]);
      expect(first?.rows).toEqual([{ n: 2 }]);
      expect(again?.rows).toEqual([{ n: 42 }]);
      const names = await pg.query<{ name: string }>('SELECT name FROM pg_prepared_statements');
      expect(names.rows).toHaveLength(1);
      for (let i = 0; i < 199; i++) await prepared.run(`SELECT $1::int + ${i}`, [1]);
      expect(await prepared.run('SELECT $1::int - 1', [1])).toBeNull();
    } finally {
      await pg.close();
    }
  });
});
