/**
 * The run's summary days (summary-rules §2, §4, §6), after its tickets: days that are over in
 * their location's time zone become ready; ready and out-of-date days are claimed a page at a
 * time, summarised, looked up when uncertain, planned from their facts, written in batches
 * across days, and settled through the day outcome table. A clean run reads nothing and sends
 * one batch per ten days; a day with nothing changed sends nothing.
 */
import { dateInZone } from '../../domain/business-date.js';
import { DAY_TABLE } from '../../domain/day-outcomes.js';
import type { DayOutcome } from '../../domain/day-outcomes.js';
import { liveDayDocs } from '../../domain/day-docs.js';
import { listLocations } from '../../store/locations.js';
import { claimDays, closeDays, finishDays, recordRunDays, releaseDayOrphans } from '../../store/summary-days.js';
import type { DayRunCounts } from '../../store/summary-days.js';
import { meaningOf, outcomeOf } from '../engine/classify.js';
import { failureView } from '../engine/failures.js';
import type { PageContext } from '../engine/page.js';
import type { UnitContext, UnitWorker } from '../engine/units.js';
import { lookUpDays } from './look-up.js';
import { planDay } from './plan.js';
import { prepareDays } from './prepare.js';
import { DayConnectionLostError, saveDays, sendDayOps } from './send.js';
import { dayName, isOpenDay, settleDay, toWorkDay } from './work-day.js';
import type { WorkDay } from './work-day.js';

/** Days claimed at a time: their tickets are read together and their writes batched together. */
export const DAY_PAGE = 100;

export const DAY_WORKER: UnitWorker = { unit: 'day', work: workDays };

async function workDays(ctx: UnitContext): Promise<string | null> {
  const db = ctx.deps.database.db;
  const ids = new Set(ctx.locations.map((l) => l.id));
  const zones = (await listLocations(db, ctx.run.tenantId)).filter((l) => ids.has(l.id));
  const now = ctx.deps.clock.now();
  await closeDays(db, ctx.run.tenantId, zones.map((l) => ({ id: l.id, today: dateInZone(now, l.timeZone), startDate: l.syncStartDate })));
  await releaseDayOrphans(db, ctx.run.tenantId, [...ids], ctx.run.id);
  const counts: DayRunCounts = { done: 0, posted: 0, skipped: 0, changed: 0, pending: 0 };
  for (;;) {
    if (ctx.page.stopRequested()) break;
    const claimed = await claimDays(db, ctx.run.tenantId, [...ids], ctx.run.id, DAY_PAGE);
    if (claimed.length === 0) break;
    const work = claimed.map(toWorkDay);
    const stop = await workDayPage(ctx.page, work);
    await settleDays(ctx, work, counts);
    await recordRunDays(db, ctx.run.id, counts);
    if (stop) return stop;
  }
  return null;
}

/** Takes a page of days through QuickBooks; every day leaves with an outcome. Returns why the run must stop, or null. */
async function workDayPage(page: PageContext, work: WorkDay[]): Promise<string | null> {
  try {
    await prepareDays(page, work);
    const check = work.filter((w) => isOpenDay(w) && (w.uncertain || w.day.reread));
    await lookUpDays(page.client, check, new Date(page.deps.clock.now()));
    await saveDays(page, check);
    await sendDayOps(page, work.filter(isOpenDay).flatMap(planDay));
    // Stopped between batches: what was not sent waits for the next run (ready; its facts saved).
    if (page.stopRequested()) for (const w of work.filter(isOpenDay)) if (w.target && planDay(w).length > 0) settleDay(w, 'transient', null);
    for (const w of work.filter(isOpenDay)) settleDay(w, 'posted', null);
  } catch (err) {
    const lost = err instanceof DayConnectionLostError;
    const error = lost ? err.syncError : failureView(err, new Date(page.deps.clock.now()));
    const outcome: DayOutcome = lost ? 'connection-lost' : outcomeOf(err) as DayOutcome;
    if (!lost && meaningOf(err) === 'unexpected') page.deps.logger.error({ err }, 'summary days page failed');
    for (const w of work.filter(isOpenDay)) settleDay(w, outcome, error);
    await saveDays(page, work);
  }
  const stopping = work.find((w) => w.outcome && DAY_TABLE.outcomes[w.outcome].stopsRun);
  return stopping ? `summary days: ${stopping.error?.message ?? stopping.outcome}; days stay ready` : null;
}

async function settleDays(ctx: UnitContext, work: readonly WorkDay[], counts: DayRunCounts): Promise<void> {
  await finishDays(ctx.deps.database.db, ctx.run.tenantId, ctx.run.id, work.map((w) => {
    const outcome = w.outcome ?? 'unexpected';
    const revision = Math.max(w.day.revision, ...liveDayDocs(w.docs).map((d) => d.ref.revision));
    return { locationId: w.day.locationId, businessDate: w.day.businessDate, outcome, inputSeq: w.day.inputSeq, revision,
      totals: outcome === 'posted' ? w.target?.groups ?? null : null, error: w.error };
  }));
  for (const w of work) {
    const next = DAY_TABLE.outcomes[w.outcome ?? 'unexpected'].next;
    counts.done++;
    if (next === 'posted') counts.posted++;
    else if (next === 'skipped') counts.skipped++;
    else if (next === 'changed-in-qbo') counts.changed++;
    else counts.pending++;
    if (w.actions.length > 0) ctx.deps.logger.info({ day: dayName(w), outcome: w.outcome, actions: w.actions }, 'summary day settled');
  }
}
