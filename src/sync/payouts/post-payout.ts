/**
 * One payout through QuickBooks, exactly once (records-format.md; issue 15 item 3):
 *
 * - Every write is journalled before it is sent (the run's client does it) under a key made of
 *   the payout, its version and the write (deposit.ts), so its requestid is deterministic: a
 *   retry is replayed by QuickBooks, never done twice.
 * - A payout that may already have its Deposit (a run died while posting it, an earlier try
 *   went unanswered, a write is still in the journal) is looked up first: DocNumber, then the
 *   PrivateNote confirmed in code (QuickBooks cannot filter on it). Found → recorded, not made again.
 * - A higher version rewrites the Deposit in place with the SyncToken tillbooks last saw; if
 *   QuickBooks holds a newer one (someone edited the Deposit) or the Deposit is gone, the payout
 *   is flagged "changed in QuickBooks" and the Deposit is never overwritten. A newer SyncToken on
 *   a Deposit whose note already says this very version, for a payout whose rewrite may have
 *   been sent (an answer lost after commit, a run killed before saving it), is that rewrite:
 *   recorded as posted, not flagged.
 * - A closed period (6210) or another refusal skips the payout with the reason; a transient
 *   failure leaves it pending for the next run.
 */
import type { Payout } from '../../domain/payout.js';
import { ALLOW_DUPLICATE_DOC_NUMBERS, deriveRequestId, isQboError, rowsOf, whereEquals } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import type { PayoutSettlement } from '../../store/payout-posting.js';
import { docNumberFor } from '../../mapping/index.js';
import { meaningOf } from '../engine/classify.js';
import { failureView } from '../engine/failures.js';
import { depositBody, payoutWriteKey, versionInNote } from './deposit.js';
import type { PayoutAccounts } from './deposit.js';

export interface PostContext {
  tenantId: string;
  connectionId: number;
  client: QboClient;
  now: () => Date;
}

export interface PayoutToPost extends Payout {
  depositId: string | null;
  syncToken: string | null;
  /** Its Deposit may exist though tillbooks never recorded it. */
  mayExist: boolean;
}

export interface PostResult {
  settlement: PayoutSettlement;
  /** The requestids of the writes this post sent (their journal rows are settled with it). */
  requestIds: string[];
  /** Set when the failure stops the run (connection lost, read quota used up). */
  stopsRun?: unknown;
}

type Deposit = QboEntity & { Id: string; SyncToken: string; DocNumber?: string; PrivateNote?: string };
/** The Deposit a post starts from: its version when its note says (a look-up), null when tillbooks holds it. */
type Held = { id: string; syncToken: string; version: number | null };

export async function postPayout(ctx: PostContext, p: PayoutToPost, accounts: PayoutAccounts): Promise<PostResult> {
  const requestIds: string[] = [];
  const write = async (operation: 'create' | 'update', body: Record<string, unknown>, part: string): Promise<Deposit> => {
    const key = payoutWriteKey(ctx.tenantId, p, part);
    requestIds.push(deriveRequestId(ctx.client.realmId, key, `${operation}:Deposit`));
    return operation === 'create'
      ? ctx.client.create<Deposit>('Deposit', body, { key, include: ALLOW_DUPLICATE_DOC_NUMBERS })
      : ctx.client.update<Deposit>('Deposit', body, { key });
  };
  try {
    // A Deposit id without a SyncToken: "Repost this payout" of one changed in QuickBooks, rewritten as QuickBooks holds it now.
    const reposting = p.depositId !== null && p.syncToken === null;
    let held: Held | null = reposting ? await current(ctx.client, p.depositId!)
      : p.depositId && p.syncToken ? { id: p.depositId, syncToken: p.syncToken, version: null } : null;
    if (!held && p.mayExist) held = await lookUp(ctx.client, p);
    if (held?.version === p.version) return { settlement: posted(ctx, p, held.id, held.syncToken), requestIds };
    if (held && held.version === null && !reposting) {
      const now = await standing(ctx.client, p, held.id, held.syncToken);
      // Our own rewrite of this very version, committed by a try whose answer never reached the store.
      if (typeof now === 'object' && p.mayExist) return { settlement: posted(ctx, p, held.id, now.syncToken), requestIds };
      if (now !== 'ours') return { settlement: changed(ctx, p, typeof now === 'object' ? 'changed' : now), requestIds };
    }
    const body = depositBody(p, accounts);
    const saved = held
      ? await write('update', { ...body, Id: held.id, SyncToken: held.syncToken }, `deposit:update:${held.id}:${held.syncToken}`)
      : await write('create', body, 'deposit:create');
    return { settlement: posted(ctx, p, saved.Id, saved.SyncToken), requestIds };
  } catch (err) {
    return { ...failed(ctx, p, err), requestIds };
  }
}

const posted = (ctx: PostContext, p: Payout, depositId: string, syncToken: string): PayoutSettlement =>
  ({ outcome: 'posted', connectionId: ctx.connectionId, version: p.version, depositId, syncToken });

/**
 * This payout's Deposit in QuickBooks, or null. QuickBooks filters Deposits on neither DocNumber
 * nor PrivateNote, so the day's Deposits are read (one query) and both are confirmed in code. A
 * Deposit left by a version with another arrival date is not found: the payouts such a
 * look-up serves (a run that died mid-write) retry the very version they were posting.
 */
async function lookUp(client: QboClient, p: Payout): Promise<{ id: string; syncToken: string; version: number } | null> {
  const answer = await client.query(`SELECT * FROM Deposit WHERE ${whereEquals('TxnDate', p.arrivalDate)}`);
  const docNumber = docNumberFor(p.id);
  for (const d of rowsOf<Deposit>(answer, 'Deposit')) {
    const version = d.DocNumber === docNumber ? versionInNote(p, d.PrivateNote) : null;
    if (version !== null) return { id: d.Id, syncToken: d.SyncToken, version };
  }
  return null;
}

/** The Deposit as QuickBooks holds it now (to be overwritten by a repost), or null when it was deleted. */
async function current(client: QboClient, id: string): Promise<Held | null> {
  try {
    const d = await client.read<Deposit & { status?: string }>('Deposit', id);
    return d.status === 'Deleted' ? null : { id, syncToken: d.SyncToken, version: null };
  } catch (err) {
    if (isQboError(err) && (err.code === 'QBO_NOT_FOUND' || err.qboCode === '610')) return null;
    throw err;
  }
}

/**
 * The Deposit tillbooks posted, as QuickBooks holds it now: 'gone' when deleted, 'changed' when
 * its SyncToken moved on (someone edited it), else 'ours'. One read, before any rewrite: an
 * edit someone made is never overwritten. A SyncToken moved on by a Deposit whose DocNumber and
 * note are exactly this payout's version comes back with that SyncToken: it may be tillbooks'
 * own rewrite whose answer was lost (a reset after commit, a process killed before saving it);
 * the caller decides by whether this version may have been written already.
 */
async function standing(client: QboClient, p: Payout, id: string, syncToken: string): Promise<'ours' | 'changed' | 'gone' | { syncToken: string }> {
  try {
    const d = await client.read<Deposit & { status?: string }>('Deposit', id);
    if (d.status === 'Deleted') return 'gone';
    if (d.SyncToken === syncToken) return 'ours';
    return d.DocNumber === docNumberFor(p.id) && versionInNote(p, d.PrivateNote) === p.version ? { syncToken: d.SyncToken } : 'changed';
  } catch (err) {
    if (isQboError(err) && (err.code === 'QBO_NOT_FOUND' || err.qboCode === '610')) return 'gone';
    throw err;
  }
}

function changed(ctx: PostContext, p: PayoutToPost, how: 'changed' | 'gone', err?: unknown): PayoutSettlement {
  const base = err === undefined ? { kind: 'validation', at: ctx.now().toISOString() } : failureView(err, ctx.now());
  return { outcome: 'changed-in-qbo', connectionId: ctx.connectionId, error: { ...base, code: 'CHANGED_IN_QUICKBOOKS',
    message: how === 'gone' ? `Deposit ${p.depositId} was deleted in QuickBooks` : `Deposit ${p.depositId} was changed in QuickBooks since tillbooks posted it`,
    hint: 'tillbooks never overwrites it. Check the Deposit in QuickBooks; repost the payout once it should be posted again.' } };
}

function failed(ctx: PostContext, p: PayoutToPost, err: unknown): Omit<PostResult, 'requestIds'> {
  const view = failureView(err, ctx.now());
  const meaning = meaningOf(err);
  const at = { connectionId: ctx.connectionId };
  if (p.depositId && (meaning === 'stale' || (isQboError(err) && (err.code === 'QBO_NOT_FOUND' || err.qboCode === '610')))) {
    return { settlement: changed(ctx, p, meaning === 'stale' ? 'changed' : 'gone', err) };
  }
  if (meaning === 'connection-lost' || meaning === 'quota-blocked') return { settlement: { outcome: meaning, ...at, error: view }, stopsRun: err };
  if (meaning === 'refused' || meaning === 'setup-missing' || meaning === 'stale') {
    const closed = isQboError(err) && err.qboCode === '6210';
    return { settlement: closed ? { outcome: 'closed-period', ...at, error: { ...view, message: `the books are closed for ${p.arrivalDate}: ${view.message}` } }
      : { outcome: 'refused', ...at, error: view } };
  }
  return { settlement: { outcome: 'transient', ...at, error: view } };
}
