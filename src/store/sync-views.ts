/** What the QuickBooks page reads: errors per ticket, and tickets per day by state. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export async function ticketsWithErrors(db: Kysely<DB>, tenantId: string, opts: { locationId?: string; limit?: number } = {}) {
  let q = db.selectFrom('tickets')
    .select(['location_id', 'ticket_id', 'version', 'business_date', 'total_cents', 'sync_state', 'last_error', 'updated_at'])
    .where('tenant_id', '=', tenantId).where('last_error', 'is not', null).where('sync_state', 'in', ['skipped', 'pending']);
  if (opts.locationId) q = q.where('location_id', '=', opts.locationId);
  return q.orderBy('updated_at', 'desc').limit(opts.limit ?? 50).execute();
}

export async function countsByDay(db: Kysely<DB>, tenantId: string, opts: { locationId?: string; from: string; to: string }) {
  let q = db.selectFrom('tickets')
    .select(['business_date', 'sync_state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId).where('business_date', '>=', opts.from).where('business_date', '<=', opts.to);
  if (opts.locationId) q = q.where('location_id', '=', opts.locationId);
  return q.groupBy(['business_date', 'sync_state']).orderBy('business_date').execute();
}

/** Locations whose scheduled run is due (or not computed yet), across tenants, for the scheduler. */
export async function schedulableLocations(db: Kysely<DB>) {
  return db.selectFrom('locations')
    .select(['tenant_id', 'id', 'time_zone', 'sync_time', 'sync_time_zone', 'connection_id', 'next_run_at'])
    .where('enabled', '=', true).where('connection_id', 'is not', null).execute();
}

/** Moves a location's next run on, only if nobody else did since it was read (one enqueue per due time). */
export async function advanceNextRun(db: Kysely<DB>, tenantId: string, id: string, from: Date | null, to: Date): Promise<boolean> {
  const r = await db.updateTable('locations').set({ next_run_at: to })
    .where('tenant_id', '=', tenantId).where('id', '=', id)
    .where(from === null ? sql<boolean>`next_run_at IS NULL` : sql<boolean>`next_run_at = ${from}`)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
