/**
 * One batch of steps through QuickBooks, and what each answer means for its ticket: a success
 * is folded into the facts whatever else happened; a failure is read once, by classify.ts,
 * into a retry (a stale SyncToken), a fact (a void of a document already gone), or the
 * ticket's outcome from the outcome table.
 */
import { deriveRequestId, isQboError } from '../../qbo/index.js';
import type { BatchResult, QboEntity, QboError, SendGate } from '../../qbo/index.js';
import type { SyncError } from '../../domain/sync-error.js';
import { isSetupFault, meaningOf, outcomeOf } from './classify.js';
import { failureView } from './failures.js';
import { applyMissing, applySuccess, toBatchOp } from './ops-batch.js';
import { now } from './page.js';
import type { PageContext } from './page.js';
import type { Op } from './plan-ops.js';
import { isOpen, settle, workKey } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

const MAX_STALE_RETRIES = 2;

export class ConnectionLostError extends Error {
  constructor(readonly syncError: SyncError) {
    super(syncError.message);
    this.name = 'ConnectionLostError';
  }
}

/**
 * One batch (or, `plain`, its one operation as a plain request); `gate` stopped before it went
 * out leaves its tickets open, to wait for the next run.
 */
export async function runBatch(ctx: PageContext, items: { w: WorkTicket; op: Op }[], gate?: SendGate, plain = false): Promise<void> {
  const ops = items.map((i) => toBatchOp(i.op, i.w.keys, i.w.docs));
  let results: BatchResult[];
  try {
    const one = ops[0];
    results = plain && ops.length === 1 && one && 'key' in one
      ? [await ctx.client.writeOne(one, gate ? { gate } : {})]
      : await ctx.client.batch(ops, gate ? { gate } : {});
  } catch (err) {
    if (!isQboError(err)) throw err;
    results = ops.map(() => ({ ok: false as const, error: err }));
  }
  let lost: SyncError | null = null;
  const at = now(ctx);
  items.forEach((item, i) => {
    const r = results[i]!;
    // Facts are facts: a success is recorded whatever happened to the ticket's other steps.
    if (r.ok) {
      applySuccess(item.op, r.entity as QboEntity, item.w.docs, { version: item.w.row.version, mappingRevision: item.w.target?.mappingRevision ?? 0 }, at);
      item.w.actions.push(describe(item.op, r.entity as QboEntity));
      return;
    }
    if (r.error.outcomeUnknown) item.w.docs.uncertain = true;
    // Never sent (the run is stopping): nothing happened at QuickBooks, the ticket just waits.
    if (!isOpen(item.w) || r.error.code === 'QBO_NOT_SENT') return;
    if (failStep(ctx, item.w, item.op, r.error, at) === 'connection-lost') lost = item.w.error;
  });
  // Its facts are saved with the ticket's settlement at the page's end (run.ts), one statement
  // for the page instead of one per batch; until then the journal holds these writes.
  ops.forEach((op, i) => {
    if ('key' in op) items[i]!.w.answered.push(deriveRequestId(ctx.connection.realmId, op.key, `${op.operation}:${op.entity}`));
  });
  if (lost) throw new ConnectionLostError(lost);
}

/** A failed step: retried, taken as a fact, or the ticket's outcome. Returns what it meant. */
function failStep(ctx: PageContext, w: WorkTicket, op: Op, err: QboError, at: Date): string {
  const meaning = meaningOf(err);
  if (isSetupFault(err) && applyMissing(op, w.docs, at)) {
    w.actions.push(`${op.kind}: the document was no longer in QuickBooks`);
    return 'gone';
  }
  if (meaning === 'stale' && w.staleRetries < MAX_STALE_RETRIES) {
    w.staleRetries++;
    return 'retry';
  }
  settle(w, outcomeOf(err), failureView(err, at));
  if (meaning !== 'connection-lost') ctx.deps.logger.info({ ticket: workKey(w).replace('\u0000', '/'), op: op.kind, error: err.toJSON() }, 'QuickBooks refused a step');
  return meaning;
}

function describe(op: Op, entity: QboEntity): string {
  const id = String(entity.Id ?? '');
  switch (op.kind) {
    case 'create-invoice': return `created Invoice ${id}`;
    case 'create-refund': return `created RefundReceipt ${id}`;
    case 'create-payment': return `created Payment ${id}`;
    case 'update-invoice': return `updated Invoice ${id}`;
    case 'update-refund': return `updated RefundReceipt ${id}`;
    case 'void-invoice': return `voided Invoice ${op.ref.id}`;
    case 'void-payment': return `voided Payment ${op.payment.id}`;
    case 'delete-refund': return `deleted RefundReceipt ${op.ref.id}`;
    case 'update-payment': return `updated Payment ${op.payment.id}`;
  }
}
