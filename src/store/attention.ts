/**
 * What the dashboard and the Tickets page's "Needs attention" read (issue 18): tickets that need
 * a person, per location and reason, and each day's money as the POS recorded it against what
 * is posted. One grouped statement each; both backends run them (->> is PostgreSQL's and PGlite's).
 */
import { sql } from 'kysely';
import type { ExpressionBuilder, Kysely, SqlBool, Expression } from 'kysely';
import { ATTENTION_KINDS } from '../domain/attention.js';
import type { AttentionKind } from '../domain/attention.js';
import type { DB } from './schema.js';

/**
 * The condition for "needs attention" (any kind, or one): an error a run does not clear by
 * itself, on a ticket that is skipped or waits as pending.
 */
export function needsAttention(eb: ExpressionBuilder<DB, 'tickets'>, kind: AttentionKind | 'any'): Expression<SqlBool> {
  const kinds = kind === 'any' ? [...ATTENTION_KINDS] : [kind];
  return eb.and([
    eb('sync_state', 'in', ['skipped', 'pending']),
    eb('last_error', 'is not', null),
    eb(sql<string>`last_error->>'kind'`, 'in', kinds),
  ]);
}

export interface AttentionCount {
  locationId: string;
  kind: AttentionKind;
  tickets: number;
  cents: number;
}

export async function attentionCounts(db: Kysely<DB>, tenantId: string): Promise<AttentionCount[]> {
  const kind = sql<AttentionKind>`last_error->>'kind'`;
  const rows = await db.selectFrom('tickets')
    .select(['location_id', kind.as('kind'), (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('total_cents').as('cents')])
    .where('tenant_id', '=', tenantId).where((eb) => needsAttention(eb, 'any'))
    .groupBy(['location_id', kind]).orderBy('location_id').execute();
  return rows.map((r) => ({ locationId: r.location_id, kind: r.kind, tickets: Number(r.n), cents: Number(r.cents) }));
}

/** How many tickets of the tenant need attention (the navigation's badge): one count. */
export async function attentionTotal(db: Kysely<DB>, tenantId: string): Promise<number> {
  const r = await db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId).where((eb) => needsAttention(eb, 'any')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface DayMoney {
  date: string;
  locationId: string;
  /** Closed tickets of the day: how many, and their total as the POS rang it up. */
  tickets: number;
  posCents: number;
  /** The part of it posted to QuickBooks (by our records; the reconciliation reads QuickBooks back). */
  postedCents: number;
  postedTickets: number;
}

/** Per business date and location, the POS total of closed tickets and how much of it is posted. */
export async function moneyByDay(db: Kysely<DB>, tenantId: string, opts: { locationId?: string; from: string; to: string }): Promise<DayMoney[]> {
  const posted = sql<boolean>`sync_state = 'posted'`;
  let q = db.selectFrom('tickets')
    .select(['business_date', 'location_id', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('total_cents').as('cents'),
      sql<string>`COALESCE(SUM(CASE WHEN ${posted} THEN total_cents ELSE 0 END), 0)`.as('posted_cents'),
      sql<string>`COUNT(*) FILTER (WHERE ${posted})`.as('posted_n')])
    .where('tenant_id', '=', tenantId).where('status', '=', 'closed')
    .where('business_date', '>=', opts.from).where('business_date', '<=', opts.to);
  if (opts.locationId) q = q.where('location_id', '=', opts.locationId);
  const rows = await q.groupBy(['business_date', 'location_id']).orderBy('business_date', 'desc').orderBy('location_id').execute();
  return rows.map((r) => ({
    date: r.business_date, locationId: r.location_id, tickets: Number(r.n), posCents: Number(r.cents),
    postedCents: Number(r.posted_cents), postedTickets: Number(r.posted_n),
  }));
}
