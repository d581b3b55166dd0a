/**
 * Where each payout's Deposit stands, as runs move it: claimed (posting), then posted (with
 * the Deposit's id, SyncToken and the version it holds), skipped with a reason (a closed
 * period, a refusal), changed in QuickBooks (never overwritten), or pending again (a transient
 * failure, or a newer version arrived while it was posting). Every statement that changes a
 * payout's state is built from the payout outcome table (domain/payout-outcomes.ts) here, as
 * store/day-moves.ts does for summary days: a move outside the table throws.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { assertTransition, settledState } from '../domain/outcome-table.js';
import { ON_PAYOUT_VERSION, PAYOUT_TABLE } from '../domain/payout-outcomes.js';
import type { PayoutMove, PayoutOutcome, PayoutState } from '../domain/payout-outcomes.js';
import type { Db } from './db.js';
import { toStoredPayout } from './payouts.js';
import type { StoredPayout } from './payouts.js';
import { runStillRunning } from './runs.js';

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

/** A named move of the payout table: its `from` states and where it goes, each checked against the table. */
function payoutMove(name: PayoutMove): { from: readonly PayoutState[]; to: PayoutState } {
  const move = PAYOUT_TABLE.moves[name];
  for (const from of move.from) assertTransition(PAYOUT_TABLE, from, move.to, `move "${name}"`);
  return move;
}

/**
 * Claims a payout at the version read for run `runId` (false: it changed meanwhile, leave it to
 * the next pass; or the run no longer runs: a stalled worker's run, taken over, must not take
 * the payout its continuation is posting).
 */
export async function claimPayout(db: Db, tenantId: string, p: { processor: string; id: string; version: number }, runId: number): Promise<boolean> {
  const claim = payoutMove('claim');
  const r = await db.updateTable('payouts').set((eb) => ({ sync_state: claim.to, attempts: eb('attempts', '+', 1) }))
    .where('tenant_id', '=', tenantId).where('processor', '=', p.processor).where('payout_id', '=', p.id)
    .where('version', '=', p.version).where('sync_state', 'in', claim.from).where(runStillRunning(runId)).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** How a run leaves a payout it claimed: an outcome of the payout table (domain/payout-outcomes.ts). */
export type PayoutSettlement =
  | { outcome: 'posted'; connectionId: number; version: number; depositId: string; syncToken: string }
  | { outcome: Exclude<PayoutOutcome, 'posted' | 'superseded'>; error: unknown; connectionId?: number };

/** The state a claimed payout settles in for `outcome`, checked against the table. */
export function settledPayoutState(outcome: PayoutOutcome): PayoutState {
  const to = settledState(PAYOUT_TABLE, outcome);
  assertTransition(PAYOUT_TABLE, PAYOUT_TABLE.held, to, `settled "${outcome}"`);
  return to;
}

/**
 * Records how a claimed payout left run `runId`. A payout posted at an older version than the one
 * now stored (edited while posting) is `superseded`: pending again, to be rewritten in place.
 * Returns false, writing nothing, once the run no longer runs: taken over, the payout is its
 * continuation's, which finds the Deposit by looking it up (an orphan).
 */
export async function settlePayout(db: Db, tenantId: string, p: { processor: string; id: string }, s: PayoutSettlement, runId: number): Promise<boolean> {
  const [posted, superseded] = [settledPayoutState('posted'), settledPayoutState('superseded')];
  const r = await db.updateTable('payouts').set(s.outcome === 'posted'
    ? {
      sync_state: sql<PayoutState>`CASE WHEN version = ${s.version} THEN ${sql.lit(posted)} ELSE ${sql.lit(superseded)} END`,
      connection_id: s.connectionId, posted_version: s.version, qbo_deposit_id: s.depositId, qbo_sync_token: s.syncToken,
      last_error: null, attempts: 0, synced_at: new Date(),
    }
    : {
      sync_state: settledPayoutState(s.outcome), last_error: JSON.stringify(s.error),
      ...(s.connectionId !== undefined && { connection_id: s.connectionId }),
    })
    .where('tenant_id', '=', tenantId).where('processor', '=', p.processor).where('payout_id', '=', p.id)
    .where(runStillRunning(runId)).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A payout that cannot be posted yet (its processor's payouts are not turned on): it waits, saying why. */
export async function holdPayout(db: Db, tenantId: string, p: { processor: string; id: string }, error: unknown): Promise<void> {
  const wait = payoutMove('wait');
  await db.updateTable('payouts').set({ sync_state: wait.to, last_error: JSON.stringify(error) })
    .where('tenant_id', '=', tenantId).where('processor', '=', p.processor).where('payout_id', '=', p.id)
    .where('sync_state', 'in', wait.from).execute();
}

/**
 * "Repost this payout": sends a skipped or flagged payout back to pending (the user resolved
 * it). A Deposit changed in QuickBooks keeps its id but forgets its SyncToken: the next run
 * reads the Deposit as QuickBooks holds it and rewrites it with the payout's figures (or
 * creates it again when it was deleted). False when the payout is in neither state.
 */
export async function requeuePayout(db: Db, tenantId: string, p: { processor: string; id: string }): Promise<boolean> {
  const repost = payoutMove('repost');
  const r = await db.updateTable('payouts')
    .set({ sync_state: repost.to, last_error: null, attempts: 0,
      qbo_sync_token: sql<string | null>`CASE WHEN sync_state = ${sql.lit<PayoutState>('changed')} THEN NULL ELSE qbo_sync_token END` })
    .where('tenant_id', '=', tenantId).where('processor', '=', p.processor).where('payout_id', '=', p.id)
    .where('sync_state', 'in', repost.from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * The state a stored payout takes when a higher version of it is written, as one CASE over the
 * stored row's state (`column`): the rows of ON_PAYOUT_VERSION in order.
 */
export function payoutVersionState(column: string): RawBuilder<PayoutState> {
  const state = sql.ref(column);
  const whens = ON_PAYOUT_VERSION.map((r) => sql`WHEN ${state} IN (${sql.join(r.from.map((f) => sql.lit(f)))}) THEN ${sql.lit(r.to)}`);
  // No row applies: a state the table forgot. Casting text to int fails the statement loudly.
  return sql<PayoutState>`CASE ${sql.join(whens, sql` `)} ELSE ('no version rule for ' || ${state})::int::text END`;
}
