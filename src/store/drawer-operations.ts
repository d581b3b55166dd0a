/**
 * Storing drawer operations as they arrive (records-format.md) and reading a store's day of
 * them. As for tickets, one statement writes a chunk: new ones are inserted, higher versions
 * replace lower ones, and nothing else is touched, so a retried batch changes nothing.
 */
import { sql } from 'kysely';
import type { DrawerKind, DrawerOperation } from '../domain/drawer-operation.js';
import { drawerOperationKey } from '../domain/drawer-operation.js';
import type { Db } from './db.js';
import { touchDays } from './summary-days.js';

export interface DrawerOperationWrite {
  operation: DrawerOperation;
  raw: string;
  businessDate: string;
}

/** A drawer operation as stored: the record, its business date and when it last changed. */
export interface StoredDrawerOperation extends DrawerOperation {
  businessDate: string;
  updatedAt: Date;
}

/** Stored versions (and texts) of the given operations, keyed by drawerOperationKey. */
export async function drawerOperationVersions(db: Db, tenantId: string,
  keys: readonly { locationId: string; id: string }[]): Promise<Map<string, { version: number; raw: string }>> {
  const out = new Map<string, { version: number; raw: string }>();
  if (keys.length === 0) return out;
  const rows = await db.selectFrom('drawer_operations').select(['location_id', 'operation_id', 'version', 'raw'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'operation_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.id)}::text[]))`))
    .execute();
  for (const r of rows) out.set(drawerOperationKey(r.location_id, r.operation_id), { version: r.version, raw: r.raw });
  return out;
}

/**
 * Inserts new operations and replaces stored ones whose version is lower, in one atomic
 * statement. Answers, per key written, inserted (true) or replaced (false); a key missing
 * from the answer was already stored at that version or higher (a concurrent writer).
 */
export async function writeDrawerOperations(db: Db, tenantId: string, writes: readonly DrawerOperationWrite[]): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
  if (writes.length === 0) return out;
  // The business dates before the write: a new version dated another day moves the operation off its old day.
  const before = new Map((await db.selectFrom('drawer_operations').select(['location_id', 'operation_id', 'business_date'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'operation_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${writes.map((w) => w.operation.locationId)}::text[], ${writes.map((w) => w.operation.id)}::text[]))`))
    .execute()).map((r) => [drawerOperationKey(r.location_id, r.operation_id), r.business_date]));
  const rows = await db.insertInto('drawer_operations')
    .values(writes.map(({ operation: o, raw, businessDate }) => ({
      tenant_id: tenantId, location_id: o.locationId, operation_id: o.id, version: o.version, at: new Date(o.atMs),
      business_date: businessDate, kind: o.kind, amount_cents: o.amount, reason: o.reason, category: o.category ?? null,
      raw, normalized: JSON.stringify(o),
    })))
    .onConflict((oc) => oc.columns(['tenant_id', 'location_id', 'operation_id'])
      .doUpdateSet((eb) => ({
        version: eb.ref('excluded.version'),
        at: eb.ref('excluded.at'),
        business_date: eb.ref('excluded.business_date'),
        kind: eb.ref('excluded.kind'),
        amount_cents: eb.ref('excluded.amount_cents'),
        reason: eb.ref('excluded.reason'),
        category: eb.ref('excluded.category'),
        raw: eb.ref('excluded.raw'),
        normalized: eb.ref('excluded.normalized'),
        updated_at: sql<Date>`now()`,
      }))
      .where('drawer_operations.version', '<', (eb) => eb.ref('excluded.version')))
    .returning(['location_id', 'operation_id', 'business_date', sql<boolean>`xmax = 0`.as('inserted')])
    .execute();
  for (const r of rows) out.set(drawerOperationKey(r.location_id, r.operation_id), r.inserted);
  // Summary mode: a drawer operation is part of its day's drawer entry; a late one makes a posted day out of date,
  // and a new version dated another day makes the day it left out of date too (its entry must lose it).
  await touchDays(db, tenantId, rows.flatMap((r) => {
    const was = before.get(drawerOperationKey(r.location_id, r.operation_id));
    const moved = was && was !== r.business_date ? [{ locationId: r.location_id, businessDate: was }] : [];
    return [{ locationId: r.location_id, businessDate: r.business_date }, ...moved];
  }));
  return out;
}

/**
 * A location's drawer operations of one business date (`at` in the location's time zone),
 * in the order they happened. Every kind is returned, `drop` included (shown, not posted).
 */
export async function listDrawerOperationsForDay(db: Db, tenantId: string, locationId: string, date: string): Promise<StoredDrawerOperation[]> {
  const rows = await db.selectFrom('drawer_operations')
    .select(['operation_id', 'location_id', 'version', 'at', 'business_date', 'kind', 'amount_cents', 'reason', 'category', 'normalized', 'updated_at'])
    .where('tenant_id', '=', tenantId).where('location_id', '=', locationId).where('business_date', '=', date)
    .orderBy('at').orderBy('operation_id')
    .execute();
  return rows.map((r) => {
    const n = r.normalized as DrawerOperation;
    return {
      id: r.operation_id, locationId: r.location_id, version: r.version, at: n.at, atMs: r.at.getTime(),
      kind: r.kind as DrawerKind, amount: r.amount_cents, reason: r.reason, ...(r.category !== null && { category: r.category }),
      businessDate: r.business_date, updatedAt: r.updated_at,
    };
  });
}
