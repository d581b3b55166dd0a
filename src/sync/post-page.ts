/**
 * A page of claimed tickets through QuickBooks: settle what is uncertain, map each ticket,
 * then take steps (plan-ops.ts) in batches until every ticket is done, refused or waiting.
 * Facts are saved after every batch, so a crash at any instant loses at most the answers of
 * the batch in flight - and those writes are in the journal, to be looked up on resume.
 */
import { deriveRequestId, isQboError } from '../qbo/index.js';
import type { BatchResult, QboClient, QboEntity, QboError } from '../qbo/index.js';
import { mapTicket, requiredDiscountNames } from '../mapping/index.js';
import { markSettled } from '../store/qbo-writes.js';
import { saveFacts } from '../store/sync-tickets.js';
import type { SyncDeps } from './deps.js';
import { connectionLost, fromMappingProblems, fromQboError, isSetupFault } from './error-view.js';
import { ensureDiscountItems } from './initialize.js';
import type { StoredSetup } from './initialize.js';
import { applyMissing, applySuccess, toBatchOp } from './ops-batch.js';
import { nextOps } from './plan-ops.js';
import type { Op } from './plan-ops.js';
import type { InitializeReport, SyncError } from './service-types.js';
import { lookUpDocs, refreshDocs } from './settle.js';
import type { SettleTicket } from './settle.js';
import { workKey } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

export interface PageContext {
  deps: SyncDeps;
  tenantId: string;
  connection: { id: number; realmId: string };
  client: QboClient;
  setup: StoredSetup;
  report: InitializeReport;
  /** Stores the set-up after discount items were added. */
  saveSetup(setup: StoredSetup, report: InitializeReport): Promise<void>;
  /** Tickets with writes left in flight by an earlier run, and those writes' requestids. */
  inflight: Map<string, string[]>;
  /** A worker shutting down: asked before each step and batch; true leaves the rest open (pending). */
  stopRequested?: () => boolean;
}

export class ConnectionLostError extends Error {
  constructor(readonly syncError: SyncError) {
    super(syncError.message);
    this.name = 'ConnectionLostError';
  }
}

// QuickBooks' batch limit; each of our batches is also one unit of progress saved.
const BATCH_ITEMS = 30;
// sale: undo, invoice, payments; edits may need a refresh in between. More means a bug.
const MAX_STEPS = 8;
const MAX_STALE_RETRIES = 2;

const now = (ctx: PageContext) => new Date(ctx.deps.clock.now());
const settleView = (w: WorkTicket): SettleTicket => ({ locationId: w.row.locationId, ticketId: w.row.ticketId, version: w.row.version, docs: w.docs });

export async function settleUncertain(ctx: PageContext, work: readonly WorkTicket[]): Promise<void> {
  const uncertain = work.filter((w) => w.docs.uncertain || ctx.inflight.has(workKey(w)));
  if (uncertain.length === 0) return;
  await lookUpDocs(ctx.client, uncertain.map(settleView), now(ctx));
  for (const w of uncertain) w.actions.push('looked up in QuickBooks after an unknown outcome');
  await persist(ctx, uncertain);
  const requestIds = uncertain.flatMap((w) => ctx.inflight.get(workKey(w)) ?? []);
  await markSettled(ctx.deps.database.db, ctx.connection.id, requestIds);
  for (const w of uncertain) ctx.inflight.delete(workKey(w));
}

/** Maps each open ticket; creates discount items the tickets name and QuickBooks lacks. */
export async function prepareTargets(ctx: PageContext, work: readonly WorkTicket[]): Promise<void> {
  const open = work.filter((w) => w.state === 'open');
  const names = open.filter((w) => w.ticket.status === 'closed').flatMap((w) => requiredDiscountNames(w.ticket));
  const before = Object.keys(ctx.setup.discountItems).length;
  ctx.setup = await ensureDiscountItems(ctx.client, ctx.setup, names, ctx.report);
  if (Object.keys(ctx.setup.discountItems).length !== before) await ctx.saveSetup(ctx.setup, ctx.report);
  for (const w of open) {
    const mapped = mapTicket(w.ticket, w.row.businessDate, ctx.setup);
    if (mapped.ok) {
      w.target = { version: w.row.version, documents: mapped.documents };
    } else {
      w.state = 'refused';
      w.error = fromMappingProblems(mapped.problems, now(ctx));
    }
  }
}

/** Steps until nothing is open. Throws ConnectionLostError (after saving facts) when the connection goes. */
export async function takeSteps(ctx: PageContext, work: readonly WorkTicket[]): Promise<void> {
  for (let step = 0; step < MAX_STEPS; step++) {
    if (ctx.stopRequested?.()) return;
    let planned = plan(work);
    if (planned.length === 0) return;
    const touching = planned.filter((p) => p.ops.some((op) => !op.kind.startsWith('create')));
    if (touching.length > 0) {
      await refreshDocs(ctx.client, touching.map((p) => settleView(p.w)), now(ctx));
      await persist(ctx, touching.map((p) => p.w));
      planned = plan(work);
    }
    const items = planned.flatMap((p) => p.ops.map((op) => ({ w: p.w, op })));
    for (let i = 0; i < items.length; i += BATCH_ITEMS) {
      // Stopping between batches, not pages: a page at QuickBooks' pace takes minutes (issue 20).
      if (ctx.stopRequested?.()) return;
      // A ticket refused in an earlier batch of this step sends nothing more.
      const batch = items.slice(i, i + BATCH_ITEMS).filter((item) => item.w.state === 'open');
      if (batch.length > 0) await runBatch(ctx, batch);
    }
  }
  for (const w of work.filter((x) => x.state === 'open')) {
    w.state = 'transient';
    w.error = { kind: 'transient', code: 'TOO_MANY_STEPS', message: 'the documents did not settle within one run', hint: 'The next run continues; if this repeats, please report it.', at: now(ctx).toISOString() };
  }
}

function plan(work: readonly WorkTicket[]): { w: WorkTicket; ops: Op[] }[] {
  const out: { w: WorkTicket; ops: Op[] }[] = [];
  for (const w of work) {
    if (w.state !== 'open' || !w.target) continue;
    const ops = nextOps(w.target, w.docs, { document: w.total });
    if (ops.length === 0) w.state = 'done';
    else out.push({ w, ops });
  }
  return out;
}

async function runBatch(ctx: PageContext, items: { w: WorkTicket; op: Op }[]): Promise<void> {
  const ops = items.map((i) => toBatchOp(i.op, i.w.keys, i.w.docs));
  let results: BatchResult[];
  try {
    results = await ctx.client.batch(ops);
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
      applySuccess(item.op, r.entity as QboEntity, item.w.docs, item.w.row.version, at);
      item.w.actions.push(describe(item.op, r.entity as QboEntity));
      return;
    }
    if (item.w.state !== 'open') {
      if (r.error.outcomeUnknown) item.w.docs.uncertain = true;
      return;
    }
    const cause = settleFailure(ctx, item.w, item.op, r.error, at);
    if (cause) lost = cause;
  });
  const touched = [...new Set(items.map((i) => i.w))];
  await persist(ctx, touched);
  await markSettled(ctx.deps.database.db, ctx.connection.id,
    ops.map((op) => ('key' in op ? deriveRequestId(ctx.connection.realmId, op.key, `${op.operation}:${op.entity}`) : '')).filter(Boolean));
  if (lost) throw new ConnectionLostError(lost);
}

/** What a failed operation means for its ticket; returns the cause when the connection is gone. */
function settleFailure(ctx: PageContext, w: WorkTicket, op: Op, err: QboError, at: Date): SyncError | null {
  if (err.outcomeUnknown) w.docs.uncertain = true;
  if (err.code === 'QBO_RECONNECT_NEEDED' || err.code === 'QBO_AUTH') {
    w.state = 'transient';
    w.error = connectionLost(err.message, at);
    return w.error;
  }
  if (isSetupFault(err) && applyMissing(op, w.docs, at)) {
    w.actions.push(`${op.kind}: the document was no longer in QuickBooks`);
    return null;
  }
  if (err.code === 'QBO_STALE_OBJECT' && w.staleRetries < MAX_STALE_RETRIES) {
    w.staleRetries++;
    return null;
  }
  w.error = fromQboError(err, at);
  w.state = isSetupFault(err) ? 'setup' : err.code === 'QBO_VALIDATION' || err.code === 'QBO_STALE_OBJECT' ? 'refused' : 'transient';
  ctx.deps.logger.info({ ticket: workKey(w).replace('\u0000', '/'), op: op.kind, error: err.toJSON() }, 'QuickBooks refused a step');
  return null;
}

async function persist(ctx: PageContext, work: readonly WorkTicket[]): Promise<void> {
  await saveFacts(ctx.deps.database.db, ctx.tenantId, work.map((w) => ({
    locationId: w.row.locationId, ticketId: w.row.ticketId, docs: w.docs, docNumber: w.docs.docNumber,
  })));
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
  }
}
