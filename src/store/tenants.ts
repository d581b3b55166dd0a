/** Tenants: one business (its users, keys, locations, connections) of an installation. */
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

/** Creates a new tenant; false (and nothing changed) when the id is taken. */
export async function createTenant(db: Kysely<DB>, tenant: Tenant): Promise<boolean> {
  const row = await db.insertInto('tenants').values(tenant).onConflict((oc) => oc.column('id').doNothing()).returning('id').executeTakeFirst();
  return row !== undefined;
}

export async function getTenant(db: Kysely<DB>, id: string): Promise<Tenant | null> {
  return (await db.selectFrom('tenants').select(['id', 'name']).where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function listTenants(db: Kysely<DB>): Promise<Tenant[]> {
  return db.selectFrom('tenants').select(['id', 'name']).orderBy('id').execute();
}

/** Each tenant with how many users, API keys and locations it has (for `tillbooks tenant list`). */
export async function tenantCounts(db: Kysely<DB>): Promise<(Tenant & { users: number; apiKeys: number; locations: number })[]> {
  const rows = await db.selectFrom('tenants').select((eb) => [
    'tenants.id', 'tenants.name',
    eb.selectFrom('users').select(eb.fn.countAll<string>().as('n')).whereRef('users.tenant_id', '=', 'tenants.id').as('users'),
    eb.selectFrom('api_keys').select(eb.fn.countAll<string>().as('n')).whereRef('api_keys.tenant_id', '=', 'tenants.id')
      .where('api_keys.revoked_at', 'is', null).as('api_keys'),
    eb.selectFrom('locations').select(eb.fn.countAll<string>().as('n')).whereRef('locations.tenant_id', '=', 'tenants.id').as('locations'),
  ]).orderBy('tenants.id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, users: Number(r.users ?? 0), apiKeys: Number(r.api_keys ?? 0), locations: Number(r.locations ?? 0) }));
}
