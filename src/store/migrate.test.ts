import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import { migrate } from './migrate.js';
import type { Database } from './db.js';

describe.each(backends())('store on $name', (backend) => {
  let database: Database;
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  it('applies the migrations once, then finds nothing to do', async () => {
    database = await backend.open();
    const again = await migrate(database);
    expect(again.applied).toEqual([]);
    expect(again.current).toBeGreaterThanOrEqual(1);
  });

  it('parses bigint as number and date as text, the same on both backends', async () => {
    const r = await sql<{ big: number; day: string; at: Date }>`SELECT 12345678901::bigint AS big, DATE '2026-03-08' AS day, now() AS at`.execute(database.db);
    expect(r.rows[0]).toMatchObject({ big: 12345678901, day: '2026-03-08' });
    expect(r.rows[0]!.at).toBeInstanceOf(Date);
  });

  it('keeps a transaction on one connection', async () => {
    await database.db.insertInto('tenants').values({ id: 't-tx', name: 'T' }).execute();
    await expect(database.db.transaction().execute(async (trx) => {
      await trx.updateTable('tenants').set({ name: 'changed' }).where('id', '=', 't-tx').execute();
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const row = await database.db.selectFrom('tenants').select('name').where('id', '=', 't-tx').executeTakeFirstOrThrow();
    expect(row.name).toBe('T');
  });
});
