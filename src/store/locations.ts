/** Locations of a tenant. Every query is scoped by tenant. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Location } from '../domain/location.js';
import type { DB, LocationRow } from './schema.js';

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.time_zone,
    enabled: row.enabled,
    syncTime: row.sync_time,
    syncTimeZone: row.sync_time_zone,
    syncStartDate: row.sync_start_date,
    connectionId: row.connection_id,
  };
}

export type LocationFields = Omit<Location, 'id' | 'connectionId'>;

/** Adds a location, or changes the one with that id. Answers whether it was new. */
export async function upsertLocation(db: Kysely<DB>, tenantId: string, loc: Omit<Location, 'connectionId'>): Promise<{ created: boolean; location: Location }> {
  const row = await db.insertInto('locations')
    .values({
      tenant_id: tenantId, id: loc.id, name: loc.name, time_zone: loc.timeZone, enabled: loc.enabled,
      sync_time: loc.syncTime, sync_time_zone: loc.syncTimeZone, sync_start_date: loc.syncStartDate,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'id']).doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), time_zone: eb.ref('excluded.time_zone'), enabled: eb.ref('excluded.enabled'),
      sync_time: eb.ref('excluded.sync_time'), sync_time_zone: eb.ref('excluded.sync_time_zone'),
      sync_start_date: eb.ref('excluded.sync_start_date'), updated_at: new Date(),
      // The schedule may have changed: the scheduler computes the next run again.
      next_run_at: null,
    })))
    .returningAll()
    // xmax = 0 only on a freshly inserted row: tells "added" from "changed" in one statement.
    .returning(sql<boolean>`xmax = 0`.as('created'))
    .executeTakeFirstOrThrow();
  return { created: row.created, location: toLocation(row) };
}

export async function updateLocation(db: Kysely<DB>, tenantId: string, id: string,
  patch: Partial<LocationFields> & { connectionId?: number | null }): Promise<Location | null> {
  const row = await db.updateTable('locations')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.timeZone !== undefined && { time_zone: patch.timeZone }),
      ...(patch.enabled !== undefined && { enabled: patch.enabled }),
      ...(patch.syncTime !== undefined && { sync_time: patch.syncTime }),
      ...(patch.syncTimeZone !== undefined && { sync_time_zone: patch.syncTimeZone }),
      ...(patch.syncStartDate !== undefined && { sync_start_date: patch.syncStartDate }),
      ...(patch.connectionId !== undefined && { connection_id: patch.connectionId }),
      // The schedule may have changed: the scheduler computes the next run again.
      next_run_at: null,
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tenantId).where('id', '=', id)
    .returningAll().executeTakeFirst();
  return row ? toLocation(row) : null;
}

export async function getLocation(db: Kysely<DB>, tenantId: string, id: string): Promise<Location | null> {
  const row = await db.selectFrom('locations').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toLocation(row) : null;
}

export async function listLocations(db: Kysely<DB>, tenantId: string): Promise<Location[]> {
  const rows = await db.selectFrom('locations').selectAll().where('tenant_id', '=', tenantId).orderBy('id').execute();
  return rows.map(toLocation);
}

/** Time zones of the given locations of a tenant (for business dates at intake). */
export async function locationZones(db: Kysely<DB>, tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('locations').select(['id', 'time_zone'])
    .where('tenant_id', '=', tenantId).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.time_zone]));
}
