/**
 * The Repair page (issue 16):
 *   GET  /repair?connection=&dry-run=1                      what a Sync now run would write (nothing is written)
 *   GET  /repair?connection=&undo=1&from=&to=&mode=         what an undo of the range would void or delete
 *   POST /repair/undo   {connection, from, to, mode, confirmToken, company}   the undo, confirmed by typing the company's name
 *   and the audit log of destructive actions (who, when, what, how many documents).
 * The QuickBooks page offers the dry run before the first sync of a connection.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ConnectionView, DryRunReport, UndoPreview } from '../../sync/index.js';
import { sessionOf } from '../session/guards.js';
import { describeFailure } from './failures.js';
import { field, flash, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import * as format from './format.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface RepairQuery {
  connection?: string;
  'dry-run'?: string;
  undo?: string;
  from?: string;
  to?: string;
  mode?: string;
}

export function repairPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: RepairQuery }>('/repair', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const q = request.query;
    const connections = (await kit.deps.sync.connections(tenantId)).filter((c) => c.status === 'connected');
    const connection = connections.find((c) => String(c.id) === q.connection) ?? connections[0] ?? null;
    const range = { from: q.from ?? '', to: q.to ?? '', mode: q.mode === 'withheld' ? 'withheld' as const : 'pending' as const };
    let dryRun: DryRunReport | null = null;
    let undo: UndoPreview | null = null;
    let problem: string | null = null;
    try {
      if (connection && q['dry-run']) dryRun = await kit.deps.sync.repair.dryRun(tenantId, { connectionId: connection.id });
      if (connection && q.undo) {
        if (!DATE.test(range.from) || !DATE.test(range.to)) problem = 'Give the first and last business dates of the range.';
        else undo = await kit.deps.sync.repair.previewUndo(tenantId, { connectionId: connection.id, ...range });
      }
    } catch (err) {
      problem = describeFailure(err);
    }
    return render(kit, request, reply, { connections, connection, range, dryRun, undo, problem, status: problem ? 422 : 200 });
  });

  app.post('/repair/undo', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const connectionId = Number(field(request, 'connection'));
    const range = { from: field(request, 'from'), to: field(request, 'to'), mode: field(request, 'mode') === 'withheld' ? 'withheld' as const : 'pending' as const };
    const back = `/repair?connection=${connectionId}&undo=1&from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}&mode=${range.mode}#undo`;
    try {
      // Both: the preview the user saw (its token) and the company's name typed by the user.
      const preview = await kit.deps.sync.repair.previewUndo(tenantId, { connectionId, ...range });
      if (field(request, 'confirmToken') !== preview.confirmToken) throw new Error('the range changed since its preview: look at it again');
      const started = await kit.deps.sync.repair.undo(tenantId, { connectionId, ...range, confirm: field(request, 'company') },
        { actor: sessionOf(request).user.email, via: 'session' });
      flash(kit, request, reply, { kind: 'success', text: `Undo of ${range.from} to ${range.to} started: ${started.documents} documents are voided or deleted by run ${started.runId}.`,
        link: { href: `/quickbooks?run=${started.runId}#progress`, label: `Follow run ${started.runId}` } });
      return reply.redirect('/repair#audit', 303);
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Nothing was undone: ${describeFailure(err)}` });
      return reply.redirect(back, 303);
    }
  });
}

interface RepairView {
  connections: ConnectionView[];
  connection: ConnectionView | null;
  range: { from: string; to: string; mode: 'pending' | 'withheld' };
  dryRun: DryRunReport | null;
  undo: UndoPreview | null;
  problem: string | null;
  status: number;
}

async function render(kit: PageKit, request: FastifyRequest, reply: FastifyReply, v: RepairView): Promise<FastifyReply> {
  const tenantId = sessionOf(request).user.tenantId;
  const audit = await kit.deps.sync.repair.audit(tenantId, 50);
  return sendHtml(reply, v.status, kit.render('repair', {
    ...signedInLayout(kit, request, reply, 'Repair', 'repair'),
    page: { ...v, audit: audit.map((a) => ({ ...a, subject: a.subject as { company?: string; from?: string; to?: string; mode?: string } })) },
    format,
  }));
}
