/** What the QuickBooks page reads: errors per ticket, and tickets per day by state. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { readStoredTicket } from '../domain/stored-ticket.js';
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

/** The sync state and error of each of these tickets (those that exist). */
export async function ticketStates(db: Kysely<DB>, tenantId: string, keys: readonly { locationId: string; ticketId: string }[]) {
  if (keys.length === 0) return [];
  return db.selectFrom('tickets').select(['location_id', 'ticket_id', 'sync_state', 'last_error'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.ticketId)}::text[]))`))
    .orderBy('location_id').orderBy('ticket_id').execute();
}

/** Tickets per location and state: how many and how much money (cents). */
/**
 * Tickets per location and state; pending tickets dated before the location's sync start date
 * apart (`beforeStart`): they are never posted, so counting them as pending promised work that
 * will not happen (issue 18).
 */
export async function ticketCountsByLocation(db: Kysely<DB>, tenantId: string) {
  const beforeStart = sql<boolean>`(t.sync_state = 'pending' AND l.sync_start_date IS NOT NULL AND t.business_date < l.sync_start_date)`;
  const rows = await db.selectFrom('tickets as t')
    .leftJoin('locations as l', (j) => j.onRef('l.tenant_id', '=', 't.tenant_id').onRef('l.id', '=', 't.location_id'))
    .select(['t.location_id', 't.sync_state', beforeStart.as('before_start'),
      (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('t.total_cents').as('cents')])
    .where('t.tenant_id', '=', tenantId).groupBy(['t.location_id', 't.sync_state', beforeStart])
    .orderBy('t.location_id').orderBy('t.sync_state').execute();
  return rows.map((r) => ({
    locationId: r.location_id, state: r.sync_state, beforeStart: r.before_start === true, tickets: Number(r.n), cents: Number(r.cents),
  }));
}

/** Each location's next scheduled run, when it has one (enabled and connected). */
export async function nextRunTimes(db: Kysely<DB>, tenantId: string): Promise<Record<string, Date | null>> {
  const rows = await db.selectFrom('locations').select(['id', 'next_run_at', 'enabled', 'connection_id']).where('tenant_id', '=', tenantId).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.enabled && r.connection_id && r.next_run_at ? r.next_run_at : null]));
}

/** The tickets of these locations and business dates, for the accountant's check (reconcile). */
export async function ticketsBetween(db: Kysely<DB>, tenantId: string, locationIds: readonly string[], from: string, to: string) {
  if (locationIds.length === 0) return [];
  const rows = await db.selectFrom('tickets').select(['location_id', 'ticket_id', 'business_date', 'normalized', 'status'])
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...locationIds])
    .where('business_date', '>=', from).where('business_date', '<=', to).execute();
  return rows.map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id, businessDate: r.business_date, status: r.status,
    stored: readStoredTicket(r.normalized) }));
}
