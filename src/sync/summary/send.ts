/**
 * The day's writes through QuickBooks, batched across days (≤ 30 items a request: ten days of
 * three documents each), journalled by the client before they are sent; what each answer means
 * for its day. Facts are saved before each batch (what it plans) and after (what QuickBooks
 * answered), so a crash at any instant is settled by a look-up on resume.
 */
import { deriveRequestId, isQboError } from '../../qbo/index.js';
import type { BatchResult, QboEntity, QboError } from '../../qbo/index.js';
import { DAY_DOC_WORDS, retireDayDoc } from '../../domain/day-docs.js';
import type { DayOutcome } from '../../domain/day-outcomes.js';
import type { SyncError } from '../../domain/sync-error.js';
import { markSettled } from '../../store/qbo-writes.js';
import { saveDayFacts } from '../../store/summary-days.js';
import { meaningOf, outcomeOf } from '../engine/classify.js';
import { failureView } from '../engine/failures.js';
import type { PageContext } from '../engine/page.js';
import { stringField } from '../engine/wire.js';
import { groupDifference } from './difference.js';
import { DELETED, toDayBatchOp } from './plan.js';
import type { DayOp } from './plan.js';
import { dayName, isOpenDay, settleDay } from './work-day.js';
import type { WorkDay } from './work-day.js';

export const DAY_BATCH_ITEMS = 30;

export class DayConnectionLostError extends Error {
  constructor(readonly syncError: SyncError) {
    super(syncError.message);
    this.name = 'DayConnectionLostError';
  }
}

export function saveDays(ctx: PageContext, days: readonly WorkDay[]): Promise<void> {
  return saveDayFacts(ctx.deps.database.db, ctx.tenantId, days.map((w) => ({
    locationId: w.day.locationId, businessDate: w.day.businessDate, docs: w.docs, uncertain: w.uncertain,
  })));
}

/** Sends the ops in batches; throws DayConnectionLostError (facts saved) when the connection goes. */
export async function sendDayOps(ctx: PageContext, ops: readonly DayOp[]): Promise<void> {
  for (let i = 0; i < ops.length; i += DAY_BATCH_ITEMS) {
    if (ctx.stopRequested()) return;
    await sendBatch(ctx, ops.slice(i, i + DAY_BATCH_ITEMS).filter((op) => isOpenDay(op.w)));
  }
}

async function sendBatch(ctx: PageContext, items: readonly DayOp[]): Promise<void> {
  if (items.length === 0) return;
  const days = [...new Set(items.map((i) => i.w))];
  for (const op of items) op.w.docs.planned[op.kind] = { revision: op.w.target!.revision, hash: op.action === 'delete' ? DELETED : op.hash };
  await saveDays(ctx, days);
  const batchOps = items.map((op) => toDayBatchOp(ctx.tenantId, op));
  let results: BatchResult[];
  try {
    results = await ctx.client.batch(batchOps);
  } catch (err) {
    if (!isQboError(err)) throw err;
    results = batchOps.map(() => ({ ok: false as const, error: err }));
  }
  let lost: SyncError | null = null;
  const at = new Date(ctx.deps.clock.now());
  items.forEach((op, i) => {
    const r = results[i]!;
    if (r.ok) return applyDaySuccess(op, r.entity, at);
    if (r.error.outcomeUnknown) op.w.uncertain = true;
    if (failDayOp(ctx, op, r.error, at) === 'connection-lost') lost = op.w.error;
  });
  await saveDays(ctx, days);
  await markSettled(ctx.deps.database.db, ctx.connection.id,
    batchOps.map((op) => ('key' in op ? deriveRequestId(ctx.connection.realmId, op.key, `${op.operation}:${op.entity}`) : '')).filter(Boolean));
  if (lost) throw new DayConnectionLostError(lost);
}

function applyDaySuccess(op: DayOp, entity: QboEntity, at: Date): void {
  const w = op.w;
  if (op.action === 'delete') {
    retireDayDoc(w.docs, op.kind, 'deleted', at);
    w.actions.push(`deleted ${op.kind} ${op.ref.id}`);
    return;
  }
  w.docs[op.kind] = { id: stringField(entity, 'Id'), syncToken: stringField(entity, 'SyncToken'), revision: w.target!.revision,
    docNumber: String(op.body.DocNumber ?? ''), hash: op.hash };
  w.actions.push(`${op.action === 'create' ? 'created' : 'updated'} ${op.kind} ${stringField(entity, 'Id')}`);
}

/** The document itself is gone: QuickBooks answers 610 on its Id (or 404). */
function documentGone(err: QboError): boolean {
  return err.status === 404 || (err.qboCode === '610' && err.element === 'Id');
}

/** A failed write: a fact (a delete of a document already gone), or the day's outcome. Returns what it meant. */
function failDayOp(ctx: PageContext, op: DayOp, err: QboError, at: Date): string {
  const w = op.w;
  if (op.action !== 'create' && documentGone(err)) {
    retireDayDoc(w.docs, op.kind, 'missing', at);
    if (op.action === 'delete') return 'gone';
    settleDay(w, 'changed-in-qbo', changedView(`the day's ${DAY_DOC_WORDS[op.kind]} (Id ${op.ref.id}) was deleted in QuickBooks`, at));
    return 'changed';
  }
  if (op.action !== 'create' && meaningOf(err) === 'stale') {
    settleDay(w, 'changed-in-qbo', changedView(`the day's ${DAY_DOC_WORDS[op.kind]} (Id ${op.ref.id}) was changed in QuickBooks`, at));
    return 'changed';
  }
  if (err.qboCode === '6210') {
    settleDay(w, 'closed-period', { ...failureView(err, at), difference: groupDifference(w.day.totals, w.target?.groups) } as SyncError);
    return 'closed';
  }
  const outcome = outcomeOf(err) as DayOutcome;
  settleDay(w, outcome, failureView(err, at));
  if (outcome !== 'connection-lost') ctx.deps.logger.info({ day: dayName(w), op: `${op.action}:${op.kind}`, error: err.toJSON() }, 'QuickBooks refused a summary write');
  return outcome;
}

export function changedView(message: string, at: Date): SyncError {
  return { kind: 'validation', code: 'CHANGED_IN_QBO', message,
    hint: 'tillbooks does not overwrite the accountant\'s work. "Repost this day" replaces it with the POS totals.', at: at.toISOString() };
}
