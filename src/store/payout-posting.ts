/**
 * Where each payout's Deposit stands, as runs move it: claimed (posting), then posted (with
 * the Deposit's id, SyncToken and the version it holds), skipped with a reason (a closed
 * period, a refusal), changed in QuickBooks (never overwritten), or pending again (a transient
 * failure, or a newer version arrived while it was posting).
 */
import { sql } from 'kysely';
import type { Db } from './db.js';
import type { PayoutState } from './schema.js';
import { toStoredPayout } from './payouts.js';
import type { StoredPayout } from './payouts.js';

const COLUMNS = ['normalized', 'sync_state', 'connection_id', 'posted_version', 'qbo_deposit_id', 'qbo_sync_token', 'last_error',
  'attempts', 'updated_at', 'synced_at'] as const;

/**
 * Payouts a run may post: pending ones, and ones a run left `posting` when it died (runs of one
 * connection do not overlap, so a `posting` payout seen by the next run is an orphan). Oldest
 * arrival first. `posting` ones come back with `orphan: true`: their Deposit may exist.
 */
export async function postablePayouts(db: Db, tenantId: string, limit: number): Promise<(StoredPayout & { orphan: boolean })[]> {
  const rows = await db.selectFrom('payouts').select(COLUMNS)
    .where('tenant_id', '=', tenantId).where('sync_state', 'in', ['pending', 'posting'])
    .orderBy('arrival_date').orderBy('processor').orderBy('payout_id').limit(limit).execute();
  return rows.map((r) => ({ ...toStoredPayout(r), orphan: r.sync_state === 'posting' }));
}

/** Claims a payout at the version read (false: it changed meanwhile, leave it to the next pass). */
export async function claimPayout(db: Db, tenantId: string, p: { processor: string; id: string; version: number }): Promise<boolean> {
  const r = await db.updateTable('payouts').set((eb) => ({ sync_state: 'posting' as const, attempts: eb('attempts', '+', 1) }))
    .where('tenant_id', '=', tenantId).where('processor', '=', p.processor).where('payout_id', '=', p.id)
    .where('version', '=', p.version).where('sync_state', 'in', ['pending', 'posting']).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type PayoutSettlement =
  | { state: 'posted'; connectionId: number; version: number; depositId: string; syncToken: string }
  | { state: 'skipped' | 'changed' | 'pending'; error: unknown; connectionId?: number };

/**
 * Records how a claimed payout left the run. A payout posted at an older version than the one
 * now stored (edited while posting) goes back to pending, to be rewritten in place.
 */
export async function settlePayout(db: Db, tenantId: string, p: { processor: string; id: string }, s: PayoutSettlement): Promise<void> {
  const where = db.updateTable('payouts').where('tenant_id', '=', tenantId).where('processor', '=', p.processor).where('payout_id', '=', p.id);
  if (s.state === 'posted') {
    await where.set({
      sync_state: sql<PayoutState>`CASE WHEN version = ${s.version} THEN 'posted' ELSE 'pending' END`,
      connection_id: s.connectionId, posted_version: s.version, qbo_deposit_id: s.depositId, qbo_sync_token: s.syncToken,
      last_error: null, attempts: 0, synced_at: new Date(),
    }).execute();
    return;
  }
  await where.set({
    sync_state: s.state, last_error: JSON.stringify(s.error),
    ...(s.connectionId !== undefined && { connection_id: s.connectionId }),
  }).execute();
}

/**
 * "Repost this payout": sends a skipped or flagged payout back to pending (the user resolved
 * it). A Deposit changed in QuickBooks keeps its id but forgets its SyncToken: the next run
 * reads the Deposit as QuickBooks holds it and rewrites it with the payout's figures (or
 * creates it again when it was deleted). False when the payout is in neither state.
 */
export async function requeuePayout(db: Db, tenantId: string, p: { processor: string; id: string }): Promise<boolean> {
  const r = await db.updateTable('payouts')
    .set({ sync_state: 'pending', last_error: null, attempts: 0,
      qbo_sync_token: sql<string | null>`CASE WHEN sync_state = 'changed' THEN NULL ELSE qbo_sync_token END` })
    .where('tenant_id', '=', tenantId).where('processor', '=', p.processor).where('payout_id', '=', p.id)
    .where('sync_state', 'in', ['skipped', 'changed']).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
