/** `sync.days` (days-types.ts): summary mode's operations over the store and the run queue. */
import { isDateInRange } from '../../domain/business-date.js';
import { DAY_DOC_ENTITY, liveDayDocs } from '../../domain/day-docs.js';
import { dayStateWords } from '../../domain/day-outcomes.js';
import { readSyncError } from '../../domain/sync-error.js';
import { summariseDay } from '../../mapping/summary/index.js';
import type { SummarySetup } from '../../mapping/summary/index.js';
import { dayEvents } from '../../store/day-events.js';
import { summaryTickets } from '../../store/day-tickets.js';
import { getLocation } from '../../store/locations.js';
import { countSwitch, listCutOvers, saveCutOver } from '../../store/posting-modes.js';
import { getConnection } from '../../store/qbo-connections.js';
import { enqueueRun } from '../../store/runs.js';
import { listDays, requeueDays, runDayCounts } from '../../store/summary-days.js';
import type { DayRef, StoredDay } from '../../store/summary-days.js';
import type { Location as StoreLocation } from '../../domain/location.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { dayEventView } from './day-history.js';
import { readSetup } from '../setup/initialize.js';
import type { DayTotals } from '../summary/work-day.js';
import type { DayActionOutcome, DayView, DaysService, ModeSwitchPreview, PostingMode, PostingModeView } from './days-types.js';

export function makeDaysService(deps: SyncDeps, hooks: { kick?: () => void } = {}): DaysService {
  const db = deps.database.db;
  const location = async (tenantId: string, id: string) => {
    const found = await getLocation(db, tenantId, id);
    if (!found) throw notFound(`location "${id}"`);
    return found;
  };
  const modeView = async (tenantId: string, locationId: string): Promise<PostingModeView> => {
    const cutOvers = await listCutOvers(db, tenantId, locationId);
    const last = cutOvers.at(-1);
    return {
      locationId, mode: last?.mode ?? 'line-by-line', summaryFrom: last?.mode === 'summary' ? last.from : null,
      cutOvers: cutOvers.map((c) => ({ mode: c.mode, from: c.from, savedAt: c.savedAt.toISOString(), savedBy: c.savedBy })),
    };
  };
  const preview = async (tenantId: string, locationId: string, change: { mode: PostingMode; from: string }): Promise<ModeSwitchPreview> => {
    await location(tenantId, locationId);
    if (!isDateInRange(change.from)) {
      throw new ServiceError('INVALID', `"${change.from}" is not a business date YYYY-MM-DD`, [{ path: 'from', message: 'not a date' }]);
    }
    return previewOf(locationId, change, await countSwitch(db, tenantId, locationId, change.from));
  };
  const queue = async (tenantId: string, locationId: string, moved: DayRef[], asked: readonly string[], reason: string) => {
    const out = await queueDays(deps, tenantId, await location(tenantId, locationId), moved, asked, reason);
    if (out.runId !== null) hooks.kick?.();
    return out;
  };

  return {
    mode: async (tenantId, locationId) => (await location(tenantId, locationId), modeView(tenantId, locationId)),
    previewMode: preview,
    async setMode(tenantId, locationId, change) {
      const p = await preview(tenantId, locationId, change);
      if (p.refused) throw new ServiceError('INVALID', p.refused, [{ path: 'from', message: p.refused }]);
      await saveCutOver(db, tenantId, locationId, { mode: change.mode, from: change.from, savedBy: change.savedBy ?? null });
      return modeView(tenantId, locationId);
    },
    async list(tenantId, locationId, opts = {}) {
      const loc = await location(tenantId, locationId);
      const days = await listDays(db, tenantId, locationId, opts);
      const connection = loc.connectionId ? await getConnection(db, tenantId, loc.connectionId) : null;
      const live = await liveTotals(deps, tenantId, days.filter((d) => d.state !== 'posted'), connection ? readSetup(connection)?.setup ?? null : null);
      return days.map((d) => dayView(d, live.get(d.businessDate) ?? null));
    },
    async resync(tenantId, locationId, dates, by = null) {
      const moved = await requeueDays(db, tenantId, 'resync', dates.map((businessDate) => ({ locationId, businessDate })), by);
      return queue(tenantId, locationId, moved, dates, 'not skipped (only a skipped day is resynced)');
    },
    async repost(tenantId, locationId, date, by = null) {
      const moved = await requeueDays(db, tenantId, 'repost', [{ locationId, businessDate: date }], by);
      return queue(tenantId, locationId, moved, [date], 'not changed in QuickBooks (only such a day is reposted)');
    },
    runDays: (tenantId, runId) => runDayCounts(db, tenantId, runId),
    async history(tenantId, locationId, date) {
      await location(tenantId, locationId);
      if (!isDateInRange(date)) throw new ServiceError('INVALID', `"${date}" is not a business date YYYY-MM-DD`, [{ path: 'date', message: 'not a date' }]);
      return (await dayEvents(db, tenantId, locationId, date)).map(dayEventView);
    },
  };
}

/** Queues a run for the days moved back to ready; says why each other day asked for was left alone. */
async function queueDays(deps: SyncDeps, tenantId: string, loc: StoreLocation, moved: readonly DayRef[], asked: readonly string[],
  reason: string): Promise<DayActionOutcome> {
  const out: DayActionOutcome = { queued: [], ignored: [], runId: null };
  const movedDates = new Set(moved.map((m) => m.businessDate));
  for (const date of asked) if (!movedDates.has(date)) out.ignored.push({ locationId: loc.id, date, reason });
  if (moved.length === 0) return out;
  if (!loc.connectionId || !loc.enabled) {
    const why = 'the location is not connected to QuickBooks or not enabled: the next run posts it';
    for (const m of moved) out.ignored.push({ locationId: loc.id, date: m.businessDate, reason: why });
    return out;
  }
  out.queued = moved.map((m) => ({ locationId: loc.id, date: m.businessDate }));
  // No ticket keys: the run takes no tickets, only the location's days that are due.
  out.runId = await enqueueRun(deps.database.db, { tenantId, connectionId: loc.connectionId, locationId: loc.id, trigger: 'resync', ticketKeys: [] });
  return out;
}

function previewOf(locationId: string, change: { mode: PostingMode; from: string }, c: Awaited<ReturnType<typeof countSwitch>>): ModeSwitchPreview {
  const toSummary = change.mode === 'summary';
  const refused = !toSummary && c.lastSummarisedDate && change.from <= c.lastSummarisedDate
    ? `days up to ${c.lastSummarisedDate} are already summarised in QuickBooks and stay so: switch back from a later date`
    : null;
  const tickets = toSummary
    ? { toSummary: c.ticketsToSummary, toLineByLine: 0, stayLineByLine: c.ticketsStayingLineByLine }
    : { toSummary: 0, toLineByLine: c.ticketsToLineByLine, stayLineByLine: c.ticketsStayingLineByLine };
  const words = toSummary
    ? `From ${change.from}, ${c.ticketsToSummary} tickets on ${c.daysToSummary} days will be posted as daily summaries; `
      + `${c.ticketsStayingLineByLine} already posted line by line stay so.`
    : `From ${change.from}, ${c.ticketsToLineByLine} tickets not yet summarised will be posted line by line.`;
  const days = { toSummary: toSummary ? c.daysToSummary : 0, alreadySummarised: c.daysSummarisedAfter };
  return { locationId, mode: change.mode, from: change.from, refused, tickets, days, lastSummarisedDate: c.lastSummarisedDate, words: refused ?? words };
}

type Live = { tickets: number; totals: DayTotals['totals']; cogsCents: number };

/** The running totals of days not posted as they are (the page's "open" row, and days waiting). */
async function liveTotals(deps: SyncDeps, tenantId: string, days: readonly StoredDay[], setup: unknown): Promise<Map<string, Live>> {
  const out = new Map<string, Live>();
  if (days.length === 0 || !setup) return out;
  const tickets = await summaryTickets(deps.database.db, tenantId, days);
  for (const d of days) {
    const mine = tickets.flatMap((t) => (t.businessDate === d.businessDate && t.stored.ok ? [t.stored.ticket] : []));
    const s = summariseDay({ locationId: d.locationId, businessDate: d.businessDate, revision: d.revision + 1, tickets: mine, drawerOperations: [],
      setup: setup as SummarySetup });
    out.set(d.businessDate, { tickets: s.tickets, totals: s.totals, cogsCents: s.cogsCents });
  }
  return out;
}

function dayView(d: StoredDay, live: Live | null): DayView {
  const posted = d.totals as DayTotals | null;
  const error = d.error ? readSyncError(d.error) : null;
  const shown = d.state === 'posted' ? posted : (live ?? posted);
  return {
    locationId: d.locationId, date: d.businessDate, state: d.state, revision: d.revision,
    stateWords: dayStateWords(d.state, d.revision, error?.message ?? null),
    tickets: shown?.tickets ?? 0, totals: shown?.totals ?? null, cogsCents: shown?.cogsCents ?? null,
    documents: liveDayDocs(d.docs)
      .map(({ kind, ref }) => ({ kind, entity: DAY_DOC_ENTITY[kind], id: ref.id, docNumber: ref.docNumber, revision: ref.revision })),
    error, difference: (d.error as { difference?: DayView['difference'] } | null)?.difference ?? null,
    postedAt: d.postedAt?.toISOString() ?? null,
    action: d.state === 'skipped' ? 'resync' : d.state === 'changed-in-qbo' ? 'repost' : null,
  };
}
