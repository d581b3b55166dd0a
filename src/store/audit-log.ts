/**
 * The audit log of destructive actions (issue 16): who did what, when, through which door,
 * and how many QuickBooks documents it touches. Rows are only ever added.
 */
import type { Db } from './db.js';

export type AuditVia = 'session' | 'api-key' | 'cli';

export interface AuditEntry {
  actor: string;
  via: AuditVia;
  /** 'undo', 'repost', … */
  action: string;
  /** What it covered: company, locations, dates, mode, tickets. */
  subject: Record<string, unknown>;
  documents: number;
  runId: number | null;
}

export interface AuditRow extends AuditEntry {
  id: number;
  at: Date;
}

export async function writeAudit(db: Db, tenantId: string, e: AuditEntry): Promise<number> {
  const row = await db.insertInto('audit_log').values({
    tenant_id: tenantId, actor: e.actor, via: e.via, action: e.action, subject: JSON.stringify(e.subject), documents: e.documents, run_id: e.runId,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The newest entries first. */
export async function listAudit(db: Db, tenantId: string, limit = 100): Promise<AuditRow[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId).orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, at: r.at, actor: r.actor, via: r.via as AuditVia, action: r.action,
    subject: (r.subject ?? {}) as Record<string, unknown>, documents: r.documents, runId: r.run_id,
  }));
}
