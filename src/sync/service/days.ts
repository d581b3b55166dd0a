/**
 * Summary mode for people (summary-rules §1, §6): a location's posting mode and what switching
 * it would do, saved with its cut-over date; the location's days with their POS totals, state,
 * documents and reconciliation; "Resync" and "Repost this day". Reads go through the store,
 * and QuickBooks is read only when a caller asks for the reconciliation.
 */
import { dateInZone, DATE_RANGE_TEXT, isDateInRange } from '../../domain/business-date.js';
import type { Location } from '../../domain/location.js';
import type { SummarySetup } from '../../mapping/summary/index.js';
import { getMapping } from '../../store/account-mappings.js';
import { summaryTickets } from '../../store/day-tickets.js';
import { getLocation } from '../../store/locations.js';
import { countSwitch, listCutOvers, saveCutOver } from '../../store/posting-modes.js';
import type { PostingMode } from '../../store/posting-modes.js';
import { getConnection } from '../../store/qbo-connections.js';
import { enqueueRun } from '../../store/runs.js';
import { listDays, requeueDays } from '../../store/summary-days.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { readSummaryDocs } from '../reconcile/summary-days.js';
import type { ReadBack } from '../reconcile/summary-days.js';
import { clientFor } from '../deps.js';
import { readSetup } from '../setup/initialize.js';
import { dayView } from './day-views.js';
import type { DayView } from './day-views.js';
import { describeSwitch } from './mode-words.js';
import type { ModePreview, ModeView } from './mode-words.js';

export type { DayDocumentView, DayReconciliation, DayReconRow, DayView, ReconGroup } from './day-views.js';
export type { ModePreview, ModeView, PostingMode } from './mode-words.js';

export interface DaysView {
  locationId: string;
  timeZone: string;
  /** Today where the store is: the open day. */
  today: string;
  mode: ModeView;
  days: DayView[];
  /** Whether QuickBooks was read back for the reconciliation, and what went wrong if it could not be. */
  readBack: { done: boolean; error: string | null };
}

export interface DayRequeueOutcome {
  moved: string[];
  /** Dates left alone, with why (not skipped, not changed in QuickBooks, unknown). */
  ignored: { date: string; reason: string }[];
  runId: number | null;
}

export interface DaysService {
  /** The location's posting mode, its cut-over and every cut-over saved. */
  mode(tenantId: string, locationId: string): Promise<ModeView>;
  /** What switching would do, in counts and words, and why it cannot be saved (problems). */
  previewMode(tenantId: string, locationId: string, change: { mode: PostingMode; from: string }): Promise<ModePreview>;
  /** Saves the switch unless the preview has problems (then nothing is saved). */
  setMode(tenantId: string, locationId: string, change: { mode: PostingMode; from: string; savedBy: string | null }): Promise<ModePreview & { saved: boolean }>;
  /** The location's days, newest first; `readBack` reads the posted ones back from QuickBooks for the reconciliation. */
  list(tenantId: string, opts: { locationId: string; from?: string | null; to?: string | null; readBack?: boolean }): Promise<DaysView>;
  /** "Resync" skipped days or "Repost this day" changed in QuickBooks, then a run of the location. */
  requeue(tenantId: string, locationId: string, which: 'resync' | 'repost', dates: readonly string[]): Promise<DayRequeueOutcome>;
}

export function makeDaysService(deps: SyncDeps, hooks: { kick?: () => void } = {}): DaysService {
  const db = deps.database.db;
  const location = async (tenantId: string, id: string): Promise<Location> => {
    const found = await getLocation(db, tenantId, id);
    if (!found) throw notFound(`location "${id}"`);
    return found;
  };
  const modeOf = async (tenantId: string, l: Location): Promise<ModeView> => {
    const cutOvers = await listCutOvers(db, tenantId, l.id);
    const today = dateInZone(deps.clock.now(), l.timeZone);
    const current = [...cutOvers].reverse().find((c) => c.from <= today) ?? null;
    const next = cutOvers.find((c) => c.from > today) ?? null;
    return {
      locationId: l.id, mode: current?.mode ?? 'line-by-line', summaryFrom: current?.mode === 'summary' ? current.from : null,
      next: next ? { mode: next.mode, from: next.from } : null, timeZone: l.timeZone, today,
      cutOvers: cutOvers.map((c) => ({ mode: c.mode, from: c.from, savedAt: c.savedAt.toISOString(), savedBy: c.savedBy })),
    };
  };
  const preview = async (tenantId: string, l: Location, change: { mode: PostingMode; from: string }): Promise<ModePreview> => {
    if (!isDateInRange(change.from)) {
      return { mode: change.mode, from: change.from, counts: null, effects: [], problems: [`"${change.from}" is not a date from ${DATE_RANGE_TEXT}`] };
    }
    const counts = await countSwitch(db, tenantId, l.id, change.from);
    return describeSwitch(await modeOf(tenantId, l), change, counts);
  };
  return {
    mode: async (tenantId, locationId) => modeOf(tenantId, await location(tenantId, locationId)),
    previewMode: async (tenantId, locationId, change) => preview(tenantId, await location(tenantId, locationId), change),
    async setMode(tenantId, locationId, change) {
      const l = await location(tenantId, locationId);
      const p = await preview(tenantId, l, change);
      if (p.problems.length > 0) return { ...p, saved: false };
      await saveCutOver(db, tenantId, l.id, change);
      return { ...p, saved: true };
    },
    list: (tenantId, opts) => listDayViews(deps, tenantId, opts, location, modeOf),
    async requeue(tenantId, locationId, which, dates) {
      const l = await location(tenantId, locationId);
      const moved = (await requeueDays(db, tenantId, which, dates.map((businessDate) => ({ locationId: l.id, businessDate }))))
        .map((d) => d.businessDate);
      const ignored = dates.filter((d) => !moved.includes(d))
        .map((date) => ({ date, reason: which === 'resync' ? 'not a skipped day' : 'not a day changed in QuickBooks' }));
      let runId: number | null = null;
      if (moved.length > 0 && l.connectionId !== null && l.enabled) {
        runId = await enqueueRun(db, { tenantId, connectionId: l.connectionId, locationId: l.id, trigger: 'manual', cutoffAt: new Date(deps.clock.now()) });
        hooks.kick?.();
      }
      return { moved, ignored, runId };
    },
  };
}

async function listDayViews(deps: SyncDeps, tenantId: string, opts: Parameters<DaysService['list']>[1],
  location: (t: string, id: string) => Promise<Location>, modeOf: (t: string, l: Location) => Promise<ModeView>): Promise<DaysView> {
  const db = deps.database.db;
  for (const d of [opts.from, opts.to]) if (d && !isDateInRange(d)) throw new ServiceError('INVALID', `"${d}" is not a date from ${DATE_RANGE_TEXT}`);
  const l = await location(tenantId, opts.locationId);
  const mode = await modeOf(tenantId, l);
  const stored = await listDays(db, tenantId, l.id, { from: opts.from ?? null, to: opts.to ?? null });
  const tickets = await summaryTickets(db, tenantId, stored);
  const connection = l.connectionId === null ? null : await getConnection(db, tenantId, l.connectionId);
  const setup = ((connection && readSetup(connection)?.setup) ?? {}) as SummarySetup;
  const mapping = connection ? (await getMapping(db, tenantId, connection.id)).mapping : undefined;
  const readBack = { done: false, error: null as string | null };
  let docs: ReadBack | null = null;
  const posted = stored.filter((d) => d.docs.salesReceipt || d.docs.cogs || d.docs.drawer);
  if (opts.readBack && connection && posted.length > 0) {
    try {
      docs = await readSummaryDocs(clientFor(deps, connection), posted.at(-1)!.businessDate, posted[0]!.businessDate);
      readBack.done = true;
    } catch (err) {
      readBack.error = err instanceof Error ? err.message : String(err);
    }
  }
  const days = stored.map((day) => {
    const own = tickets.filter((t) => t.businessDate === day.businessDate).flatMap((t) => (t.stored.ok ? [t.stored.ticket] : []));
    // A day over where the store is waits for the next run to close it: it is ready, not open.
    const shown = day.state === 'open' && day.businessDate < mode.today ? { ...day, state: 'ready' as const } : day;
    return dayView({ day: shown, tickets: own, setup, ...(mapping ? { mapping } : {}), environment: connection?.environment ?? 'sandbox', readBack: docs });
  });
  return { locationId: l.id, timeZone: l.timeZone, today: mode.today, mode, days, readBack };
}
