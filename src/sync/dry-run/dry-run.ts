/**
 * A dry run (issue 16): what a Sync now run (of a location or a connection, optionally within
 * business dates) would write, with nothing written. The same code as a run decides it: the
 * set-up (Initialize, when it never ran, and the records tickets need) through a client that
 * only reads (read-only-client.ts), each ticket mapped by the mapper, its steps planned by the
 * engine's plan from its facts; the money per day and account from the mapping's posting
 * targets. So the figures are the ones the run then posts.
 */
import type { Op, Target } from '../engine/plan-ops.js';
import { nextOps } from '../engine/plan-ops.js';
import { applySuccess } from '../engine/ops-batch.js';
import { centsFromWire } from '../engine/wire.js';
import { compileRules, mapTicket, postingTargets } from '../../mapping/index.js';
import type { CompiledRules } from '../../mapping/index.js';
import type { TicketDocs } from '../../domain/ticket-docs.js';
import { getMapping } from '../../store/account-mappings.js';
import { claimableTicketsPage } from '../../store/dry-run.js';
import type { DryRunScope } from '../../store/dry-run.js';
import { listLocations } from '../../store/locations.js';
import { getConnection } from '../../store/qbo-connections.js';
import type { ClaimedTicket } from '../../store/sync-tickets.js';
import { clientFor } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import { notFound, ServiceError } from '../errors.js';
import { defaultTargets } from '../mapping/apply.js';
import { resolveConnection } from '../service/runs.js';
import { initializeCompany, readSetup } from '../setup/initialize.js';
import type { InitializeReport, StoredSetup } from '../setup/stored-setup.js';
import { ensureNeeds, unmetNeeds } from '../setup/needs.js';
import { readOnlyClient } from './read-only-client.js';
import type { ReadOnlyClient } from './read-only-client.js';

export interface DryRunFigure {
  entity: 'Invoice' | 'Payment' | 'RefundReceipt';
  operation: 'create' | 'update' | 'void' | 'delete';
  documents: number;
  /** Cents, positive: the documents' totals. */
  cents: number;
}

export interface DryRunReport {
  company: string;
  connectionId: number;
  locationIds: string[];
  from: string | null;
  to: string | null;
  /** Initialize has run for the connection (otherwise the run starts with it). */
  initialized: boolean;
  tickets: number;
  /** Tickets the run would skip: they cannot be written as documents (the first problem of each). */
  unmappable: { locationId: string; ticketId: string; problem: string }[];
  /** Tickets whose last write's outcome was lost: the run looks them up first (the plan assumes the facts). */
  uncertain: number;
  documents: DryRunFigure[];
  days: (DryRunFigure & { date: string; locationId: string })[];
  /** Per business date and account (or item) the documents post to: signed cents, sale orientation. */
  accounts: { date: string; account: string; cents: number }[];
  /** Set-up records the run would create (Initialize's and those the tickets need). */
  setupRecords: { entity: string; name: string | null }[];
  /** Requests the dry run sent to QuickBooks: reads only. */
  reads: number;
}

export interface DryRunQuery {
  connectionId?: number;
  locationId?: string;
  from?: string;
  to?: string;
}

const PAGE = 300;
const MAX_STEPS = 8;

export async function dryRun(deps: SyncDeps, tenantId: string, q: DryRunQuery): Promise<DryRunReport> {
  const db = deps.database.db;
  const connectionId = q.connectionId ?? (await resolveConnection(deps, tenantId, q.locationId)).connectionId;
  const connection = await getConnection(db, tenantId, connectionId);
  if (!connection) throw notFound(`connection ${connectionId}`);
  if (connection.status !== 'connected') throw new ServiceError('NOT_CONNECTED', `QuickBooks needs to be reconnected (${connection.statusReason ?? connection.status})`);
  const locations = (await listLocations(db, tenantId)).filter((l) => l.enabled && l.connectionId === connectionId && (!q.locationId || l.id === q.locationId));
  const client = readOnlyClient(clientFor(deps, connection));
  const stored = readSetup(connection);
  let { setup, report } = stored ?? await initializeCompany(deps, client);
  const { mapping, revision } = await getMapping(db, tenantId, connectionId);
  const out: DryRunReport = {
    company: connection.companyName ?? connection.realmId, connectionId, locationIds: locations.map((l) => l.id), from: q.from ?? null, to: q.to ?? null,
    initialized: stored !== null, tickets: 0, unmappable: [], uncertain: 0, documents: [], days: [], accounts: [], setupRecords: [], reads: 0,
  };
  const scope: DryRunScope = { tenantId, locations: locations.map((l) => ({ id: l.id, startDate: l.syncStartDate })), cutoffAt: new Date(deps.clock.now()),
    from: q.from ?? null, to: q.to ?? null };
  const rules = new Map<string, CompiledRules>(locations.map((l) => [l.id, compileRules(mapping, l.id)]));
  const tally = makeTally();
  for (let after: ClaimedTicket | undefined, page: ClaimedTicket[]; (page = await claimableTicketsPage(db, scope, PAGE, after)).length > 0;) {
    after = page[page.length - 1];
    ({ setup, report } = await setUpFor(client, setup, report, page, rules));
    const defaults = defaultTargets(setup, report);
    for (const row of page) {
      out.tickets++;
      if (row.docs.uncertain) out.uncertain++;
      const stepped = planTicket(row, setup, rules.get(row.locationId)!, revision, out);
      if (!stepped) continue;
      tally.ops(row, stepped.ops);
      if (stepped.posts && row.stored.ok) tally.accounts(row.businessDate, postingTargets(row.stored.ticket, rules.get(row.locationId)!, defaults));
    }
  }
  Object.assign(out, tally.result(), { setupRecords: client.held.filter((w) => w.operation === 'create').map((w) => ({ entity: w.entity, name: w.name })), reads: client.requests() });
  return out;
}

/** The set-up records this page's tickets need (found by reads; the creates are held, never sent). */
async function setUpFor(client: ReadOnlyClient, setup: StoredSetup, report: InitializeReport, page: readonly ClaimedTicket[],
  rules: Map<string, CompiledRules>): Promise<{ setup: StoredSetup; report: InitializeReport }> {
  const tickets = page.flatMap((r) => (r.stored.ok ? [{ ticket: r.stored.ticket, rules: rules.get(r.locationId)! }] : []));
  const unmet = unmetNeeds(setup, tickets);
  return unmet.length === 0 ? { setup, report } : { setup: await ensureNeeds(client, setup, unmet, report), report };
}

/** The ticket mapped and its steps planned from its facts, as a run would; null when it cannot be mapped. */
function planTicket(row: ClaimedTicket, setup: StoredSetup, rules: CompiledRules, revision: number, out: DryRunReport): { ops: Op[]; posts: boolean } | null {
  if (!row.stored.ok) {
    out.unmappable.push({ locationId: row.locationId, ticketId: row.ticketId, problem: row.stored.problem });
    return null;
  }
  const mapped = mapTicket(row.stored.ticket, row.businessDate, setup, rules);
  if (!mapped.ok) {
    out.unmappable.push({ locationId: row.locationId, ticketId: row.ticketId, problem: mapped.problems[0]?.message ?? 'cannot be mapped' });
    return null;
  }
  const target: Target = { version: row.version, documents: mapped.documents, mappingRevision: revision };
  const ops = plannedOps(target, row.docs, Math.abs(row.stored.ticket.total));
  return { ops, posts: ops.some((op) => op.kind.startsWith('create') || op.kind.startsWith('update')) };
}

/** Every step until the plan is done, each answered as QuickBooks would (on a copy of the facts). */
export function plannedOps(target: Target, facts: TicketDocs, total: number): Op[] {
  const docs: TicketDocs = structuredClone(facts);
  const out: Op[] = [];
  for (let step = 0; step < MAX_STEPS; step++) {
    const ops = nextOps(target, docs, { document: total });
    if (ops.length === 0) break;
    for (const op of ops) {
      out.push(op);
      applySuccess(op, { Id: `dry-run:${out.length}`, SyncToken: '0' }, docs, { version: target.version, mappingRevision: target.mappingRevision }, new Date(0));
    }
  }
  return out;
}

const OP_FIGURE: Record<Op['kind'], Pick<DryRunFigure, 'entity' | 'operation'>> = {
  'create-invoice': { entity: 'Invoice', operation: 'create' }, 'update-invoice': { entity: 'Invoice', operation: 'update' },
  'void-invoice': { entity: 'Invoice', operation: 'void' }, 'create-refund': { entity: 'RefundReceipt', operation: 'create' },
  'update-refund': { entity: 'RefundReceipt', operation: 'update' }, 'delete-refund': { entity: 'RefundReceipt', operation: 'delete' },
  'create-payment': { entity: 'Payment', operation: 'create' }, 'update-payment': { entity: 'Payment', operation: 'update' },
  'void-payment': { entity: 'Payment', operation: 'void' },
};

function centsOf(op: Op): number {
  switch (op.kind) {
    case 'create-invoice': case 'update-invoice': case 'create-refund': case 'update-refund': return op.total;
    case 'create-payment': case 'update-payment': return centsFromWire(op.draft.TotalAmt);
    case 'void-payment': return op.payment.total;
    case 'void-invoice': case 'delete-refund': return op.ref.total;
  }
}

function makeTally() {
  const documents = new Map<string, DryRunFigure>();
  const days = new Map<string, DryRunReport['days'][number]>();
  const accounts = new Map<string, DryRunReport['accounts'][number]>();
  const add = <T extends DryRunFigure>(m: Map<string, T>, key: string, fresh: () => T, cents: number) => {
    const f = m.get(key) ?? fresh();
    f.documents++;
    f.cents += cents;
    m.set(key, f);
  };
  return {
    ops(row: ClaimedTicket, ops: readonly Op[]) {
      for (const op of ops) {
        const fig = OP_FIGURE[op.kind];
        const cents = centsOf(op);
        add(documents, `${fig.entity} ${fig.operation}`, () => ({ ...fig, documents: 0, cents: 0 }), cents);
        add(days, `${row.businessDate} ${row.locationId} ${fig.entity} ${fig.operation}`,
          () => ({ date: row.businessDate, locationId: row.locationId, ...fig, documents: 0, cents: 0 }), cents);
      }
    },
    accounts(date: string, t: ReturnType<typeof postingTargets>) {
      const put = (account: string, cents: number) => {
        const a = accounts.get(`${date}\u0000${account}`) ?? { date, account, cents: 0 };
        a.cents += cents;
        accounts.set(`${date}\u0000${account}`, a);
      };
      for (const l of t.lines) put(l.target, l.cents);
      for (const tender of t.tenders.values()) put(tender.deposit, tender.cents);
    },
    result: () => ({ documents: [...documents.values()], days: [...days.values()], accounts: [...accounts.values()].filter((a) => a.cents !== 0) }),
  };
}
