/** The store: open, migrate, and the per-table modules. */
import { openDatabase } from './db.js';
import type { Database, StoreOptions } from './db.js';
import { migrate } from './migrate.js';

export type { Database, Db, StoreOptions } from './db.js';
export { openDatabase } from './db.js';
export { migrate } from './migrate.js';

/** Opens the database and brings its schema up to date. */
export async function openStore(opts: StoreOptions): Promise<Database> {
  const database = await openDatabase(opts);
  try {
    await migrate(database);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
