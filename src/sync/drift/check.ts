/**
 * The drift check of one connection: the changes QuickBooks told of and no run has looked at
 * yet, matched by entity and id against the documents our posted tickets hold, each such
 * document read once (in bulk: one query per entity per hundred ids; a document a CDC read
 * already brought is not read again), judged, and the tickets whose documents someone else
 * changed marked changed in QuickBooks, with what changed. Summary days' documents are checked
 * in the same pass (check-days.ts).
 */
import { retire } from '../../domain/ticket-docs.js';
import type { DocRef, TicketDocs } from '../../domain/ticket-docs.js';
import type { QboClient } from '../../qbo/index.js';
import type { ChangeSource } from '../../store/drift-schema.js';
import { waitingChanges } from '../../store/qbo-changes.js';
import type { WaitingChange } from '../../store/qbo-changes.js';
import { recordDrift, refreshPostedFacts, ticketsHoldingDocs } from '../../store/ticket-drift.js';
import type { DocChange, DocsHolder, DriftNotice } from '../../store/ticket-drift.js';
import type { SyncDeps } from '../deps.js';
import { checkDayChanges } from './check-days.js';
import { judgeDoc } from './judge.js';
import type { ReadDoc } from './judge.js';
import { readUnseenIds } from './read.js';

export type DocEntity = 'Invoice' | 'RefundReceipt' | 'Payment';
export const DOC_ENTITIES: readonly DocEntity[] = ['Invoice', 'RefundReceipt', 'Payment'];

/** Documents already read in this run, by `Entity:Id`; null: QuickBooks says it is deleted. */
export type Seen = Map<string, ReadDoc | null>;

export interface DriftContext {
  deps: SyncDeps;
  tenantId: string;
  connectionId: number;
  client: QboClient;
  seen: Seen;
}

export interface CheckCounts {
  changes: number;
  documents: number;
  marked: number;
}

const PAGE = 500;

export async function checkWaitingChanges(ctx: DriftContext): Promise<CheckCounts> {
  const counts: CheckCounts = { changes: 0, documents: 0, marked: 0 };
  for (;;) {
    const changes = await waitingChanges(ctx.deps.database.db, ctx.connectionId, PAGE);
    if (changes.length === 0) return counts;
    const page = await checkPage(ctx, changes);
    counts.changes += changes.length;
    counts.documents += page.documents;
    counts.marked += page.marked;
  }
}

async function checkPage(ctx: DriftContext, changes: readonly WaitingChange[]): Promise<{ documents: number; marked: number }> {
  const db = ctx.deps.database.db;
  const ids = { Invoice: new Set<string>(), RefundReceipt: new Set<string>(), Payment: new Set<string>() };
  const sources = new Map<string, ChangeSource>();
  for (const c of changes) {
    // A document we know being created is our own write (a change by someone else comes as
    // updated, voided or deleted): no read for it.
    if (!(DOC_ENTITIES as readonly string[]).includes(c.entity) || c.operation === 'created' || c.operation === 'create') continue;
    ids[c.entity as DocEntity].add(c.entityId);
    // A webhook is the first word of a change; CDC the backstop.
    if (sources.get(`${c.entity}:${c.entityId}`) !== 'webhook') sources.set(`${c.entity}:${c.entityId}`, c.source);
  }
  const dayMarked = await checkDayChanges(ctx, changes);
  const holders = await ticketsHoldingDocs(db, ctx.tenantId, ctx.connectionId,
    { Invoice: [...ids.Invoice], RefundReceipt: [...ids.RefundReceipt], Payment: [...ids.Payment] });
  const touched = holders.map((h) => ({ holder: h, docs: liveDocs(h.docs).filter((d) => ids[d.entity].has(d.ref.id)) }));
  await readUnseen(ctx, touched.flatMap((t) => t.docs));
  const notices: DriftNotice[] = [];
  const refreshed: DocsHolder[] = [];
  for (const { holder, docs } of touched) {
    const found: DocChange[] = [];
    let advanced = false;
    for (const d of docs) {
      const verdict = judgeDoc(d.ref, ctx.seen.get(`${d.entity}:${d.ref.id}`) ?? undefined);
      if (verdict.kind !== 'ours') found.push({ entity: d.entity, docId: d.ref.id, change: verdict.kind, syncToken: verdict.syncToken, source: sources.get(`${d.entity}:${d.ref.id}`) ?? 'webhook' });
      else if (verdict.syncToken !== d.ref.syncToken) {
        // Our own payments moved the invoice's token: the facts take it, so the next change is judged from it.
        d.ref.syncToken = verdict.syncToken;
        delete d.ref.linkedWrites;
        advanced = true;
      }
    }
    if (found.length > 0) notices.push({ locationId: holder.locationId, ticketId: holder.ticketId, version: holder.version, changes: found });
    else if (advanced && holder.state === 'posted') refreshed.push(holder);
  }
  await refreshPostedFacts(db, ctx.tenantId, refreshed);
  const marked = await recordDrift(db, ctx.tenantId, notices, changes.map((c) => c.id));
  return { documents: touched.reduce((n, t) => n + t.docs.length, 0), marked: marked + dayMarked };
}

interface LiveDoc {
  entity: DocEntity;
  ref: DocRef;
}

function liveDocs(d: TicketDocs): LiveDoc[] {
  return [
    ...(d.invoice ? [{ entity: 'Invoice' as const, ref: d.invoice }] : []),
    ...(d.refundReceipt ? [{ entity: 'RefundReceipt' as const, ref: d.refundReceipt }] : []),
    ...d.payments.map((p) => ({ entity: 'Payment' as const, ref: p })),
  ];
}

/** Reads the documents not read yet in this run; one asked for and not answered is deleted. */
async function readUnseen(ctx: DriftContext, docs: readonly LiveDoc[]): Promise<void> {
  for (const entity of DOC_ENTITIES) await readUnseenIds(ctx, entity, docs.filter((d) => d.entity === entity).map((d) => d.ref.id));
}


/**
 * The facts as the user's choice leaves them. Repost: deleted and voided documents retired (new
 * ones are created), edited ones marked for a rewrite in place. Accept: deleted and voided ones
 * retired, edited ones taking QuickBooks' current SyncToken.
 */
export function factsAfterChoice(docs: TicketDocs, changes: readonly DocChange[], choice: 'repost' | 'accept', at: Date): TicketDocs {
  const out = structuredClone(docs);
  for (const c of changes) {
    const live = liveDocs(out).find((d) => d.entity === c.entity && d.ref.id === c.docId);
    if (!live) continue;
    if (c.change === 'edited') {
      if (choice === 'repost') live.ref.hash = REWRITE;
      else live.ref.syncToken = c.syncToken ?? live.ref.syncToken;
      delete live.ref.linkedWrites;
      continue;
    }
    retire(out, live.entity, live.ref, c.change, at);
    if (live.entity === 'Invoice') out.invoice = null;
    else if (live.entity === 'RefundReceipt') out.refundReceipt = null;
    else out.payments = out.payments.filter((p) => p.id !== c.docId);
  }
  return out;
}

/** A fingerprint no mapped body has: the plan rewrites the document in place (engine/plan-ops.ts). */
const REWRITE = 'changed-in-qbo';
