/**
 * Storing processor payouts as they arrive (records-format.md) and listing them. One
 * statement writes a chunk: new payouts are inserted, higher versions replace lower ones
 * (and wait to be posted again, in place), nothing else is touched.
 */
import { sql } from 'kysely';
import type { Payout } from '../domain/payout.js';
import { payoutKey } from '../domain/payout.js';
import type { Db } from './db.js';
import { payoutVersionState } from './payout-posting.js';
import type { PayoutState } from './schema.js';

export type { PayoutState } from './schema.js';

export interface PayoutWrite {
  payout: Payout;
  raw: string;
}

/** A payout as stored, with where its Deposit stands. */
export interface StoredPayout extends Payout {
  state: PayoutState;
  connectionId: number | null;
  postedVersion: number | null;
  depositId: string | null;
  syncToken: string | null;
  lastError: unknown;
  attempts: number;
  updatedAt: Date;
  syncedAt: Date | null;
}

/** Stored versions (and texts) of the given payouts, keyed by payoutKey. */
export async function payoutVersions(db: Db, tenantId: string,
  keys: readonly { processor: string; id: string }[]): Promise<Map<string, { version: number; raw: string }>> {
  const out = new Map<string, { version: number; raw: string }>();
  if (keys.length === 0) return out;
  const rows = await db.selectFrom('payouts').select(['processor', 'payout_id', 'version', 'raw'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('processor', 'payout_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.processor)}::text[], ${keys.map((k) => k.id)}::text[]))`))
    .execute();
  for (const r of rows) out.set(payoutKey(r.processor, r.payout_id), { version: r.version, raw: r.raw });
  return out;
}

/**
 * Inserts new payouts and replaces stored ones whose version is lower, in one atomic
 * statement; answers per key written, inserted (true) or replaced (false). A replaced payout
 * is pending again (its Deposit is rewritten in place by the next run), except one flagged
 * "changed in QuickBooks", which stays flagged until someone looks.
 */
export async function writePayouts(db: Db, tenantId: string, writes: readonly PayoutWrite[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (writes.length === 0) return out;
  const rows = await db.insertInto('payouts')
    .values(writes.map(({ payout: p, raw }) => ({
      tenant_id: tenantId, processor: p.processor, payout_id: p.id, version: p.version, location_id: p.locationId ?? null,
      arrival_date: p.arrivalDate, gross_cents: p.gross, fees_cents: p.fees, adjustments_cents: p.adjustments, net_cents: p.net,
      period_start: p.periodStart ?? null, period_end: p.periodEnd ?? null, raw, normalized: JSON.stringify(p),
    })))
    .onConflict((oc) => oc.columns(['tenant_id', 'processor', 'payout_id'])
      .doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        location_id: eb.ref('excluded.location_id'),
        arrival_date: eb.ref('excluded.arrival_date'),
        gross_cents: eb.ref('excluded.gross_cents'),
        fees_cents: eb.ref('excluded.fees_cents'),
        adjustments_cents: eb.ref('excluded.adjustments_cents'),
        net_cents: eb.ref('excluded.net_cents'),
        period_start: eb.ref('excluded.period_start'),
        period_end: eb.ref('excluded.period_end'),
        raw: eb.ref('excluded.raw'),
        normalized: eb.ref('excluded.normalized'),
        updated_at: sql<Date>`now()`,
        sync_state: payoutVersionState('payouts.sync_state'),
        // A flagged payout keeps what it was flagged for.
        last_error: sql<string | null>`CASE WHEN payouts.sync_state = ${sql.lit<PayoutState>('changed')} THEN payouts.last_error ELSE NULL END`,
        attempts: 0,
      }))
      .where('payouts.version', '<', (eb) => eb.ref('excluded.version')))
    .returning(['processor', 'payout_id', sql<boolean>`xmax = 0`.as('inserted')])
    .execute();
  for (const r of rows) out.set(payoutKey(r.processor, r.payout_id), r.inserted);
  return out;
}

export interface PayoutFilter {
  processor?: string;
  state?: PayoutState;
  /** Arrival dates, inclusive. */
  from?: string;
  to?: string;
  limit?: number;
}

const COLUMNS = ['normalized', 'sync_state', 'connection_id', 'posted_version', 'qbo_deposit_id', 'qbo_sync_token', 'last_error',
  'attempts', 'updated_at', 'synced_at'] as const;

/** A tenant's payouts, newest arrival first, then by processor and id. */
export async function listPayouts(db: Db, tenantId: string, filter: PayoutFilter = {}): Promise<StoredPayout[]> {
  let q = db.selectFrom('payouts').select(COLUMNS).where('tenant_id', '=', tenantId);
  if (filter.processor !== undefined) q = q.where('processor', '=', filter.processor);
  if (filter.state !== undefined) q = q.where('sync_state', '=', filter.state);
  if (filter.from !== undefined) q = q.where('arrival_date', '>=', filter.from);
  if (filter.to !== undefined) q = q.where('arrival_date', '<=', filter.to);
  const rows = await q.orderBy('arrival_date', 'desc').orderBy('processor').orderBy('payout_id').limit(filter.limit ?? 1000).execute();
  return rows.map(toStoredPayout);
}

/** One payout, or null. */
export async function getPayout(db: Db, tenantId: string, processor: string, id: string): Promise<StoredPayout | null> {
  const row = await db.selectFrom('payouts').select(COLUMNS)
    .where('tenant_id', '=', tenantId).where('processor', '=', processor).where('payout_id', '=', id).executeTakeFirst();
  return row ? toStoredPayout(row) : null;
}

/** A payout by its id, under each processor that has one of that id (or only the one named). */
export async function payoutsWithId(db: Db, tenantId: string, id: string, processor?: string): Promise<StoredPayout[]> {
  let q = db.selectFrom('payouts').select(COLUMNS).where('tenant_id', '=', tenantId).where('payout_id', '=', id);
  if (processor !== undefined) q = q.where('processor', '=', processor);
  return (await q.orderBy('processor').execute()).map(toStoredPayout);
}

type PayoutRow = { normalized: unknown; sync_state: PayoutState; connection_id: number | null; posted_version: number | null;
  qbo_deposit_id: string | null; qbo_sync_token: string | null; last_error: unknown; attempts: number; updated_at: Date; synced_at: Date | null };

export function toStoredPayout(r: PayoutRow): StoredPayout {
  return {
    ...(r.normalized as Payout), state: r.sync_state, connectionId: r.connection_id, postedVersion: r.posted_version,
    depositId: r.qbo_deposit_id, syncToken: r.qbo_sync_token, lastError: r.last_error, attempts: r.attempts,
    updatedAt: r.updated_at, syncedAt: r.synced_at,
  };
}
