/**
 * Undo of a range in summary mode (issue 16, Build 2): the range's summary days hold the
 * documents (the day's SalesReceipt and JournalEntries), not its tickets. Each day is claimed
 * (the day table's `undo` move), its documents read back first (current SyncTokens, and one
 * already deleted in QuickBooks is simply gone), then deleted through the summary engine's own
 * planner and batches with nothing left to hold; the day settles `undone` (ready: the next run
 * posts it again) or `withheld` (skipped until "Resync"). Exactly once as every run is: facts
 * saved before and after each batch, deterministic requestids, a continuation claims again.
 */
import { liveDayDocs } from '../../domain/day-docs.js';
import { DAY_TABLE } from '../../domain/day-outcomes.js';
import type { DayOutcome } from '../../domain/day-outcomes.js';
import type { Run } from '../../domain/run.js';
import type { SyncError } from '../../domain/sync-error.js';
import { claimDaysForUndo, finishDays, releaseDayOrphans } from '../../store/summary-days.js';
import type { UndoJob } from '../../store/undo.js';
import { addUndoProgress } from '../../store/undo.js';
import { meaningOf, outcomeOf } from '../engine/classify.js';
import { failureView } from '../engine/failures.js';
import type { PageContext } from '../engine/page.js';
import { stopReason } from '../engine/run.js';
import { lookUpDays } from '../summary/look-up.js';
import { planDay } from '../summary/plan.js';
import { DayConnectionLostError, saveDays, sendDayOps } from '../summary/send.js';
import { isOpenDay, settleDay, toWorkDay } from '../summary/work-day.js';
import type { DayTotals, WorkDay } from '../summary/work-day.js';

export interface UndoDaysTally {
  days: number;
  undone: number;
  documents: number;
}

/** Every day of the job's range, a page at a time. Returns why the run must stop, or null. */
export async function undoDays(page: PageContext, run: Run, job: UndoJob, tally: UndoDaysTally): Promise<string | null> {
  const db = page.deps.database.db;
  // Days left held by a run that died (this undo's, before a crash): ready again, looked up before anything is sent.
  await releaseDayOrphans(db, run.tenantId, job.locationIds, run.id);
  for (;;) {
    if (page.stopRequested()) return null;
    const claimed = await claimDaysForUndo(db, run.tenantId, job, run.id, 100);
    if (claimed.length === 0) return null;
    const work = claimed.map(toWorkDay);
    const before = work.reduce((n, w) => n + liveDayDocs(w.docs).length, 0);
    const stop = await undoDayPage(page, work, job);
    const documents = before - work.reduce((n, w) => n + liveDayDocs(w.docs).length, 0);
    await finishDays(db, run.tenantId, run.id, work.map((w) => ({
      locationId: w.day.locationId, businessDate: w.day.businessDate, outcome: w.outcome ?? 'unexpected', inputSeq: w.day.inputSeq,
      revision: Math.max(w.day.revision, ...liveDayDocs(w.docs).map((d) => d.ref.revision)), totals: null, error: w.error,
    })));
    await addUndoProgress(db, job.id, { documents, tickets: 0 });
    tally.days += work.length;
    tally.documents += documents;
    tally.undone += work.filter((w) => w.outcome === 'undone' || w.outcome === 'withheld').length;
    if (stop) return stop;
  }
}

async function undoDayPage(page: PageContext, work: WorkDay[], job: UndoJob): Promise<string | null> {
  const at = new Date(page.deps.clock.now());
  try {
    // Nothing to hold: every live document is planned for deletion. A document found already gone is retired, not "changed".
    for (const w of work) {
      w.day.reread = true;
      w.target = { revision: w.day.revision + 1, bodies: { salesReceipt: null, cogs: null, drawer: null }, groups: w.day.totals as DayTotals };
    }
    const holding = work.filter((w) => w.uncertain || liveDayDocs(w.docs).length > 0);
    await lookUpDays(page.client, holding, at);
    await saveDays(page, holding);
    await sendDayOps(page, work.filter(isOpenDay).flatMap(planDay));
    if (page.stopRequested()) for (const w of work.filter(isOpenDay)) if (planDay(w).length > 0) settleDay(w, 'transient', null);
    for (const w of work.filter(isOpenDay)) settleDay(w, job.mode === 'withheld' ? 'withheld' : 'undone', job.mode === 'withheld' ? withheldError(job, at) : null);
  } catch (err) {
    const lost = err instanceof DayConnectionLostError;
    const error = lost ? err.syncError : failureView(err, at);
    const outcome: DayOutcome = lost ? 'connection-lost' : outcomeOf(err) as DayOutcome;
    if (!lost && meaningOf(err) === 'unexpected') page.deps.logger.error({ err }, 'undo of summary days failed');
    for (const w of work.filter(isOpenDay)) settleDay(w, outcome, error);
    await saveDays(page, work);
  }
  const stopping = work.find((w) => w.outcome && DAY_TABLE.outcomes[w.outcome].stopsRun);
  return stopping ? stopReason(stopping.error ?? stopping.outcome) : null;
}

function withheldError(job: UndoJob, at: Date): SyncError {
  return { kind: 'validation', code: 'WITHHELD', message: `not to be posted (undo of ${job.from} to ${job.to})`,
    hint: 'Resync the day to post it again.', at: at.toISOString() };
}
