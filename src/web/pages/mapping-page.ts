/**
 * The Mapping page (docs/mapping.md, "How a user maps"), one QuickBooks connection at a time:
 *
 *   GET  /mapping                 POS names seen, their targets and pickers, stores' class and location,
 *                                 and (with from, to and preview) what "Apply" would change
 *   POST /mapping                 save the pickers (the service checks them against the company)
 *   POST /mapping/create          "Create for me": a record in QuickBooks for one name, then mapped to it
 *   POST /mapping/refresh         read the company's lists from QuickBooks again
 *   POST /mapping/apply           rewrite what is already posted in the range (after the preview)
 *   GET  /mapping/export          the mapping by names, as a JSON download
 *   POST /mapping/import          pasted JSON of an export, names resolved in this company
 *
 * A refused save re-renders the form with what was sent and each error next to its field;
 * everything else ends in a redirect with a message (a reload never repeats an action).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DATE_RANGE_TEXT, isDateInRange } from '../../domain/business-date.js';
import type { TargetRole } from '../../domain/account-mapping.js';
import { listLocations } from '../../store/locations.js';
import type { CompanyLists, ConnectionView, MappingService } from '../../sync/index.js';
import { sessionOf } from '../session/guards.js';
import { describeFailure } from './failures.js';
import { field, flash, notFound, renderErrorPage, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { readMappingForm, readRange, valueLabelIn } from './mapping-form.js';
import { buildPageView, problemsFromPaths, SEEN_DAYS } from './mapping-view.js';
import type { ApplyView, FieldProblem, Submitted } from './mapping-view.js';

type Query = { connection?: string | string[]; from?: string | string[]; to?: string | string[]; preview?: string | string[] };
const first = (v: string | string[] | undefined) => [v].flat()[0] ?? '';

export function mappingPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: Query }>('/mapping', async (request, reply) => {
    const ctx = await context(kit, request, reply, first(request.query.connection));
    if (!ctx || reply.sent) return reply;
    const { from, to } = defaultRange(first(request.query.from), first(request.query.to));
    const apply: ApplyView = { from, to, preview: null, problems: [] };
    if (first(request.query.preview) !== '') {
      apply.problems = readRange(from, to, isDateInRange, DATE_RANGE_TEXT);
      if (apply.problems.length === 0) apply.preview = await ctx.service.previewApply(ctx.tenantId, ctx.connection.id, { from, to });
    }
    return renderPage(kit, request, reply, ctx, { apply, status: apply.problems.length ? 422 : 200 });
  });

  app.post('/mapping', async (request, reply) => {
    const ctx = await context(kit, request, reply, field(request, 'connection'));
    if (!ctx || reply.sent) return reply;
    try {
      const saved = await saveForm(ctx, request);
      if (!saved.ok) return renderPage(kit, request, reply, ctx, { status: 422, problems: saved.problems, submitted: saved.submitted });
      flash(kit, request, reply, { kind: 'success', text: `Mapping saved (revision ${saved.revision}). It applies to what is posted from now on; "Apply to what is already posted" rewrites earlier documents.` });
    } catch (err) {
      // Saved by someone else meanwhile, QuickBooks unreachable: said, and the page shows what is saved now.
      request.log.warn({ err }, 'mapping save failed');
      flash(kit, request, reply, { kind: 'error', text: `The mapping was not saved: ${describeFailure(err)}` });
    }
    return reply.redirect(ctx.back, 303);
  });

  app.post('/mapping/apply', async (request, reply) => {
    const ctx = await context(kit, request, reply, field(request, 'connection'));
    if (!ctx || reply.sent) return reply;
    const from = field(request, 'from');
    const to = field(request, 'to');
    const problems = readRange(from, to, isDateInRange, DATE_RANGE_TEXT);
    if (problems.length) return renderPage(kit, request, reply, ctx, { status: 422, apply: { from, to, preview: null, problems } });
    try {
      const { runId, tickets } = await ctx.service.applyToPosted(ctx.tenantId, ctx.connection.id, { from, to });
      flash(kit, request, reply, runId === null
        ? { kind: 'info', text: `Nothing to rewrite from ${from} to ${to}: every posted document already follows the mapping.` }
        : { kind: 'success', text: `Applying the mapping to ${tickets} posted tickets from ${from} to ${to}: run ${runId} rewrites their documents in place.`,
          link: { href: `/quickbooks?run=${runId}#progress`, label: `Follow the progress of run ${runId}` } });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Apply did not start: ${describeFailure(err)}` });
    }
    return reply.redirect(ctx.back, 303);
  });

  recordActions(app, kit);
  exportImport(app, kit);
}

/** "Create for me" and "Refresh": the two actions that go to QuickBooks for the company's own records. */
function recordActions(app: FastifyInstance, kit: PageKit): void {
  app.post('/mapping/create', async (request, reply) => {
    const ctx = await context(kit, request, reply, field(request, 'connection'));
    if (!ctx || reply.sent) return reply;
    const which = field(request, 'create');
    const m = /^(target|class|department)-(\d+)$/.exec(which);
    if (!m) return renderErrorPage(kit, request, reply, 400, 'That did not work', `"${which}" is not a name of this page to create a record for.`, { href: ctx.back, label: 'Back to the mapping' });
    const [, what, i] = m;
    const isStore = what !== 'target';
    const role: TargetRole = isStore ? 'location' : (field(request, `role-${i}`) as TargetRole);
    const posName = isStore ? field(request, `storename-${i}`) || field(request, `store-${i}`) : field(request, `name-${i}`) || field(request, `key-${i}`);
    try {
      const ref = await ctx.service.createTarget(ctx.tenantId, ctx.connection.id, { role, posName, ...(isStore && { what: what as 'class' | 'department' }) });
      const lists = await ctx.service.companyLists(ctx.tenantId, ctx.connection.id, { refresh: true });
      // The new record is chosen in its picker, and the whole form saved with it.
      const isAccount = lists.accounts.some((x) => x.id === ref.id && x.name === ref.name);
      const kind = isStore ? what! : role === 'method' ? 'pm' : isAccount ? 'account' : 'item';
      const saved = await saveForm(ctx, request, { field: `${what}-${i}`, value: `${kind}:${ref.id}` });
      if (!saved.ok) return renderPage(kit, request, reply, ctx, { status: 422, problems: saved.problems, submitted: saved.submitted });
      flash(kit, request, reply, { kind: 'success', text: `Created "${ref.name}" in QuickBooks and mapped ${posName} to it (revision ${saved.revision}).` });
    } catch (err) {
      request.log.warn({ err }, 'create for me failed');
      flash(kit, request, reply, { kind: 'error', text: `Could not create a record for ${posName}: ${describeFailure(err)}` });
    }
    return reply.redirect(ctx.back, 303);
  });

  app.post('/mapping/refresh', async (request, reply) => {
    const ctx = await context(kit, request, reply, field(request, 'connection'));
    if (!ctx || reply.sent) return reply;
    try {
      const l = await ctx.service.companyLists(ctx.tenantId, ctx.connection.id, { refresh: true });
      flash(kit, request, reply, { kind: 'success', text: `Read from QuickBooks: ${l.accounts.length} accounts, ${l.items.length} items, ${l.classes.length} classes, ${l.departments.length} locations, ${l.paymentMethods.length} payment methods.` });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Could not read the lists from QuickBooks: ${describeFailure(err)}` });
    }
    return reply.redirect(ctx.back, 303);
  });
}

/** Export as a download, and import pasted JSON: one store's set-up carried to another company. */
function exportImport(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: Query }>('/mapping/export', async (request, reply) => {
    const ctx = await context(kit, request, reply, first(request.query.connection));
    if (!ctx || reply.sent) return reply;
    const doc = await ctx.service.exportMapping(ctx.tenantId, ctx.connection.id);
    const file = `mapping-${(ctx.connection.companyName ?? ctx.connection.realmId).replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'company'}.json`;
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${file}"`)
      .type('application/json; charset=utf-8').send(`${JSON.stringify(doc, null, 2)}\n`);
  });

  app.post('/mapping/import', async (request, reply) => {
    const ctx = await context(kit, request, reply, field(request, 'connection'));
    if (!ctx || reply.sent) return reply;
    let doc: unknown;
    try {
      doc = JSON.parse(field(request, 'document'));
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Import: the text pasted is not JSON (${(err as Error).message}); nothing changed.` });
      return reply.redirect(`${ctx.back}#transfer`, 303);
    }
    try {
      const allowMissing = field(request, 'allowMissing') === '1';
      const r = await ctx.service.importMapping(ctx.tenantId, ctx.connection.id, doc, { save: true, allowMissing, by: sessionOf(request).user.email });
      flash(kit, request, reply, r.revision === null
        ? { kind: 'error', text: `Import not saved: ${r.missing.length} of its names are not in this company. Create them in QuickBooks (then Refresh), or tick "Save what resolves".`, items: r.missing }
        : { kind: 'success', text: `Mapping imported (revision ${r.revision}).${r.missing.length ? ` ${r.missing.length} names were not in this company and stay on their defaults:` : ''}`, items: r.missing });
    } catch (err) {
      flash(kit, request, reply, { kind: 'error', text: `Import refused: ${describeFailure(err)}` });
    }
    return reply.redirect(`${ctx.back}#transfer`, 303);
  });
}

interface Ctx {
  tenantId: string;
  service: MappingService;
  connections: ConnectionView[];
  connection: ConnectionView;
  back: string;
}

/** The tenant's connection the request names (or its first), and the service; or an answer already sent. */
async function context(kit: PageKit, request: FastifyRequest, reply: FastifyReply, connectionParam: string): Promise<Ctx | null> {
  const tenantId = sessionOf(request).user.tenantId;
  const service = kit.deps.sync.mapping;
  const connections = (await kit.deps.sync.connections(tenantId)).filter((c) => c.status !== 'disconnected');
  if (connections.length === 0) {
    const layout = signedInLayout(kit, request, reply, 'Mapping', 'mapping');
    await sendHtml(reply, 200, kit.render('mapping-none', layout));
    return null;
  }
  const connection = connectionParam === '' ? connections[0]! : connections.find((c) => String(c.id) === connectionParam);
  if (!connection) {
    await notFound(kit, request, reply, 'That QuickBooks connection');
    return null;
  }
  return { tenantId, service, connections, connection, back: `/mapping?connection=${connection.id}` };
}

type SaveOutcome = { ok: true; revision: number } | { ok: false; problems: FieldProblem[]; submitted: Submitted };

/** The form laid over the stored mapping (with one field forced, for "Create for me") and saved. */
async function saveForm(ctx: Ctx, request: FastifyRequest, force?: { field: string; value: string }): Promise<SaveOutcome> {
  const [view, lists] = await Promise.all([
    ctx.service.mapping(ctx.tenantId, ctx.connection.id), ctx.service.companyLists(ctx.tenantId, ctx.connection.id)]);
  if (force) (request.body as Record<string, unknown>)[force.field] = force.value;
  const form = readMappingForm(request, view.mapping, lists);
  if (form.problems.length) return { ok: false, problems: form.problems, submitted: form.submitted };
  const expectedRevision = Number(field(request, 'revision'));
  const result = await ctx.service.saveMapping(ctx.tenantId, ctx.connection.id, form.mapping,
    { expectedRevision: Number.isSafeInteger(expectedRevision) ? expectedRevision : view.revision, by: sessionOf(request).user.email });
  if (result.ok) return { ok: true, revision: result.revision };
  return { ok: false, submitted: form.submitted,
    problems: problemsFromPaths(result.errors, { rows: form.rows, stores: form.stores, mapping: form.mapping, valueLabel: valueLabelIn(lists) }) };
}

async function renderPage(kit: PageKit, request: FastifyRequest, reply: FastifyReply, ctx: Ctx,
  opts: { status: number; apply?: ApplyView; problems?: FieldProblem[]; submitted?: Submitted }): Promise<FastifyReply> {
  let listsError: string | null = null;
  const [view, lists, seen, locations] = await Promise.all([
    ctx.service.mapping(ctx.tenantId, ctx.connection.id),
    // Read from QuickBooks the first time: a lost connection must not cost the page, only its pickers.
    ctx.service.companyLists(ctx.tenantId, ctx.connection.id).catch((err: unknown): CompanyLists => {
      request.log.warn({ err }, 'company lists unavailable');
      listsError = describeFailure(err);
      return { accounts: [], items: [], classes: [], departments: [], paymentMethods: [], readAt: '' };
    }),
    ctx.service.posNamesSeen(ctx.tenantId, ctx.connection.id, { days: SEEN_DAYS }),
    listLocations(kit.deps.db, ctx.tenantId),
  ]);
  const apply = opts.apply ?? { ...defaultRange(field(request, 'from'), field(request, 'to')), preview: null, problems: [] };
  const page = buildPageView({ connections: ctx.connections, connection: ctx.connection, view, lists, seen, locations,
    submitted: opts.submitted, problems: opts.problems, apply });
  const layout = signedInLayout(kit, request, reply, 'Mapping', 'mapping');
  return sendHtml(reply, opts.status, kit.render('mapping', { ...layout, page, listsError, seenDays: SEEN_DAYS }));
}

/** The last 30 days through today (UTC), unless the form says otherwise. */
function defaultRange(from: string, to: string): { from: string; to: string } {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - (SEEN_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from: from || monthAgo, to: to || today };
}
