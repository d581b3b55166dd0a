/**
 * The run that undoes a range (trigger `undo`): the company's open undo job names the range and
 * the mode; its tickets are claimed page by page (the outcome table's `undo` move) and taken
 * through the engine's own steps towards "nothing live in QuickBooks": payments voided before
 * their invoice, refund receipts deleted, invoices voided. Exactly once as every run is: facts
 * saved with each page's settlements, deterministic requestids, the journal looked up after a crash, and a
 * continuation run (same trigger) finds the same open job and resumes from the facts.
 */
import { emptyCounts } from '../../domain/run.js';
import type { Run } from '../../domain/run.js';
import { finishRun, updateRunCounts } from '../../store/runs.js';
import { insertEvents, releaseOrphans } from '../../store/sync-tickets.js';
import { addUndoProgress, claimForUndo, countLiveInRange, finishUndoJob, openUndoJob } from '../../store/undo.js';
import type { UndoJob } from '../../store/undo.js';
import type { SyncDeps } from '../deps.js';
import { ConnectionLostError } from '../engine/batch.js';
import { meaningOf, outcomeOf } from '../engine/classify.js';
import { failureView } from '../engine/failures.js';
import { finish, saveSettlements } from '../engine/finish.js';
import { settleUncertain, takeSteps } from '../engine/page.js';
import type { PageContext } from '../engine/page.js';
import { openRun } from '../engine/run-context.js';
import { stopReason } from '../engine/run.js';
import type { RunControl, RunSummary } from '../engine/run.js';
import { isOpen, settle, toWork } from '../engine/work-ticket.js';
import type { WorkTicket } from '../engine/work-ticket.js';
import { TICKET_TABLE } from '../../domain/ticket-outcomes.js';
import { undoDays } from './days.js';
import type { UndoDaysTally } from './days.js';

export async function executeUndo(deps: SyncDeps, run: Run, control: RunControl): Promise<RunSummary> {
  const db = deps.database.db;
  const summary: RunSummary = { status: 'finished', ...emptyCounts(), error: null };
  const job = run.connectionId === null ? null : await openUndoJob(db, run.tenantId, run.connectionId);
  // Before the run ends: its successor may start at once, and waits for requests still on their way.
  let requestsOver = async () => {};
  const end = async (status: 'finished' | 'failed', error: string | null) => {
    Object.assign(summary, { status, error });
    await requestsOver();
    await updateRunCounts(db, run.id, summary);
    await finishRun(db, run.id, status, error);
    if (job) await finishUndoJob(db, job.id, status, error);
    return summary;
  };
  if (!job) return end('finished', 'no undo waiting for this QuickBooks company');
  const opened = await openRun(deps, run, control.stopRequested ?? (() => false));
  // Not connected: the undo fails saying so; after a reconnect, undoing the range again finishes it.
  if (!opened.ok) return end(opened.status, opened.error);
  const { page } = opened;
  requestsOver = opened.requestsOver;
  try {
    await releaseOrphans(db, run.tenantId, job.locationIds, run.id);
    for (;;) {
      if (page.stopRequested()) return await stopped(deps, run, summary, requestsOver);
      const claimed = await claimForUndo(db, run.tenantId, job, run.id, deps.pageSize ?? 300);
      if (claimed.length === 0) break;
      const work = claimed.map((row) => toWork(run.tenantId, row));
      const stop = await undoPage(page, work, job);
      await record(deps, page, run, job, work, summary);
      control.onProgress?.(summary);
      if (stop) return await end('failed', stop);
    }
    if (page.stopRequested()) return await stopped(deps, run, summary, requestsOver);
    // Summary mode: the range's days hold the documents.
    const days: UndoDaysTally = { days: 0, undone: 0, documents: 0 };
    const dayStop = await undoDays(page, run, job, days);
    summary.voided += days.undone;
    await updateRunCounts(db, run.id, summary);
    if (dayStop) return await end('failed', dayStop);
    if (page.stopRequested()) return await stopped(deps, run, summary, requestsOver);
    return await end(...leftWords(await countLiveInRange(db, run.tenantId, job), days.days - days.undone));
  } catch (err) {
    deps.logger.error({ err, runId: run.id }, 'undo run failed');
    return end('failed', `the undo stopped on an unexpected error (logged): ${(err as Error).message}; undo the range again to finish`);
  } finally {
    summary.httpRequests = page.client.requests();
    await updateRunCounts(db, run.id, { httpRequests: summary.httpRequests });
  }
}

function leftWords(tickets: number, days: number): ['finished' | 'failed', string | null] {
  if (tickets === 0 && days === 0) return ['finished', null];
  const what = [tickets > 0 && `${tickets} tickets`, days > 0 && `${days} summary days`].filter(Boolean).join(' and ');
  return ['failed', `${what} of the range still hold documents in QuickBooks (see their errors); undo the range again to finish`];
}

/** Stopped on request (shutdown, lost lease): the run is handed back by its caller; the job stays open for the continuation. */
async function stopped(deps: SyncDeps, run: Run, summary: RunSummary, requestsOver: () => Promise<void>): Promise<RunSummary> {
  summary.status = 'stopped';
  await requestsOver();
  await updateRunCounts(deps.database.db, run.id, summary);
  return summary;
}

/** One page: what is uncertain looked up, then steps until nothing of each ticket is live. Returns why the run must stop, or null. */
async function undoPage(page: PageContext, work: WorkTicket[], job: UndoJob): Promise<string | null> {
  try {
    await settleUncertain(page, work);
    for (const w of work) w.target = { version: w.row.version, documents: { kind: 'none' }, mappingRevision: page.mappingRevision };
    await takeSteps(page, work);
  } catch (err) {
    const error = err instanceof ConnectionLostError ? err.syncError : failureView(err, new Date(page.deps.clock.now()));
    const outcome = err instanceof ConnectionLostError ? 'connection-lost' : outcomeOf(err);
    if (meaningOf(err) === 'unexpected' && !(err instanceof ConnectionLostError)) page.deps.logger.error({ err }, 'undo page failed');
    for (const w of work.filter(isOpen)) settle(w, outcome, error);
    return stopReason(err);
  }
  // The plan reached "nothing live" (the engine calls that posted, or voided for a voided ticket): undone.
  for (const w of work) if (w.outcome === 'posted' || w.outcome === 'voided') settle(w, job.mode === 'withheld' ? 'withheld' : 'undone');
  const stopping = work.find((w) => w.outcome && TICKET_TABLE.outcomes[w.outcome].stopsRun);
  return stopping ? stopReason(stopping.error ?? stopping.outcome) : null;
}

async function record(deps: SyncDeps, page: PageContext, run: Run, job: UndoJob, work: readonly WorkTicket[], summary: RunSummary): Promise<void> {
  const db = deps.database.db;
  const finished = work.map((w) => {
    const f = finish(w, run.id);
    // Posted again later, its documents are new ones: new requestids, or QuickBooks would replay the first create.
    if (w.outcome === 'undone' || w.outcome === 'withheld') f.settlement.epoch = w.keys.epoch + 1;
    return f;
  });
  await saveSettlements(db, run.tenantId, run.id, page.connection.id, work, finished.map((f) => f.settlement));
  // History: every ticket the undo touched or changed (not the ones that only waited to be posted).
  const touched = work.map((w, i) => ({ w, f: finished[i]! }))
    .filter(({ w }) => w.actions.length > 0 || w.row.postedVersion !== null || job.mode === 'withheld' || !['undone', 'withheld'].includes(w.outcome ?? ''));
  const undo = { job: job.id, mode: job.mode };
  await insertEvents(db, run.tenantId, touched.map(({ f }) => ({ ...f.event, detail: { ...(f.event.detail as object), undo } })));
  const documents = work.reduce((n, w) => n + w.actions.filter((a) => /^(voided|deleted) /.test(a) || a.includes('no longer in QuickBooks')).length, 0);
  await addUndoProgress(db, job.id, { documents, tickets: work.length });
  summary.done += work.length;
  summary.total = Math.max(summary.total, summary.done);
  for (const w of work) if (w.outcome === 'undone' || w.outcome === 'withheld') summary.voided++;
  summary.pending += work.filter((w) => w.outcome !== 'undone' && w.outcome !== 'withheld').length;
  await updateRunCounts(db, run.id, summary);
}
