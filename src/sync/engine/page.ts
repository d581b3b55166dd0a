/**
 * A page of claimed tickets through QuickBooks: settle what is uncertain, map each ticket,
 * then take steps (plan-ops.ts) in batches (batch.ts, sent together: pipeline.ts) until every ticket has an outcome.
 * Facts are saved with each ticket's settlement at the page's end (run.ts, one statement for
 * the page); every write is in the journal before it is sent and leaves it only then, so a
 * crash at any instant loses nothing: the next run looks up the tickets with writes in flight.
 */
import type { QboClient } from '../../qbo/index.js';
import { compileRules, mapTicket } from '../../mapping/index.js';
import type { CompiledRules } from '../../mapping/index.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import { markSettled } from '../../store/qbo-writes.js';
import { saveFacts } from '../../store/sync-tickets.js';
import type { SyncDeps } from '../deps.js';
import type { StoredSetup } from '../setup/initialize.js';
import { ensureNeeds, unmetNeeds } from '../setup/needs.js';
import type { InitializeReport } from '../service/types.js';
import { meaningOf } from './classify.js';
import { failureView, mappingFailureView } from './failures.js';
import { lookUpDocs, refreshDocs } from './look-up.js';
import type { DocEntity, LookUpTicket } from './look-up.js';
import { sendStep } from './pipeline.js';
import { nextOps } from './plan-ops.js';
import type { Op } from './plan-ops.js';
import { isOpen, settle, settleDone, workKey } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

export interface PageContext {
  deps: SyncDeps;
  tenantId: string;
  /** The run working the page: facts are saved only for tickets it still holds. */
  runId: number;
  connection: { id: number; realmId: string };
  client: QboClient;
  setup: StoredSetup;
  report: InitializeReport;
  /** The accountant's mapping of the company (as of the run's start), and its revision (0: the defaults). */
  mapping: AccountMapping;
  mappingRevision: number;
  /** Stores the set-up after records were added for what tickets named. */
  saveSetup(setup: StoredSetup, report: InitializeReport): Promise<void>;
  /** Tickets with writes left in flight by an earlier run, and those writes' requestids. */
  inflight: Map<string, string[]>;
  /** Asked before each step and batch: true stops the page there (its open tickets wait for the next run). */
  stopRequested: () => boolean;
}

// QuickBooks' batch limit; each of our batches is also one unit of progress saved.
export const BATCH_ITEMS = 30;
// sale: undo, invoice, payments; edits may need a refresh in between. More means a bug.
const MAX_STEPS = 8;

export const now = (ctx: PageContext): Date => new Date(ctx.deps.clock.now());
const lookUpView = (w: WorkTicket): LookUpTicket => ({ locationId: w.row.locationId, ticketId: w.row.ticketId, version: w.row.version, docs: w.docs });

export async function settleUncertain(ctx: PageContext, work: readonly WorkTicket[]): Promise<void> {
  const uncertain = work.filter((w) => w.docs.uncertain || ctx.inflight.has(workKey(w)));
  if (uncertain.length === 0) return;
  await lookUpDocs(ctx.client, uncertain.map(lookUpView), now(ctx));
  for (const w of uncertain) w.actions.push('looked up in QuickBooks after an unknown outcome');
  await persist(ctx, uncertain, uncertain.flatMap((w) => (ctx.inflight.get(workKey(w)) ?? []).map((requestId) => ({ w, requestId }))));
  for (const w of uncertain) ctx.inflight.delete(workKey(w));
}

/**
 * Maps each open ticket through the accountant's mapping of its store; first finds or creates
 * what the tickets name and QuickBooks lacks (discount items, custom tender methods, items for
 * mapped names).
 */
export async function prepareTargets(ctx: PageContext, work: readonly WorkTicket[]): Promise<void> {
  const open = work.filter(isOpen);
  const unmet = unmetNeeds(ctx.setup, open.map((w) => ({ ticket: w.ticket, rules: rulesFor(ctx, w.row.locationId) })));
  if (unmet.length > 0) {
    ctx.setup = await ensureNeeds(ctx.client, ctx.setup, unmet, ctx.report);
    await ctx.saveSetup(ctx.setup, ctx.report);
  }
  for (const w of open) {
    const mapped = mapTicket(w.ticket, w.row.businessDate, ctx.setup, rulesFor(ctx, w.row.locationId));
    if (mapped.ok) w.target = { version: w.row.version, documents: mapped.documents, mappingRevision: ctx.mappingRevision };
    else settle(w, 'unmappable', mappingFailureView(mapped.problems, now(ctx)));
  }
}

/** Steps until nothing is open. Throws ConnectionLostError when the connection goes (the page's end saves the facts). */
export async function takeSteps(ctx: PageContext, work: readonly WorkTicket[]): Promise<void> {
  for (let step = 0; step < MAX_STEPS; step++) {
    if (ctx.stopRequested()) return;
    let planned = plan(work);
    if (planned.length === 0) return;
    const touching = planned.filter((p) => p.ops.some((op) => !op.kind.startsWith('create')));
    if (touching.length > 0) {
      // Only what this step touches: step 1 voids payments, which changes their invoice's
      // SyncToken, so the invoice is read in step 2, where it is updated (not in both).
      await refreshTouched(ctx, touching);
      await persist(ctx, touching.map((p) => p.w));
      planned = plan(work);
    }
    await sendStep(ctx, planned.flatMap((p) => p.ops.map((op) => ({ w: p.w, op }))), BATCH_ITEMS, followOn);
    if (ctx.stopRequested()) return;
  }
  for (const w of work.filter(isOpen)) {
    settle(w, 'transient', { kind: 'transient', code: 'TOO_MANY_STEPS', message: 'the documents did not settle within one run', hint: 'The next run continues; if this repeats, please report it.', at: now(ctx).toISOString() });
  }
}

/**
 * A ticket's next operations while its step is still sending: only creates (a sale's payments
 * once its invoice exists), which need no SyncToken read; anything else waits for the next step.
 */
function followOn(w: WorkTicket): Op[] {
  if (!w.target) return [];
  const ops = nextOps(w.target, w.docs, { document: w.total });
  if (ops.length === 0) settleDone(w);
  return ops.every((op) => op.kind.startsWith('create')) ? ops : [];
}

/**
 * The SyncTokens of what a step touches. Past Intuit's monthly read quota the look-up is refused:
 * those tickets wait (quota-blocked, the run stops after this page), and the page's creates,
 * which need no read, still go out (writes are not metered).
 */
async function refreshTouched(ctx: PageContext, touching: readonly { w: WorkTicket; ops: Op[] }[]): Promise<void> {
  try {
    await refreshDocs(ctx.client, touching.map((p) => ({ ...lookUpView(p.w), only: touchedBy(p.ops) })), now(ctx));
  } catch (err) {
    if (meaningOf(err) !== 'quota-blocked') throw err;
    for (const p of touching) settle(p.w, 'quota-blocked', failureView(err, now(ctx)));
  }
}

const TOUCHES: Partial<Record<Op['kind'], DocEntity>> = {
  'void-payment': 'Payment', 'update-payment': 'Payment', 'delete-refund': 'RefundReceipt', 'update-refund': 'RefundReceipt',
  'void-invoice': 'Invoice', 'update-invoice': 'Invoice',
};

/** The documents a step's operations update, void or delete (creates need no SyncToken). */
function touchedBy(ops: readonly Op[]): Set<DocEntity> {
  return new Set(ops.flatMap((op) => TOUCHES[op.kind] ?? []));
}

function plan(work: readonly WorkTicket[]): { w: WorkTicket; ops: Op[] }[] {
  const out: { w: WorkTicket; ops: Op[] }[] = [];
  for (const w of work) {
    if (!isOpen(w) || !w.target) continue;
    const ops = nextOps(w.target, w.docs, { document: w.total });
    if (ops.length === 0) settleDone(w);
    else out.push({ w, ops });
  }
  return out;
}

const compiled = new WeakMap<AccountMapping, Map<string, CompiledRules>>();

/** The mapping compiled for a location, once per run. */
export function rulesFor(ctx: PageContext, locationId: string): CompiledRules {
  let byLocation = compiled.get(ctx.mapping);
  if (!byLocation) compiled.set(ctx.mapping, (byLocation = new Map()));
  let rules = byLocation.get(locationId);
  if (!rules) byLocation.set(locationId, (rules = compileRules(ctx.mapping, locationId)));
  return rules;
}

interface SaveGroup {
  work: Set<WorkTicket>;
  settle: { w: WorkTicket; requestId: string }[];
  done: Promise<Set<string>>;
}
const persisting = new WeakMap<PageContext, { tail: Promise<unknown>; next: SaveGroup | null }>();

/**
 * Saves the tickets' facts now (after a look-up or a read of SyncTokens, rare next to posting),
 * then takes the journal entries of `settle` whose ticket was saved out of the journal.
 * One save at a time per page: batches answered together (pipeline.ts) may
 * share a ticket, and a save taken earlier must not land after one taken later - it would drop
 * a fact whose requestid the later batch had already settled. Saves asked for while one is
 * being written join the next one (facts are read when it is written, so it holds the newest),
 * so ten answers in flight cost two statements, not twenty. Resolves to the keys saved
 * (tickets this run still holds).
 */
export function persist(ctx: PageContext, work: readonly WorkTicket[], settle: SaveGroup['settle'] = []): Promise<Set<string>> {
  let state = persisting.get(ctx);
  if (!state) persisting.set(ctx, (state = { tail: Promise.resolve(), next: null }));
  const s = state;
  if (!s.next) {
    const group: SaveGroup = { work: new Set(), settle: [], done: Promise.resolve(new Set()) };
    group.done = s.tail.catch(() => undefined).then(() => writeGroup(ctx, s, group));
    s.next = group;
    s.tail = group.done;
  }
  for (const w of work) s.next.work.add(w);
  s.next.settle.push(...settle);
  return s.next.done;
}

async function writeGroup(ctx: PageContext, s: { next: SaveGroup | null }, group: SaveGroup): Promise<Set<string>> {
  if (s.next === group) s.next = null;
  const db = ctx.deps.database.db;
  const facts = [...group.work].map((w) => ({ locationId: w.row.locationId, ticketId: w.row.ticketId, docs: w.docs }));
  const saved = await saveFacts(db, ctx.tenantId, ctx.runId, facts);
  // A write whose facts were not saved (another run took the ticket over) stays in flight: that run looks it up.
  await markSettled(db, ctx.connection.id, group.settle.filter((x) => saved.has(workKey(x.w))).map((x) => x.requestId));
  return saved;
}
