/**
 * Changes QuickBooks told us of (webhook events, CDC rows), kept per connection until a drift
 * run has looked at them, and each connection's daily CDC cursor. A change is stored once per
 * key: a webhook delivered twice, or a CDC row seen again, adds nothing.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { ChangeSource } from './drift-schema.js';
import type { DB } from './schema.js';

export interface NewChange {
  connectionId: number;
  key: string;
  entity: string;
  entityId: string;
  operation: string;
  source: ChangeSource;
  occurredAt: Date | null;
}

export interface WaitingChange {
  id: number;
  entity: string;
  entityId: string;
  operation: string;
  source: ChangeSource;
}

/** Stores the changes not stored before; returns how many were new. */
export async function insertChanges(db: Kysely<DB>, changes: readonly NewChange[]): Promise<number> {
  if (changes.length === 0) return 0;
  const rows = await db.insertInto('qbo_changes').values(changes.map((c) => ({
    connection_id: c.connectionId, change_key: c.key, entity: c.entity, entity_id: c.entityId, operation: c.operation,
    source: c.source, occurred_at: c.occurredAt,
  }))).onConflict((oc) => oc.columns(['connection_id', 'change_key']).doNothing()).returning('id').execute();
  return rows.length;
}

/** The connected connections of a company (every tenant connected to it hears of its changes). */
export async function connectionsOfCompany(db: Kysely<DB>, environment: string, realmIds: readonly string[]) {
  if (realmIds.length === 0) return [];
  const rows = await db.selectFrom('qbo_connections').select(['id', 'tenant_id', 'realm_id'])
    .where('environment', '=', environment).where('realm_id', 'in', [...realmIds]).where('status', '=', 'connected').execute();
  return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, realmId: r.realm_id }));
}

/** The oldest changes of a connection no drift run has looked at yet. */
export async function waitingChanges(db: Kysely<DB>, connectionId: number, limit: number): Promise<WaitingChange[]> {
  const rows = await db.selectFrom('qbo_changes').select(['id', 'entity', 'entity_id', 'operation', 'source'])
    .where('connection_id', '=', connectionId).where('done_at', 'is', null).orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, entity: r.entity, entityId: r.entity_id, operation: r.operation, source: r.source }));
}

export async function markChangesDone(db: Kysely<DB>, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('qbo_changes').set({ done_at: new Date() }).where('id', 'in', [...ids]).where('done_at', 'is', null).execute();
}

export interface CdcCursor {
  connectionId: number;
  changedSince: Date;
  nextDueAt: Date;
}

/**
 * Connections due for their daily CDC read at `now`: connected, used by an enabled location.
 * One seen for the first time gets a cursor starting now, due a day later (what happened before
 * it was watched is the business of the posting runs).
 */
export async function dueCdcConnections(db: Kysely<DB>, now: Date, everyMs: number): Promise<{ connectionId: number; tenantId: string; dueAt: Date }[]> {
  await sql`INSERT INTO qbo_cdc_cursors (connection_id, changed_since, next_due_at)
    SELECT c.id, ${now}, ${new Date(now.getTime() + everyMs)} FROM qbo_connections c
    WHERE c.status = 'connected' AND EXISTS (SELECT 1 FROM locations l WHERE l.connection_id = c.id AND l.enabled)
    ON CONFLICT (connection_id) DO NOTHING`.execute(db);
  const rows = await db.selectFrom('qbo_cdc_cursors as k').innerJoin('qbo_connections as c', 'c.id', 'k.connection_id')
    .select(['k.connection_id', 'c.tenant_id', 'k.next_due_at'])
    .where('c.status', '=', 'connected').where('k.next_due_at', '<=', now).execute();
  return rows.map((r) => ({ connectionId: r.connection_id, tenantId: r.tenant_id, dueAt: r.next_due_at }));
}

/** Compare-and-set of the next due time: of several workers ticking at once, one wins. */
export async function advanceCdcDue(db: Kysely<DB>, connectionId: number, expected: Date, next: Date): Promise<boolean> {
  const r = await db.updateTable('qbo_cdc_cursors').set({ next_due_at: next })
    .where('connection_id', '=', connectionId).where('next_due_at', '=', expected).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function getCdcCursor(db: Kysely<DB>, connectionId: number): Promise<CdcCursor | null> {
  const r = await db.selectFrom('qbo_cdc_cursors').selectAll().where('connection_id', '=', connectionId).executeTakeFirst();
  return r ? { connectionId: r.connection_id, changedSince: r.changed_since, nextDueAt: r.next_due_at } : null;
}

/**
 * Stores what a CDC read found and moves the cursor to the read's time, in one transaction:
 * the cursor never passes a change that was not stored.
 */
export async function storeCdcRead(db: Kysely<DB>, connectionId: number, changes: readonly NewChange[], readAt: Date, dueIfNew: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const added = await insertChanges(trx, changes);
    await trx.insertInto('qbo_cdc_cursors').values({ connection_id: connectionId, changed_since: readAt, next_due_at: dueIfNew, last_read_at: new Date() })
      .onConflict((oc) => oc.column('connection_id').doUpdateSet({ changed_since: readAt, last_read_at: new Date() })).execute();
    return added;
  });
}
