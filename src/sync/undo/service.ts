/**
 * Repair of what was posted (issue 16), as the facade's `sync.repair`: preview and undo a
 * range, repost a range or chosen tickets, and the audit log. Undo and a repost of a range are
 * destructive: each needs a confirmation naming the QuickBooks company (or the preview's token)
 * and is written to the audit log with who asked, through which door, and how many documents.
 * Whether the caller may ask at all (a session, or an API key with the `destructive` scope) is
 * the door's to check.
 */
import { listAudit, writeAudit } from '../../store/audit-log.js';
import type { AuditRow, AuditVia } from '../../store/audit-log.js';
import { enqueueRun } from '../../store/runs.js';
import { createUndoJob, getUndoJob, markForRepost, rangeTicketsPage } from '../../store/undo.js';
import type { RangeTicket, UndoJob, UndoMode } from '../../store/undo.js';
import { hasLiveDocs } from '../../domain/ticket-docs.js';
import type { TicketRef } from '../../domain/run.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError } from '../errors.js';
import { dryRun } from '../dry-run/dry-run.js';
import type { DryRunQuery, DryRunReport } from '../dry-run/dry-run.js';
import { previewUndo, resolveRange } from './preview.js';
import type { UndoPreview } from './preview.js';

export interface Actor {
  /** Who: the signed-in user's e-mail, the API key's prefix, or the CLI's operator. */
  actor: string;
  via: AuditVia;
}

export interface RangeQuery {
  connectionId: number;
  /** Default: every store posting to the connection. */
  locationIds?: string[];
  from: string;
  to: string;
}

export interface Confirmation {
  /** The company's name, as the preview shows it. */
  confirm?: string;
  /** Or the preview's token: confirms that very preview. */
  confirmToken?: string;
}

export interface RepostPreview {
  company: string;
  /** Tickets that would go back to pending, and the documents rewritten in place (the rest are created). */
  tickets: number;
  documentsInPlace: number;
}

export interface UndoStarted {
  runId: number;
  jobId: number;
  documents: number;
  tickets: number;
}

export interface RepairService {
  /** What a Sync now run would write, with nothing written (reads only). */
  dryRun(tenantId: string, q: DryRunQuery): Promise<DryRunReport>;
  previewUndo(tenantId: string, q: RangeQuery & { mode?: UndoMode }): Promise<UndoPreview>;
  undo(tenantId: string, q: RangeQuery & { mode?: UndoMode } & Confirmation, who: Actor): Promise<UndoStarted>;
  undoJob(tenantId: string, id: number): Promise<UndoJob | null>;
  previewRepost(tenantId: string, q: RangeQuery): Promise<RepostPreview>;
  /** A range (confirmed), or chosen tickets of it (`tickets`: no confirmation needed for those the user picked one by one). */
  repost(tenantId: string, q: RangeQuery & Confirmation & { tickets?: TicketRef[] }, who: Actor): Promise<{ runId: number | null; tickets: number }>;
  audit(tenantId: string, limit?: number): Promise<AuditRow[]>;
}

export function makeRepairService(deps: SyncDeps, kick: () => void = () => undefined): RepairService {
  const db = deps.database.db;
  return {
    dryRun: (tenantId, q) => dryRun(deps, tenantId, q),
    previewUndo: (tenantId, q) => previewUndo(deps, tenantId, q),
    async undo(tenantId, q, who) {
      const preview = await previewUndo(deps, tenantId, q);
      confirmed(preview.company, preview.confirmToken, q);
      const jobId = await busyIfOpen(() => createUndoJob(db, { tenantId, connectionId: q.connectionId, locationIds: preview.locationIds,
        from: preview.from, to: preview.to, mode: preview.mode, requestedBy: who.actor, documentsPlanned: preview.documents }));
      const runId = await enqueueRun(db, { tenantId, connectionId: q.connectionId, locationId: null, trigger: 'undo' });
      await writeAudit(db, tenantId, { ...who, action: 'undo', documents: preview.documents, runId,
        subject: { company: preview.company, connectionId: q.connectionId, locationIds: preview.locationIds, from: preview.from, to: preview.to,
          mode: preview.mode, tickets: preview.tickets, undoJob: jobId } });
      kick();
      return { runId, jobId, documents: preview.documents, tickets: preview.tickets };
    },
    undoJob: (tenantId, id) => getUndoJob(db, tenantId, id),
    previewRepost: (tenantId, q) => previewRepost(deps, tenantId, q),
    async repost(tenantId, q, who) {
      const preview = await previewRepost(deps, tenantId, q);
      if (!q.tickets) confirmed(preview.company, null, q);
      const { range } = await resolveRange(deps, tenantId, q);
      const keys = await markForRepost(db, tenantId, range, q.tickets ?? null);
      const runId = keys.length > 0 ? await enqueueRun(db, { tenantId, connectionId: q.connectionId, locationId: null, trigger: 'repost', ticketKeys: keys }) : null;
      await writeAudit(db, tenantId, { ...who, action: 'repost', documents: preview.documentsInPlace, runId,
        subject: { company: preview.company, connectionId: q.connectionId, locationIds: range.locationIds, from: range.from, to: range.to,
          tickets: keys.length, ...(q.tickets && { chosen: q.tickets.length }) } });
      if (runId !== null) kick();
      return { runId, tickets: keys.length };
    },
    audit: (tenantId, limit) => listAudit(db, tenantId, limit),
  };
}

function confirmed(company: string, token: string | null, c: Confirmation): void {
  if (c.confirmToken !== undefined && token !== null) {
    if (c.confirmToken === token) return;
    throw new ServiceError('CONFIRM', 'the range changed since its preview: look at the preview again and confirm it');
  }
  if (c.confirm !== undefined && c.confirm.trim() === company) return;
  throw new ServiceError('CONFIRM', `confirm by naming the QuickBooks company: "${company}"`);
}

async function busyIfOpen<T>(create: () => Promise<T>): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if ((err as { code?: string }).code === '23505') throw new ServiceError('BUSY', 'an undo of this QuickBooks company is already under way: wait for it to finish');
    throw err;
  }
}

const REPOSTABLE = new Set(['posted', 'skipped', 'withheld']);

async function previewRepost(deps: SyncDeps, tenantId: string, q: RangeQuery & { tickets?: TicketRef[] }): Promise<RepostPreview> {
  const { connection, range } = await resolveRange(deps, tenantId, q);
  const chosen = q.tickets ? new Set(q.tickets.map((t) => `${t.locationId}\u0000${t.ticketId}`)) : null;
  const preview: RepostPreview = { company: connection.companyName ?? connection.realmId, tickets: 0, documentsInPlace: 0 };
  for (let after: RangeTicket | undefined, page: RangeTicket[]; (page = await rangeTicketsPage(deps.database.db, tenantId, range, 500, after)).length > 0;) {
    after = page[page.length - 1];
    for (const t of page) {
      if (!REPOSTABLE.has(t.state) || (chosen && !chosen.has(`${t.locationId}\u0000${t.ticketId}`))) continue;
      preview.tickets++;
      if (hasLiveDocs(t.docs)) preview.documentsInPlace += (t.docs.invoice ? 1 : 0) + (t.docs.refundReceipt ? 1 : 0) + t.docs.payments.length;
    }
  }
  return preview;
}
