/**
 * A location's days as the Days page and `tillbooks days` show them: `sync.days` (mode, days
 * with state, totals and documents) and `sync.dayChecks` (tenders, links, the reconciliation
 * read back) put together, and what a mode switch will do in sentences (summary-rules §1, §6).
 */
import type { DayCheck, DayChecks } from './day-checks.js';
import type { DayView, ModeSwitchPreview, PostingModeView } from './days-types.js';
import type { SyncService } from './types.js';

export interface OverviewDay extends DayView, Omit<DayCheck, 'date' | 'tickets' | 'totals'> {}

export interface DaysOverview {
  locationId: string;
  timeZone: string;
  today: string;
  mode: PostingModeView;
  readBack: DayChecks['readBack'];
  days: OverviewDay[];
}

export async function daysOverview(sync: Pick<SyncService, 'days' | 'dayChecks'>, tenantId: string,
  opts: { locationId: string; from?: string; to?: string; readBack?: boolean }): Promise<DaysOverview> {
  const range = { ...(opts.from && { from: opts.from }), ...(opts.to && { to: opts.to }) };
  const [mode, days, checks] = await Promise.all([
    sync.days.mode(tenantId, opts.locationId), sync.days.list(tenantId, opts.locationId, range),
    sync.dayChecks(tenantId, { ...opts, ...range }),
  ]);
  const byDate = new Map(checks.days.map((c) => [c.date, c]));
  return {
    locationId: checks.locationId, timeZone: checks.timeZone, today: checks.today, mode, readBack: checks.readBack,
    days: days.map((d) => {
      const c = byDate.get(d.date);
      // A day over where the store is waits for the next run to close it: it is ready, not open.
      const state = d.state === 'open' && d.date < checks.today ? 'ready' : d.state;
      // Totals of a day not posted where the location has no set-up yet come from the check's own sums.
      const sums = d.totals ? {} : c ? { tickets: c.tickets, totals: c.totals } : {};
      return { ...d, ...sums, state, stateWords: state === d.state ? d.stateWords : 'ready',
        tenders: c?.tenders ?? [], links: c?.links ?? [], reconciliation: c?.reconciliation ?? null };
    }),
  };
}

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** What saving the switch will do, one sentence each (the preview's counts in words). */
export function switchEffects(p: ModeSwitchPreview, timeZone: string): string[] {
  if (p.mode === 'summary') {
    return [
      `From ${p.from} on, each day of ${p.locationId} posts as one daily summary (a sales receipt totalling 0, with journal entries for costs and the drawer), once the day is over in ${timeZone}.`,
      p.tickets.toSummary > 0
        ? `${n(p.tickets.toSummary, 'ticket')} already taken in, on ${n(p.days.toSummary, 'day')} from ${p.from}, will be summarised instead of posted one by one.`
        : `No ticket taken in so far is dated ${p.from} or later: nothing already here changes mode.`,
      ...(p.tickets.stayLineByLine > 0
        ? [`${n(p.tickets.stayLineByLine, 'ticket')} from ${p.from} on already posted line-by-line stay line-by-line, and so do their edits: a ticket is never in both.`] : []),
      `Tickets dated before ${p.from} keep posting line-by-line.`,
    ];
  }
  return [
    `From ${p.from} on, ${p.locationId} posts one document per ticket again (line-by-line).`,
    ...(p.tickets.toLineByLine > 0 ? [`${n(p.tickets.toLineByLine, 'ticket')} from ${p.from} on, in days not summarised yet, will be posted one by one.`] : []),
    ...(p.lastSummarisedDate ? [`Days summarised up to ${p.lastSummarisedDate} stay summarised.`] : []),
  ];
}
