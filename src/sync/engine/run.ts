/**
 * One run: the pending tickets in its scope (a location or a whole company; before a date,
 * up to a moment, or chosen tickets), page by page through QuickBooks, every outcome
 * recorded. A run can stop at any instant; the next one resumes from the facts and the
 * journal without a duplicate or a loss.
 */
import { countSettled, emptyCounts } from '../../domain/run.js';
import type { Run, RunCounts } from '../../domain/run.js';
import { TICKET_TABLE } from '../../domain/ticket-outcomes.js';
import { finishRun, updateRunCounts } from '../../store/runs.js';
import { claimTickets, countInScope, insertEvents, releaseOrphans } from '../../store/sync-tickets.js';
import type { SyncDeps } from '../deps.js';
import { executeDriftRun, isDriftRun } from '../drift/run.js';
import { flushUsage } from '../usage.js';
import { ConnectionLostError } from './batch.js';
import { meaningOf, outcomeOf } from './classify.js';
import { failureView } from './failures.js';
import { finish, saveSettlements } from './finish.js';
import { prepareTargets, settleUncertain, takeSteps } from './page.js';
import type { PageContext } from './page.js';
import { earlierRequestsOver } from './earlier-writes.js';
import { openRun, reinitialize } from './run-context.js';
import type { OpenedRun } from './run-context.js';
import { executeUndo } from '../undo/execute.js';
import { UNIT_WORKERS } from './units.js';
import type { UnitContext } from './units.js';
import { isOpen, settle, toWork } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

export interface RunSummary extends RunCounts {
  /** `stopped`: the caller asked it to stop; the run is left running for the caller to hand back. */
  status: 'finished' | 'failed' | 'stopped';
  error: string | null;
}

export interface RunControl {
  /** After each page: the run's counts so far. */
  onProgress?: (counts: Readonly<RunCounts>) => void;
  /** Asked between batches (a worker shutting down, a lost lease): true stops the run there, every ticket recorded. */
  stopRequested?: () => boolean;
}

export async function executeRun(deps: SyncDeps, run: Run, controlAsked: RunControl = {}): Promise<RunSummary> {
  const stopRequested = stickyStop(controlAsked.stopRequested);
  const control = { ...controlAsked, stopRequested };
  try {
    // Changes in QuickBooks (webhooks, the daily CDC read) are checked in their company's queue too.
    if (isDriftRun(run)) return await executeDriftRun(deps, run);
    if (run.connectionId !== null && !(await earlierRequestsOver(deps, run.id, run.connectionId, stopRequested))) {
      return { status: 'stopped', ...emptyCounts(), error: null };
    }
    // An undo of a range is a run of the company's queue too (one at a time, continued when its worker dies).
    if (run.trigger === 'undo') return await executeUndo(deps, run, control);
    return await executeRunPages(deps, run, control);
  } finally {
    // What the run spent at QuickBooks, counted in memory, is written once more at its end.
    await flushUsage(deps.database, deps.logger);
  }
}

/**
 * A stop, once asked, holds. A worker's fence asks while no heartbeat is confirmed and stops
 * asking once one is; a run that carried on then would pass over the tickets the page it cut
 * short left open (they are claimed by it, so it never takes them again) and finish without them.
 */
function stickyStop(asked: (() => boolean) | undefined): () => boolean {
  let stopped = false;
  return () => (stopped ||= asked?.() === true);
}

async function executeRunPages(deps: SyncDeps, run: Run, control: RunControl): Promise<RunSummary> {
  const db = deps.database.db;
  const summary: RunSummary = { status: 'finished', ...emptyCounts(), error: null };
  // Before the run ends: its successor may start at once, and waits for requests still on their way.
  let requestsOver = async () => {};
  const end = async (status: RunSummary['status'], error: string | null) => {
    Object.assign(summary, { status, error });
    await requestsOver();
    await updateRunCounts(db, run.id, summary);
    // A stopped run is left running for its caller to hand back.
    if (status !== 'stopped') await finishRun(db, run.id, status, error);
    return summary;
  };
  const opened = await openRun(deps, run, control.stopRequested ?? (() => false)).catch((err: unknown): OpenedRun => {
    // Initialize, when the company never ran it, talks to QuickBooks: a throttle storm or a lost
    // connection there is a run that stops saying so, not an unexpected error.
    if (meaningOf(err) === 'unexpected') throw err;
    return { ok: false, status: 'failed', error: stopReason(err) };
  });
  if (!opened.ok) return end(opened.status, opened.error);
  const { page, scope } = opened;
  requestsOver = opened.requestsOver;
  try {
    await releaseOrphans(db, run.tenantId, scope.locations.map((l) => l.id), run.id);
    summary.total = await countInScope(db, scope);
    await updateRunCounts(db, run.id, { total: summary.total, done: 0 });
    let reinitialized = false;
    for (;;) {
      if (page.stopRequested()) {
        summary.httpRequests = page.client.requests();
        return end('stopped', null);
      }
      const claimed = await claimTickets(db, scope, run.id, deps.pageSize ?? pageTickets(page));
      if (claimed.length === 0) break;
      const work = claimed.map((row) => toWork(run.tenantId, row));
      const { stop, reinitializedNow } = await workPage(deps, page, work, run.id, !reinitialized);
      reinitialized ||= reinitializedNow;
      await record(deps, page, run, work, summary);
      await flushUsage(deps.database, deps.logger);
      summary.done += work.length;
      summary.httpRequests = page.client.requests();
      // Tickets may arrive during the run; the total grows with what was taken.
      summary.total = Math.max(summary.total, summary.done);
      await updateRunCounts(db, run.id, summary);
      control.onProgress?.(summary);
      if (stop) {
        summary.pending += Math.max(0, summary.total - summary.done);
        return end('failed', stop);
      }
    }
    const stop = await workOtherUnits(deps, run, page, scope.locations, summary);
    summary.httpRequests = page.client.requests();
    return end(stop === 'stopped' ? 'stopped' : stop ? 'failed' : 'finished', stop === 'stopped' ? null : stop);
  } catch (err) {
    summary.httpRequests = page.client.requests();
    deps.logger.error({ err, runId: run.id }, 'run failed');
    return end('failed', `the run stopped on an unexpected error (logged): ${(err as Error).message}; tickets stay pending`);
  }
}

/**
 * Tickets a page claims: about a minute of the company's budget at QuickBooks, so a minute's
 * batches go out from one page at once. A run's later minutes repeat its first minute's pace
 * (the window slides), so batches that trickled out across a page turn there would slow every
 * minute of it. Lenient reading: 40 batches × 30 documents, about 600 tickets (a sale is an
 * invoice and its payments). Strict: 500 units a minute is about 250 tickets; 300 also keeps
 * the run's progress, saved after each page, within about a minute.
 */
export const PAGE_TICKETS = { strict: 300, lenient: 600 } as const;

function pageTickets(page: PageContext): number {
  return page.client.pace.lenient() ? PAGE_TICKETS.lenient : PAGE_TICKETS.strict;
}

/** The run's other units (days, payouts) after its tickets: null when done, 'stopped', or why the run failed. */
async function workOtherUnits(deps: SyncDeps, run: Run, page: PageContext, locations: UnitContext['locations'], summary: RunSummary): Promise<string | null> {
  for (const worker of UNIT_WORKERS) {
    if (page.stopRequested()) return 'stopped';
    const stop = await worker.work({ deps, run, page, locations, summary });
    if (stop) return stop;
  }
  return page.stopRequested() && UNIT_WORKERS.length > 0 ? 'stopped' : null;
}

/**
 * Takes one page through QuickBooks. Returns why the run must stop (a page-level failure, or
 * an outcome the table says stops the run), or null. Every ticket leaves with an outcome.
 */
async function workPage(deps: SyncDeps, page: PageContext, work: WorkTicket[], runId: number,
  mayReinitialize: boolean): Promise<{ stop: string | null; reinitializedNow: boolean }> {
  let reinitializedNow = false;
  for (const w of work) if (!w.row.stored.ok) settle(w, 'unmappable', { kind: 'mapping', code: 'MAPPING_UNREADABLE', message: w.row.stored.problem, hint: 'Send the ticket again from the POS (a new version).', at: new Date(deps.clock.now()).toISOString() });
  try {
    await settleUncertain(page, work.filter(isOpen));
    await prepareTargets(page, work);
    await takeSteps(page, work);
    // posting-rules §6: a missing or inactive set-up record → Initialize again, once, then retry.
    if (mayReinitialize && work.some((w) => w.outcome === 'setup-missing')) {
      reinitializedNow = true;
      await reinitialize(page, work);
    }
  } catch (err) {
    // Whatever stopped the page, its open tickets leave with the cause written on them.
    const error = err instanceof ConnectionLostError ? err.syncError : failureView(err, new Date(deps.clock.now()));
    const outcome = err instanceof ConnectionLostError ? 'connection-lost' : outcomeOf(err);
    if (meaningOf(err) === 'unexpected' && !(err instanceof ConnectionLostError)) deps.logger.error({ err, runId }, 'run page failed');
    for (const w of work.filter(isOpen)) settle(w, outcome, error);
    return { stop: stopReason(err), reinitializedNow };
  }
  const stopping = work.find((w) => w.outcome && TICKET_TABLE.outcomes[w.outcome].stopsRun);
  return { stop: stopping ? stopReason(stopping.error ?? stopping.outcome) : null, reinitializedNow };
}

/** How a run stopped by Intuit's monthly read quota begins its reason (the pages show a banner for it). */
export const QUOTA_STOP = 'QuickBooks refuses reads: the monthly quota of metered reads is used up';

export function stopReason(err: unknown): string {
  if (meaningOf(err) === 'quota-blocked' || (err as { kind?: string })?.kind === 'quota') {
    return `${QUOTA_STOP} (${(err as Error).message}). The run paused; tickets stay pending and the next run resumes once QuickBooks lifts the block (next month, or a higher Intuit tier)`;
  }
  if (err instanceof ConnectionLostError || meaningOf(err) === 'connection-lost' || (err as { kind?: string })?.kind === 'connection') {
    return `the QuickBooks connection was lost: ${(err as Error).message}. Reconnect on the QuickBooks page; tickets stay pending`;
  }
  if (meaningOf(err) !== 'unexpected') return `QuickBooks kept failing (${(err as { code: string }).code}: ${(err as Error).message}); tickets stay pending for the next run`;
  return `the run stopped on an unexpected error (logged): ${(err as Error)?.message ?? String(err)}; tickets stay pending`;
}

async function record(deps: SyncDeps, page: PageContext, run: Run, work: readonly WorkTicket[], summary: RunSummary): Promise<void> {
  const finished = work.map((w) => finish(w, run.id));
  await saveSettlements(deps.database.db, run.tenantId, run.id, page.connection.id, work, finished.map((f) => f.settlement));
  await insertEvents(deps.database.db, run.tenantId, finished.map((f) => f.event));
  for (const f of finished) countSettled(summary, TICKET_TABLE.outcomes[f.settlement.outcome].next);
}
