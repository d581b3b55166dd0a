/**
 * "Apply to what is already posted" (docs/mapping.md): for a connection and a date range, which
 * posted documents a mapping change would rewrite and how much money it moves between accounts
 * (the preview), then those tickets back to pending with the changing documents marked, and a
 * run that rewrites them in place (the confirm). Documents are compared by where their parts
 * post under the mapping revision they were posted with and under the current one, so nothing
 * is read from QuickBooks and a second apply finds nothing to do.
 */
import { emptyMapping, methodKey } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import type { TicketDocs } from '../../domain/ticket-docs.js';
import { METHOD_TITLES, compareTargets, compileRules, groupTitle, postingTargets } from '../../mapping/index.js';
import type { DefaultTargets, TargetChanges } from '../../mapping/index.js';
import { getMapping, mappingAtRevision } from '../../store/account-mappings.js';
import { listLocations } from '../../store/locations.js';
import { getConnection } from '../../store/qbo-connections.js';
import { markForRemap, postedTicketsPage } from '../../store/remap.js';
import type { PostedTicket } from '../../store/remap.js';
import { enqueueRun } from '../../store/runs.js';
import type { SyncDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { readSetup } from '../setup/stored-setup.js';
import type { StoredSetup } from '../setup/stored-setup.js';
import type { ApplyPreview } from './types.js';

const PAGE = 500;
/** A fingerprint no mapped body has: the document is rewritten by the next run. */
const STALE = 'stale (apply the mapping)';

interface Range { from: string; to: string }
interface Change { ticket: PostedTicket; changes: TargetChanges }

export async function previewApply(deps: SyncDeps, tenantId: string, connectionId: number, range: Range): Promise<ApplyPreview> {
  const preview: ApplyPreview = { ...range, tickets: 0, ticketsChanging: 0, documents: {}, moves: [] };
  const moves = new Map<string, { from: string; to: string; cents: number }>();
  await eachChange(deps, tenantId, connectionId, range, async (page, changing) => {
    preview.tickets += page;
    preview.ticketsChanging += changing.length;
    for (const { ticket, changes } of changing) {
      if (changes.document) count(preview.documents, ticket.docs.invoice ? 'Invoice' : 'RefundReceipt');
      for (let i = 0; i < changes.payments.length; i++) count(preview.documents, 'Payment');
      for (const m of changes.moves) {
        const key = `${m.from}\u0000${m.to}`;
        const total = moves.get(key) ?? { from: m.from, to: m.to, cents: 0 };
        total.cents += m.cents;
        moves.set(key, total);
      }
    }
  });
  preview.moves = [...moves.values()].filter((m) => m.cents !== 0).sort((a, b) => Math.abs(b.cents) - Math.abs(a.cents));
  return preview;
}

export async function applyToPosted(deps: SyncDeps, tenantId: string, connectionId: number, range: Range): Promise<{ runId: number | null; tickets: number }> {
  const keys: { locationId: string; ticketId: string }[] = [];
  await eachChange(deps, tenantId, connectionId, range, async (_page, changing) => {
    const updates = changing.map(({ ticket, changes }) => ({ locationId: ticket.locationId, ticketId: ticket.ticketId, docs: markStale(ticket.docs,
      changes) }));
    keys.push(...await markForRemap(deps.database.db, tenantId, updates));
  });
  if (keys.length === 0) return { runId: null, tickets: 0 };
  const runId = await enqueueRun(deps.database.db, { tenantId, connectionId, locationId: null, trigger: 'remap', ticketKeys: keys });
  return { runId, tickets: keys.length };
}

/** Walks the posted tickets of the range page by page, handing each page's changing tickets over. */
async function eachChange(deps: SyncDeps, tenantId: string, connectionId: number, range: Range,
  onPage: (tickets: number, changing: Change[]) => Promise<void>): Promise<void> {
  const db = deps.database.db;
  const connection = await getConnection(db, tenantId, connectionId);
  if (!connection) throw notFound(`connection ${connectionId}`);
  const setup = readSetup(connection)?.setup;
  if (!setup) return;
  const current = (await getMapping(db, tenantId, connectionId)).mapping;
  const revisions = new Map<number, Promise<AccountMapping>>([[0, Promise.resolve(emptyMapping())]]);
  const mappingAt = (revision: number) => {
    if (!revisions.has(revision)) revisions.set(revision, mappingAtRevision(db, tenantId, connectionId, revision));
    return revisions.get(revision)!;
  };
  const defaults = defaultTargets(setup, connection.setupReport);
  const locationIds = (await listLocations(db, tenantId)).filter((l) => l.connectionId === connectionId).map((l) => l.id);
  for (let after: PostedTicket | undefined; ;) {
    const page = await postedTicketsPage(db, tenantId, { locationIds, ...range, limit: PAGE, ...(after && { after }) });
    if (page.length === 0) return;
    const changing: Change[] = [];
    for (const t of page) {
      if (!t.stored.ok) continue;
      const revision = t.docs.invoice?.mappingRevision ?? t.docs.refundReceipt?.mappingRevision ?? 0;
      const before = postingTargets(t.stored.ticket, compileRules(await mappingAt(revision), t.locationId), defaults);
      const now = postingTargets(t.stored.ticket, compileRules(current, t.locationId), defaults);
      const changes = compareTargets(before, now, t.stored.ticket.total < 0);
      if (changes.document || changes.payments.length > 0) changing.push({ ticket: t, changes });
    }
    await onPage(page.length, changing);
    after = page[page.length - 1];
  }
}

/** The facts with the documents to rewrite marked: the next run's plan sees them as not holding the current mapping. */
function markStale(docs: TicketDocs, changes: TargetChanges): TicketDocs {
  const stale = <T extends { hash?: string }>(ref: T): T => ({ ...ref, hash: STALE });
  return {
    ...docs,
    invoice: docs.invoice && changes.document ? stale(docs.invoice) : docs.invoice,
    refundReceipt: docs.refundReceipt && changes.document ? stale(docs.refundReceipt) : docs.refundReceipt,
    payments: docs.payments.map((p) => (changes.payments.some((title) => noteDetail(p.note).startsWith(title)) ? stale(p) : p)),
  };
}

/** A payment's memo after `POS <location>/<ticket> v<n>; `: its method's title first. */
function noteDetail(note: string): string {
  const at = note.indexOf('; ');
  return at < 0 ? '' : note.slice(at + 2);
}

/** What unmapped names post to, by the names the company's records have. */
export function defaultTargets(setup: StoredSetup, report: unknown): DefaultTargets {
  const names = new Map<string, string>();
  for (const r of (report as { records?: { id: string; name: string; entity: string }[] } | null)?.records ?? []) {
    if (r.entity === 'Account') names.set(r.id, r.name);
  }
  const account = (id: string | undefined, fallback: string) => (id && names.get(id)) || fallback;
  const services = account(setup.accounts.serviceIncome, 'Services');
  const labels = new Map(setup.needs.filter((n) => n.kind === 'label-method').map((n) => [n.key, n.label]));
  return {
    product: account(setup.accounts.productIncome, 'Sales of Product Income'), service: services,
    giftCardSales: account(setup.accounts.giftCardLiability, 'Gift Card Liability'), discounts: account(setup.accounts.discounts, 'Discounts given'),
    tax: services, tips: services, rewardPoints: services, customerBalance: services,
    depositAccount: account(setup.undepositedFunds, 'Undeposited Funds'),
    method: (group) => (group.label ? labels.get(methodKey(group)) ?? groupTitle(group) : METHOD_TITLES[group.method]),
  };
}

function count(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
