/**
 * Summary days as the sync works on them (summary-rules §2, §4): created and touched by ticket
 * intake, closed once over, claimed by a run, their facts saved after every batch, settled
 * through the day outcome table (day-moves.ts). Bulk statements take their rows as parallel arrays.
 */
import { sql } from 'kysely';
import type { DayOutcome, DayState } from '../domain/day-outcomes.js';
import { readDayDocs } from '../domain/day-docs.js';
import type { DayDocs } from '../domain/day-docs.js';
import type { Db } from './db.js';
import { DAY_HELD, dayInputState, dayMove, inStates, settledDayState } from './day-moves.js';
import { insertDayEvents } from './day-events.js';
import { isSummaryDate } from './posting-modes.js';
import { runStillRunning } from './runs.js';
import type { ClaimOptions } from './sync-tickets.js';

export interface DayRef {
  locationId: string;
  businessDate: string;
}

export interface ClaimedDay extends DayRef {
  revision: number;
  docs: DayDocs;
  epoch: number;
  uncertain: boolean;
  reread: boolean;
  /** The day's input count when claimed: a ticket written meanwhile settles the day out of date. */
  inputSeq: number;
  totals: unknown;
}

/**
 * Ticket intake wrote tickets of these days: a summary day gets its row (open), a posted one
 * goes out of date, a held one learns it changed (input count). Days in line-by-line periods are left out.
 */
export async function touchDays(db: Db, tenantId: string, days: readonly DayRef[]): Promise<void> {
  const unique = [...new Map(days.map((d) => [`${d.locationId}\u0000${d.businessDate}`, d])).values()];
  if (unique.length === 0) return;
  const locs = unique.map((d) => d.locationId);
  const dates = unique.map((d) => d.businessDate);
  // Posted days as the statement began (no FOR UPDATE: it would skip the rows this statement updates); those
  // the write makes out of date get their event. A day a concurrent run settles meanwhile may miss its event.
  await sql`WITH was_posted AS (
    SELECT d.location_id, d.business_date FROM summary_days d
    JOIN unnest(${locs}::text[], ${dates}::text[]) AS x(location_id, business_date) ON d.location_id = x.location_id AND d.business_date = x.business_date::date
    WHERE d.tenant_id = ${tenantId} AND d.state = 'posted'
  ), touched AS (
    INSERT INTO summary_days (tenant_id, location_id, business_date)
    SELECT ${tenantId}, x.location_id, x.business_date::date
    FROM unnest(${locs}::text[], ${dates}::text[]) AS x(location_id, business_date)
    WHERE ${isSummaryDate(tenantId, sql.ref('x.location_id'), sql`x.business_date::date`)}
    ON CONFLICT (tenant_id, location_id, business_date) DO UPDATE SET
      state = ${dayInputState('summary_days.state')}, input_seq = summary_days.input_seq + 1, updated_at = now()
    RETURNING tenant_id, location_id, business_date, state, revision, NULL::bigint AS last_run_id, docs, NULL::jsonb AS last_error, 'input'::text AS outcome
  ), moved AS (
    SELECT t.* FROM touched t JOIN was_posted p ON p.location_id = t.location_id AND p.business_date = t.business_date WHERE t.state = 'out-of-date'
  ) ${insertDayEvents()}`.execute(db);
}

/** Open days dated before each location's today (and on or after its sync start date) are over: ready to post. */
export async function closeDays(db: Db, tenantId: string, locations: readonly { id: string; today: string; startDate: string | null }[]): Promise<number> {
  if (locations.length === 0) return 0;
  const move = dayMove('close');
  const r = await sql`
    UPDATE summary_days d SET state = ${move.to}, updated_at = now()
    FROM unnest(${locations.map((l) => l.id)}::text[], ${locations.map((l) => l.today)}::text[], ${locations.map((l) => l.startDate)}::text[])
      AS x(location_id, today, start_date)
    WHERE d.tenant_id = ${tenantId} AND d.location_id = x.location_id AND ${inStates('d.state', move.from)}
      AND d.business_date < x.today::date AND (x.start_date IS NULL OR d.business_date >= x.start_date::date)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/**
 * Days left `posting` by a run that died go back to ready, uncertain: their documents are looked
 * up before anything is written. Only while run `runId`, which releases them, still runs.
 */
export async function releaseDayOrphans(db: Db, tenantId: string, locationIds: readonly string[], runId: number, opts: ClaimOptions = {}): Promise<number> {
  if (locationIds.length === 0) return 0;
  const move = dayMove('release');
  const r = await db.updateTable('summary_days').set({ state: move.to, uncertain: true, updated_at: new Date() })
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...locationIds]).where('state', 'in', move.from)
    .$if(opts.requireRunningRun !== false, (q) => q.where(runStillRunning(runId, { lock: true })))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Marks up to `limit` days of these locations ready or out of date as posting for this run, oldest first; none once it stopped running. */
export async function claimDays(
  db: Db, tenantId: string, locationIds: readonly string[], runId: number, limit: number, opts: ClaimOptions = {},
): Promise<ClaimedDay[]> {
  const claimed = await claimDayPage(db, tenantId, locationIds, 'claim', runId, limit, opts);
  return claimed.sort((a, b) => (a.businessDate < b.businessDate ? -1 : a.businessDate > b.businessDate ? 1 : a.locationId < b.locationId ? -1 : 1));
}

/** Undo of a range: the range's days that may hold documents, claimed for the undo run (the `undo` move). */
export async function claimDaysForUndo(db: Db, tenantId: string, range: { locationIds: readonly string[]; from: string; to: string },
  runId: number, limit: number, opts: ClaimOptions = {}): Promise<ClaimedDay[]> {
  return claimDayPage(db, tenantId, range.locationIds, 'undo', runId, limit, { ...opts, range });
}

/** One page of days taken by a move (`claim` or `undo`) for a run, each once per run, none once the run stopped running. */
async function claimDayPage(db: Db, tenantId: string, locationIds: readonly string[], which: 'claim' | 'undo', runId: number, limit: number,
  opts: ClaimOptions & { range?: { from: string; to: string } }): Promise<ClaimedDay[]> {
  if (locationIds.length === 0) return [];
  const move = dayMove(which);
  const range = opts.range;
  const page = db.selectFrom('summary_days').select(['location_id', 'business_date'])
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...locationIds]).where('state', 'in', move.from)
    .$if(range !== undefined, (q) => q.where('business_date', '>=', range!.from).where('business_date', '<=', range!.to))
    .where((eb) => eb.or([eb('last_run_id', 'is', null), eb('last_run_id', '<>', runId)]))
    .$if(opts.requireRunningRun !== false, (q) => q.where(runStillRunning(runId)))
    .orderBy('business_date').orderBy('location_id').limit(limit).forUpdate().skipLocked();
  const rows = await db.updateTable('summary_days')
    .set((eb) => ({ state: move.to, last_run_id: runId, attempts: eb('attempts', '+', 1), updated_at: new Date() }))
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'business_date'), 'in', page.$asTuple('location_id', 'business_date')))
    .returning(['location_id', 'business_date', 'revision', 'docs', 'post_epoch', 'uncertain', 'reread', 'input_seq', 'totals'])
    .execute();
  return rows.map((r) => ({
    locationId: r.location_id, businessDate: r.business_date, revision: r.revision, docs: readDayDocs(r.docs), epoch: r.post_epoch,
    uncertain: r.uncertain, reread: r.reread, inputSeq: r.input_seq, totals: r.totals,
  }));
}

/** The days of these locations still to be posted (open, ready, out of date), by location then date. */
export async function waitingDays(db: Db, tenantId: string, locationIds: readonly string[]): Promise<DayRef[]> {
  if (locationIds.length === 0) return [];
  const rows = await db.selectFrom('summary_days').select(['location_id', sql<string>`business_date::text`.as('business_date')])
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...locationIds]).where('state', 'in', ['open', 'ready', 'out-of-date'])
    .orderBy('location_id').orderBy('business_date').execute();
  return rows.map((r) => ({ locationId: r.location_id, businessDate: r.business_date }));
}

/** Undo's preview: the range's days with the documents their facts list (any state but open; an open day has none). */
export async function rangeDays(db: Db, tenantId: string, range: { locationIds: readonly string[]; from: string; to: string }):
Promise<{ locationId: string; businessDate: string; docs: DayDocs }[]> {
  if (range.locationIds.length === 0) return [];
  const rows = await db.selectFrom('summary_days').select(['location_id', 'business_date', 'docs'])
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...range.locationIds])
    .where('business_date', '>=', range.from).where('business_date', '<=', range.to).where('docs', 'is not', null)
    .orderBy('business_date').orderBy('location_id').execute();
  return rows.map((r) => ({ locationId: r.location_id, businessDate: r.business_date, docs: readDayDocs(r.docs) }));
}

export interface DayFacts extends DayRef {
  docs: DayDocs;
  uncertain: boolean;
}

/** Saves what QuickBooks holds for each day. Called before and after every batch. */
export async function saveDayFacts(db: Db, tenantId: string, updates: readonly DayFacts[]): Promise<void> {
  if (updates.length === 0) return;
  await sql`
    UPDATE summary_days d SET docs = v.docs::jsonb, uncertain = v.uncertain, updated_at = now()
    FROM unnest(${updates.map((u) => u.locationId)}::text[], ${updates.map((u) => u.businessDate)}::text[],
                ${updates.map((u) => JSON.stringify(u.docs))}::text[], ${updates.map((u) => u.uncertain)}::bool[])
      AS v(location_id, business_date, docs, uncertain)
    WHERE d.tenant_id = ${tenantId} AND d.location_id = v.location_id AND d.business_date = v.business_date::date`.execute(db);
}

export interface DaySettlement extends DayRef {
  outcome: DayOutcome;
  /** The input count the run worked from (claimed). */
  inputSeq: number;
  /** The revision QuickBooks now holds. */
  revision: number;
  /** POS totals per group of what QuickBooks now holds (null: unchanged). */
  totals: unknown;
  error: unknown;
}

/**
 * Settles each day its run held in the state the outcome table gives its outcome. A day whose
 * tickets were written meanwhile settles as `edited` (out of date) whatever happened. A day no
 * longer held by this run (released, maybe claimed by the run that took over) is left alone.
 */
export async function finishDays(db: Db, tenantId: string, runId: number, settlements: readonly DaySettlement[]): Promise<void> {
  if (settlements.length === 0) return;
  const col = <T>(f: (s: DaySettlement) => T) => settlements.map(f);
  const states = col((s) => settledDayState(s.outcome, `${s.locationId}/${s.businessDate}`));
  const edited = settledDayState('edited', 'edited days');
  await sql`WITH moved AS (
    UPDATE summary_days d SET
      state = CASE WHEN d.input_seq = v.input_seq THEN v.state ELSE ${edited} END,
      revision = v.revision,
      totals = COALESCE(v.totals::jsonb, d.totals),
      last_error = v.error::jsonb,
      reread = CASE WHEN v.state = 'posted' THEN false ELSE d.reread END,
      posted_at = CASE WHEN v.state = 'posted' THEN now() ELSE d.posted_at END,
      updated_at = now()
    FROM unnest(${col((s) => s.locationId)}::text[], ${col((s) => s.businessDate)}::text[], ${states}::text[], ${col((s) => s.inputSeq)}::int[],
                ${col((s) => s.revision)}::int[], ${col((s) => (s.totals == null ? null : JSON.stringify(s.totals)))}::text[],
                ${col((s) => (s.error == null ? null : JSON.stringify(s.error)))}::text[], ${col((s) => s.outcome)}::text[])
      AS v(location_id, business_date, state, input_seq, revision, totals, error, outcome)
    WHERE d.tenant_id = ${tenantId} AND d.location_id = v.location_id AND d.business_date = v.business_date::date AND d.state = ${DAY_HELD}
      AND d.last_run_id = ${runId}
    RETURNING d.tenant_id, d.location_id, d.business_date, d.state, d.revision, d.last_run_id, d.docs, d.last_error,
      CASE WHEN d.input_seq = v.input_seq THEN v.outcome ELSE 'edited' END AS outcome)
    ${insertDayEvents()}`.execute(db);
}

/** "Resync" (skipped days) or "Repost this day" (changed in QuickBooks): back to ready with a new attempt epoch. Returns the days moved. */
export async function requeueDays(db: Db, tenantId: string, which: 'resync' | 'repost', days: readonly DayRef[], by: string | null = null): Promise<DayRef[]> {
  if (days.length === 0) return [];
  const move = dayMove(which);
  const r = await sql<{ location_id: string; business_date: string }>`WITH moved AS (
    UPDATE summary_days d SET state = ${move.to}, post_epoch = d.post_epoch + 1, last_run_id = NULL, updated_at = now(),
      reread = ${which === 'repost'}
    FROM unnest(${days.map((d) => d.locationId)}::text[], ${days.map((d) => d.businessDate)}::text[]) AS v(location_id, business_date)
    WHERE d.tenant_id = ${tenantId} AND d.location_id = v.location_id AND d.business_date = v.business_date::date AND ${inStates('d.state', move.from)}
    RETURNING d.tenant_id, d.location_id, d.business_date, d.state, d.revision, NULL::bigint AS last_run_id, d.docs, d.last_error,
      ${which}::text AS outcome), ins AS (${insertDayEvents(by)})
    SELECT location_id, business_date::text AS business_date FROM moved`.execute(db);
  return r.rows.map((x) => ({ locationId: x.location_id, businessDate: x.business_date }));
}

export interface StoredDay extends DayRef {
  state: DayState;
  revision: number;
  docs: DayDocs;
  totals: unknown;
  error: unknown;
  uncertain: boolean;
  postedAt: Date | null;
  updatedAt: Date;
}

/** The days of a location, newest first, optionally between two business dates. */
export async function listDays(db: Db, tenantId: string, locationId: string, range: { from?: string | null; to?: string | null } = {}): Promise<StoredDay[]> {
  let q = db.selectFrom('summary_days').selectAll().where('tenant_id', '=', tenantId).where('location_id', '=', locationId);
  if (range.from) q = q.where('business_date', '>=', range.from);
  if (range.to) q = q.where('business_date', '<=', range.to);
  const rows = await q.orderBy('business_date', 'desc').execute();
  return rows.map((r) => ({
    locationId: r.location_id, businessDate: r.business_date, state: r.state, revision: r.revision, docs: readDayDocs(r.docs), totals: r.totals,
    error: r.last_error, uncertain: r.uncertain, postedAt: r.posted_at, updatedAt: r.updated_at,
  }));
}

/** What a run did with summary days (beside its ticket counts): shown with the run. */
export interface DayRunCounts {
  done: number;
  posted: number;
  skipped: number;
  changed: number;
  /** Back to ready or out of date (transient trouble, or the run stopped). */
  pending: number;
}

export async function recordRunDays(db: Db, runId: number, counts: DayRunCounts): Promise<void> {
  await db.updateTable('sync_runs').set({ day_counts: JSON.stringify(counts) }).where('id', '=', runId).execute();
}

export async function runDayCounts(db: Db, tenantId: string, runId: number): Promise<DayRunCounts | null> {
  const r = await db.selectFrom('sync_runs').select('day_counts').where('tenant_id', '=', tenantId).where('id', '=', runId).executeTakeFirst();
  return (r?.day_counts as DayRunCounts | null | undefined) ?? null;
}
