/**
 * Ticket rows as the sync works on them: claiming a page for a run, and settling each ticket's
 * state at the page's end with what QuickBooks now holds for it (its facts; the journal holds
 * every write until then, so a crash loses nothing). Bulk statements take their rows as parallel arrays (unnest):
 * a few parameters, whatever the page size.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { readStoredTicket } from '../domain/stored-ticket.js';
import { readDocs } from '../domain/ticket-docs.js';
import type { TicketDocs } from '../domain/ticket-docs.js';
import { ticketKey } from '../domain/ticket.js';
import type { TicketOutcome, TicketState } from '../domain/ticket-outcomes.js';
import { summarisedTicket } from './posting-modes.js';
import { runStillRunning } from './runs.js';
import type { DB } from './schema.js';
import { settledTicketState, TICKET_HELD, ticketMove } from './ticket-moves.js';

export interface TicketScope {
  tenantId: string;
  /** Locations in scope, each with its sync start date (earlier business dates never post). */
  locations: { id: string; startDate: string | null }[];
  /** Scheduled runs: business dates strictly before this one. */
  cutoffDate?: string | null;
  /** "Sync now": tickets received up to this moment. */
  cutoffAt?: Date | null;
  /** Resync: only these tickets. */
  keys?: { locationId: string; ticketId: string }[] | null;
}

export interface ClaimOptions {
  /** False only for store tests that claim for a run id with no run row. */
  requireRunningRun?: boolean;
}

export interface ClaimedTicket {
  locationId: string;
  ticketId: string;
  version: number;
  status: 'closed' | 'voided';
  businessDate: string;
  totalCents: number;
  /** The stored ticket, or why it cannot be read (the run settles it as unmappable). */
  stored: ReturnType<typeof readStoredTicket>;
  /** What QuickBooks holds for it, as last recorded. */
  docs: TicketDocs;
  postedVersion: number | null;
  epoch: number;
}

/**
 * Tickets left `posting` by a run that died go back to pending (one run per company at a time),
 * when run `runId`, which releases them, still runs (runStillRunning, locked).
 */
export async function releaseOrphans(db: Kysely<DB>, tenantId: string, locationIds: string[], runId: number, opts: ClaimOptions = {}): Promise<number> {
  if (locationIds.length === 0) return 0;
  const move = ticketMove('release');
  const r = await db.updateTable('tickets').set({ sync_state: move.to })
    .where('tenant_id', '=', tenantId).where('location_id', 'in', locationIds).where('sync_state', 'in', move.from)
    .$if(opts.requireRunningRun !== false, (q) => q.where(runStillRunning(runId, { lock: true })))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

function scoped(db: Kysely<DB>, scope: TicketScope) {
  let q = db.selectFrom('tickets').where('tenant_id', '=', scope.tenantId).where('sync_state', 'in', ticketMove('claim').from)
    .where((eb) => eb.or(scope.locations.map((l) => (l.startDate
      ? eb.and([eb('location_id', '=', l.id), eb('business_date', '>=', l.startDate)])
      : eb('location_id', '=', l.id)))))
    // Summary mode: a ticket of a summarised day is posted by its day, never line by line.
    .where(sql<boolean>`NOT ${summarisedTicket('tickets')}`);
  if (scope.cutoffDate) q = q.where('business_date', '<', scope.cutoffDate);
  if (scope.cutoffAt) q = q.where('updated_at', '<=', scope.cutoffAt);
  if (scope.keys) {
    const keys = scope.keys;
    q = q.where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.ticketId)}::text[]))`));
  }
  return q;
}

export async function countInScope(db: Kysely<DB>, scope: TicketScope): Promise<number> {
  if (scope.locations.length === 0) return 0;
  const r = await scoped(db, scope).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Marks up to `limit` pending tickets of the scope as posting for this run, oldest first; none
 * once the run is no longer running (`runStillRunning`; store tests without a run row opt out).
 */
export async function claimTickets(db: Kysely<DB>, scope: TicketScope, runId: number, limit: number, opts: ClaimOptions = {}): Promise<ClaimedTicket[]> {
  if (scope.locations.length === 0) return [];
  const page = scoped(db, scope)
    .where((eb) => eb.or([eb('last_run_id', 'is', null), eb('last_run_id', '<>', runId)]))
    .$if(opts.requireRunningRun !== false, (q) => q.where(runStillRunning(runId)))
    .select(['location_id', 'ticket_id'])
    .orderBy('business_date').orderBy('location_id').orderBy('ticket_id')
    .limit(limit).forUpdate().skipLocked();
  const rows = await db.updateTable('tickets')
    .set((eb) => ({ sync_state: ticketMove('claim').to, last_run_id: runId, attempts: eb('attempts', '+', 1) }))
    .where('tenant_id', '=', scope.tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in', page.$asTuple('location_id', 'ticket_id')))
    .returning(['location_id', 'ticket_id', 'version', 'status', 'business_date', 'total_cents', 'normalized', 'qbo_docs', 'posted_version', 'post_epoch'])
    .execute();
  return rows
    .map((r) => ({
      locationId: r.location_id, ticketId: r.ticket_id, version: r.version, status: r.status, businessDate: r.business_date,
      totalCents: r.total_cents, stored: readStoredTicket(r.normalized), docs: readDocs(r.qbo_docs), postedVersion: r.posted_version, epoch: r.post_epoch,
    }))
    .sort((a, b) => compareText(a.businessDate, b.businessDate) || compareText(a.locationId, b.locationId) || compareText(a.ticketId, b.ticketId));
}

export interface FactsUpdate {
  locationId: string;
  ticketId: string;
  docs: TicketDocs;
}

/**
 * Saves what QuickBooks holds for each ticket its run still holds, before the page settles:
 * after a look-up of what an earlier run left uncertain, or SyncTokens read for an update.
 * Returns the keys (ticketKey) saved. A ticket another run took over is not written: the late
 * facts of a stalled run would overwrite newer ones; its writes stay in flight in the journal,
 * so the run holding it looks its documents up.
 */
export async function saveFacts(db: Kysely<DB>, tenantId: string, runId: number, updates: readonly FactsUpdate[]): Promise<Set<string>> {
  if (updates.length === 0) return new Set();
  const saved = await sql<{ location_id: string; ticket_id: string }>`
    UPDATE tickets t SET qbo_docs = v.docs::jsonb, qbo_doc_number = v.doc_number
    FROM (SELECT * FROM unnest(${updates.map((u) => u.locationId)}::text[], ${updates.map((u) => u.ticketId)}::text[],
                               ${updates.map((u) => JSON.stringify(u.docs))}::text[], ${updates.map((u) => u.docs.docNumber)}::text[])
          AS x(location_id, ticket_id, docs, doc_number)) v
    WHERE t.tenant_id = ${tenantId} AND t.location_id = v.location_id AND t.ticket_id = v.ticket_id AND t.last_run_id = ${runId}
    RETURNING t.location_id, t.ticket_id`.execute(db);
  return new Set(saved.rows.map((r) => ticketKey(r.location_id, r.ticket_id)));
}

export interface TicketSettlement {
  locationId: string;
  ticketId: string;
  /** The version the run worked on. */
  version: number;
  outcome: TicketOutcome;
  /** The version whose documents QuickBooks now holds completely (null: none). */
  postedVersion: number | null;
  error: unknown;
  epoch: number;
  /** What QuickBooks holds for it after the run (its facts), saved with the settlement; absent: left as stored. */
  docs?: TicketDocs;
}

/**
 * Settles each ticket its run held, in the state the outcome table gives its outcome, with its
 * facts. If intake stored a newer version meanwhile, the ticket settles as `edited` whatever
 * happened (the next run brings it in line). A ticket no longer held by this run (released, and
 * maybe claimed by the run that took over: a stalled worker's late settle must not undo the new
 * run's claim, nor its late facts overwrite newer ones) is left alone. Returns the keys
 * (ticketKey) settled: only their writes may leave the journal.
 */
export async function finishTickets(db: Kysely<DB>, tenantId: string, runId: number, settlements: readonly TicketSettlement[]): Promise<Set<string>> {
  if (settlements.length === 0) return new Set();
  const col = <T>(f: (o: TicketSettlement) => T) => settlements.map(f);
  const states = col((o) => settledTicketState(o.outcome, ticketKey(o.locationId, o.ticketId)));
  const edited = settledTicketState('edited', 'edited tickets');
  const settled = await sql<{ location_id: string; ticket_id: string }>`
    UPDATE tickets t SET
      sync_state = CASE WHEN t.version = v.version THEN v.state ELSE ${edited} END,
      posted_version = v.posted_version,
      last_error = v.error::jsonb,
      post_epoch = v.epoch,
      synced_at = CASE WHEN v.state IN ('posted', 'void') THEN now() ELSE t.synced_at END,
      qbo_docs = COALESCE(v.docs::jsonb, t.qbo_docs),
      qbo_doc_number = CASE WHEN v.docs IS NULL THEN t.qbo_doc_number ELSE v.doc_number END
    FROM (SELECT * FROM unnest(${col((o) => o.locationId)}::text[], ${col((o) => o.ticketId)}::text[], ${col((o) => o.version)}::int[],
                               ${states}::text[], ${col((o) => o.postedVersion)}::int[],
                               ${col((o) => (o.error == null ? null : JSON.stringify(o.error)))}::text[], ${col((o) => o.epoch)}::int[],
                               ${col((o) => (o.docs ? JSON.stringify(o.docs) : null))}::text[], ${col((o) => o.docs?.docNumber ?? null)}::text[])
          AS x(location_id, ticket_id, version, state, posted_version, error, epoch, docs, doc_number)) v
    WHERE t.tenant_id = ${tenantId} AND t.location_id = v.location_id AND t.ticket_id = v.ticket_id AND t.sync_state = ${TICKET_HELD}
      AND t.last_run_id = ${runId}
    RETURNING t.location_id, t.ticket_id`.execute(db);
  return new Set(settled.rows.map((r) => ticketKey(r.location_id, r.ticket_id)));
}

export interface SyncEvent {
  runId: number | null;
  locationId: string;
  ticketId: string;
  version: number;
  kind: string;
  detail: unknown;
}

/** A page's history lines in one statement of parallel arrays (seven parameters, not seven a line). */
export async function insertEvents(db: Kysely<DB>, tenantId: string, events: readonly SyncEvent[]): Promise<void> {
  if (events.length === 0) return;
  const col = <T>(f: (e: SyncEvent) => T) => events.map(f);
  await sql`
    INSERT INTO sync_events (run_id, tenant_id, location_id, ticket_id, version, kind, detail)
    SELECT v.run_id::bigint, ${tenantId}, v.location_id, v.ticket_id, v.version, v.kind, v.detail::jsonb
    FROM unnest(${col((e) => e.runId)}::int8[], ${col((e) => e.locationId)}::text[], ${col((e) => e.ticketId)}::text[], ${col((e) => e.version)}::int[],
                ${col((e) => e.kind)}::text[], ${col((e) => (e.detail === undefined ? null : JSON.stringify(e.detail)))}::text[])
      AS v(run_id, location_id, ticket_id, version, kind, detail)`.execute(db);
}

/**
 * "Resync selected tickets": skipped ones go back to pending with a new attempt epoch (a
 * refused requestid would only replay its refusal); pending ones are kept as they are.
 * Returns the keys that are now pending, and why the others were left alone.
 */
export async function requeueTickets(db: Kysely<DB>, tenantId: string, keys: readonly { locationId: string; ticketId: string }[]) {
  if (keys.length === 0) return { requeued: [], states: new Map<string, TicketState>() };
  const inKeys = sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.ticketId)}::text[]))`;
  const resync = ticketMove('resync');
  await db.updateTable('tickets')
    .set((eb) => ({ sync_state: resync.to, post_epoch: eb('post_epoch', '+', 1), last_run_id: null }))
    .where('tenant_id', '=', tenantId).where('sync_state', 'in', resync.from)
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in', inKeys)).execute();
  await db.updateTable('tickets').set({ last_run_id: null })
    .where('tenant_id', '=', tenantId).where('sync_state', '=', 'pending')
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in', inKeys)).execute();
  const rows = await db.selectFrom('tickets').select(['location_id', 'ticket_id', 'sync_state'])
    .where('tenant_id', '=', tenantId).where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in', inKeys)).execute();
  const states = new Map(rows.map((r) => [ticketKey(r.location_id, r.ticket_id), r.sync_state]));
  return { requeued: rows.filter((r) => r.sync_state === 'pending').map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id })), states };
}

/** Code-point order, as the database's ORDER BY compared them (not the locale's). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
