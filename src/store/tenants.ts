import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface Tenant {
  id: string;
  name: string;
}

/** Creates the tenant if it does not exist; never renames one that does. */
export async function ensureTenant(db: Kysely<DB>, tenant: Tenant): Promise<void> {
  await db.insertInto('tenants').values(tenant).onConflict((oc) => oc.column('id').doNothing()).execute();
}

export async function listTenants(db: Kysely<DB>): Promise<Tenant[]> {
  return db.selectFrom('tenants').select(['id', 'name']).orderBy('id').execute();
}
