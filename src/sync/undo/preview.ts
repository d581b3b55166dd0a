/**
 * What an undo of a range would do, before anything is done: every live document of the range
 * (as the tickets' facts say), what QuickBooks allows for it (void an invoice or payment, delete
 * a refund receipt), in the order the engine takes them (payments before their invoice), and
 * the money per day, store and document. The steps come from the engine's own plan
 * (`nextOps` towards "nothing live"), so the preview lists exactly what the undo run sends.
 */
import { createHash } from 'node:crypto';
import type { TicketDocs } from '../../domain/ticket-docs.js';
import { DAY_DOC_ENTITY, liveDayDocs } from '../../domain/day-docs.js';
import { listLocations } from '../../store/locations.js';
import { rangeDays } from '../../store/summary-days.js';
import { getConnection } from '../../store/qbo-connections.js';
import { rangeTicketsPage } from '../../store/undo.js';
import type { RangeTicket, UndoMode, UndoRange } from '../../store/undo.js';
import type { SyncDeps } from '../deps.js';
import { notFound, ServiceError } from '../errors.js';
import { applyMissing } from '../engine/ops-batch.js';
import { nextOps } from '../engine/plan-ops.js';
import type { Op } from '../engine/plan-ops.js';

export interface UndoStep {
  /** SalesReceipt and JournalEntry: a summary day's documents (summary mode), deleted. */
  entity: 'Invoice' | 'Payment' | 'RefundReceipt' | 'SalesReceipt' | 'JournalEntry';
  action: 'void' | 'delete';
  id: string;
  /** Cents, positive. */
  total: number;
}

export interface UndoPreviewRow {
  date: string;
  locationId: string;
  entity: UndoStep['entity'];
  action: UndoStep['action'];
  documents: number;
  cents: number;
}

export interface UndoPreview extends UndoRange {
  connectionId: number;
  /** The QuickBooks company the documents are in: the confirmation names it. */
  company: string;
  mode: UndoMode;
  /** Tickets of the range holding live documents. */
  tickets: number;
  documents: number;
  /** Tickets whose last write's outcome was lost: looked up in QuickBooks before the undo touches them. */
  uncertain: number;
  rows: UndoPreviewRow[];
  /** Confirms this very preview (a digest of the documents listed): a range that changed meanwhile needs a new preview. */
  confirmToken: string;
}

const NOTHING_LIVE = { version: 0, documents: { kind: 'none' as const }, mappingRevision: 0 };
const PAGE = 500;

/** The steps that leave nothing of a ticket live, in the engine's order. Pure. */
export function undoSteps(facts: TicketDocs): UndoStep[] {
  const docs: TicketDocs = structuredClone(facts);
  const steps: UndoStep[] = [];
  for (let ops = nextOps(NOTHING_LIVE, docs, { document: 0 }); ops.length > 0; ops = nextOps(NOTHING_LIVE, docs, { document: 0 })) {
    for (const op of ops) {
      steps.push(stepOf(op));
      // Taking the document out of the copy of the facts is what the answer to the step does.
      applyMissing(op, docs, new Date(0));
    }
  }
  return steps;
}

function stepOf(op: Op): UndoStep {
  switch (op.kind) {
    case 'void-payment': return { entity: 'Payment', action: 'void', id: op.payment.id, total: op.payment.total };
    case 'delete-refund': return { entity: 'RefundReceipt', action: 'delete', id: op.ref.id, total: op.ref.total };
    case 'void-invoice': return { entity: 'Invoice', action: 'void', id: op.ref.id, total: op.ref.total };
    default: throw new Error(`an undo planned ${op.kind}`);
  }
}

/** The connection and the locations an undo or repost covers (all the connection's stores when none are named). */
export async function resolveRange(deps: SyncDeps, tenantId: string, q: { connectionId: number; locationIds?: string[]; from: string; to: string }) {
  const db = deps.database.db;
  const connection = await getConnection(db, tenantId, q.connectionId);
  if (!connection) throw notFound(`connection ${q.connectionId}`);
  const own = (await listLocations(db, tenantId)).filter((l) => l.connectionId === connection.id).map((l) => l.id);
  const locationIds = q.locationIds && q.locationIds.length > 0 ? q.locationIds : own;
  const foreign = locationIds.filter((id) => !own.includes(id));
  if (foreign.length > 0) {
    throw new ServiceError('INVALID', `not posted to this QuickBooks company: ${foreign.join(', ')}`,
      foreign.map((id) => ({ path: 'locationIds', message: 'not a store of this connection', value: id })));
  }
  if (q.from > q.to) throw new ServiceError('INVALID', `the range ends (${q.to}) before it starts (${q.from})`);
  return { connection, range: { locationIds, from: q.from, to: q.to } };
}

export async function previewUndo(deps: SyncDeps, tenantId: string,
  q: { connectionId: number; locationIds?: string[]; from: string; to: string; mode?: UndoMode }): Promise<UndoPreview> {
  const { connection, range } = await resolveRange(deps, tenantId, q);
  const preview: UndoPreview = {
    ...range, connectionId: connection.id, company: connection.companyName ?? connection.realmId, mode: q.mode ?? 'pending',
    tickets: 0, documents: 0, uncertain: 0, rows: [], confirmToken: '',
  };
  const rows = new Map<string, UndoPreviewRow>();
  const digest = createHash('sha256').update(JSON.stringify([tenantId, connection.id, range, preview.mode]));
  for (let after: RangeTicket | undefined, page: RangeTicket[]; (page = await rangeTicketsPage(deps.database.db, tenantId, range, PAGE, after)).length > 0;) {
    after = page[page.length - 1];
    for (const t of page) countTicket(preview, rows, digest, t);
  }
  // Summary mode: the days hold the documents (a summary's net is zero, so no money is listed for them).
  for (const day of await rangeDays(deps.database.db, tenantId, range)) {
    for (const { kind, ref } of liveDayDocs(day.docs)) {
      preview.documents++;
      digest.update(`${DAY_DOC_ENTITY[kind]}:${ref.id};`);
      const key = `${day.businessDate}\u0000${day.locationId}\u0000${DAY_DOC_ENTITY[kind]}`;
      const row = rows.get(key) ?? { date: day.businessDate, locationId: day.locationId, entity: DAY_DOC_ENTITY[kind], action: 'delete' as const, documents: 0, cents: 0 };
      row.documents++;
      rows.set(key, row);
    }
  }
  preview.rows = [...rows.values()];
  preview.confirmToken = digest.digest('base64url').slice(0, 22);
  return preview;
}

function countTicket(preview: UndoPreview, rows: Map<string, UndoPreviewRow>, digest: ReturnType<typeof createHash>, t: RangeTicket): void {
  if (t.docs.uncertain) preview.uncertain++;
  const steps = undoSteps(t.docs);
  if (steps.length === 0) return;
  preview.tickets++;
  for (const s of steps) {
    preview.documents++;
    digest.update(`${s.entity}:${s.id};`);
    const key = `${t.businessDate}\u0000${t.locationId}\u0000${s.entity}`;
    const row = rows.get(key) ?? { date: t.businessDate, locationId: t.locationId, entity: s.entity, action: s.action, documents: 0, cents: 0 };
    row.documents++;
    row.cents += s.total;
    rows.set(key, row);
  }
}
