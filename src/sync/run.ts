/**
 * One run: the pending tickets in its scope (a location or a whole company; before a date,
 * up to a moment, or chosen tickets), page by page through QuickBooks, every outcome
 * recorded. A run can stop at any instant; the next one resumes from the facts and the
 * journal without a duplicate or a loss.
 */
import type { QboJournal } from '../qbo/index.js';
import { getLocation, listLocations } from '../store/locations.js';
import { getConnection, saveSetup } from '../store/qbo-connections.js';
import type { Connection } from '../store/qbo-connections.js';
import { inflightTickets, recordInflight } from '../store/qbo-writes.js';
import { finishRun, updateRunCounts } from '../store/runs.js';
import type { RunRow } from '../store/schema.js';
import { claimTickets, countInScope, finishTickets, insertEvents, releaseOrphans } from '../store/sync-tickets.js';
import type { TicketScope } from '../store/sync-tickets.js';
import { clientFor } from './deps.js';
import type { SyncDeps } from './deps.js';
import { connectionLost, fromQboError } from './error-view.js';
import { isQboError } from '../qbo/index.js';
import { finish } from './finalize.js';
import { initializeAndStore } from './initialize.js';
import type { StoredSetup } from './initialize.js';
import { parseWriteKey } from './keys.js';
import { ConnectionLostError, prepareTargets, settleUncertain, takeSteps } from './post-page.js';
import type { PageContext } from './post-page.js';
import type { InitializeReport } from './service-types.js';
import { toWork } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

export interface RunSummary {
  /** `stopped`: the caller asked it to stop between pages; the run is left running for the caller to hand back. */
  status: 'finished' | 'failed' | 'stopped';
  total: number;
  posted: number;
  skipped: number;
  pending: number;
  voided: number;
  httpRequests: number;
  error: string | null;
}

export interface RunControl {
  onProgress?: (done: number, total: number) => void;
  /** Asked between batches (a worker shutting down): true stops the run there, every ticket recorded. */
  stopRequested?: () => boolean;
}

export async function executeRun(deps: SyncDeps, run: RunRow, control: RunControl = {}): Promise<RunSummary> {
  const db = deps.database.db;
  const summary: RunSummary = { status: 'finished', total: 0, posted: 0, skipped: 0, pending: 0, voided: 0, httpRequests: 0, error: null };
  const end = async (status: Exclude<RunSummary['status'], 'stopped'>, error: string | null) => {
    summary.status = status;
    summary.error = error;
    await updateRunCounts(db, run.id, { posted: summary.posted, skipped: summary.skipped, pending: summary.pending, voided: summary.voided, httpRequests: summary.httpRequests });
    await finishRun(db, run.id, status, error);
    return summary;
  };

  const connection = run.connection_id === null ? null : await getConnection(db, run.tenant_id, run.connection_id);
  if (!connection || connection.status !== 'connected') {
    return end('failed', connection ? `QuickBooks needs to be reconnected (${connection.statusReason ?? connection.status}); tickets stay pending` : 'no QuickBooks connection');
  }
  const scope = await scopeOf(deps, run, connection);
  if (scope.locations.length === 0) return end('finished', 'no enabled location uses this QuickBooks connection');

  const journal: QboJournal = {
    beforeSend: async (entry) => recordInflight(db, run.tenant_id, connection.id, entry.operations.map((o) => {
      const k = parseWriteKey(o.key);
      return { requestId: o.requestId, locationId: k?.locationId ?? null, ticketId: k?.ticketId ?? null, version: k?.version ?? null, docKind: o.entity, operation: o.operation };
    })),
  };
  const client = clientFor(deps, connection, journal);
  try {
    await releaseOrphans(db, run.tenant_id, scope.locations.map((l) => l.id));
    summary.total = await countInScope(db, scope);
    await updateRunCounts(db, run.id, { total: summary.total, done: 0 });
    const page = { ...(await pageContext(deps, run, connection, client)), stopRequested: control.stopRequested };
    let done = 0;
    let reinitialized = false;
    for (;;) {
      if (control.stopRequested?.()) {
        summary.status = 'stopped';
        summary.httpRequests = client.requests();
        await updateRunCounts(db, run.id, countsOf(summary));
        return summary;
      }
      const claimed = await claimTickets(db, scope, run.id, deps.pageSize ?? 300);
      if (claimed.length === 0) break;
      const work = claimed.map((row) => toWork(run.tenant_id, row));
      let stop: string | null = null;
      try {
        await settleUncertain(page, work);
        await prepareTargets(page, work);
        await takeSteps(page, work);
        if (!reinitialized && work.some((w) => w.state === 'setup')) {
          // posting-rules §6: a missing or inactive set-up record → Initialize again, once, then retry.
          reinitialized = true;
          await reinitialize(deps, page, connection, client, work);
        }
      } catch (err) {
        // Whatever stopped the page, its tickets leave `posting` with the cause written on them.
        stop = stopReason(err);
        const at = new Date(deps.clock.now());
        const error = err instanceof ConnectionLostError ? err.syncError
          : isQboError(err) && (err.code === 'QBO_RECONNECT_NEEDED' || err.code === 'QBO_AUTH') ? connectionLost(err.message, at)
            : fromQboError(err, at);
        if (!isQboError(err) && !(err instanceof ConnectionLostError)) deps.logger.error({ err, runId: run.id }, 'run page failed');
        for (const w of work) if (w.state === 'open') Object.assign(w, { state: 'transient', error });
      }
      await record(deps, run, work, summary);
      done += work.length;
      summary.httpRequests = client.requests();
      // Tickets may arrive during the run; the total grows with what was taken.
      summary.total = Math.max(summary.total, done);
      await updateRunCounts(db, run.id, { done, total: summary.total, ...countsOf(summary) });
      control.onProgress?.(done, summary.total);
      if (stop) {
        summary.pending += Math.max(0, summary.total - done);
        return end('failed', stop);
      }
    }
    summary.httpRequests = client.requests();
    return end('finished', null);
  } catch (err) {
    summary.httpRequests = client.requests();
    deps.logger.error({ err, runId: run.id }, 'run failed');
    return end('failed', `the run stopped on an unexpected error (logged): ${(err as Error).message}; tickets stay pending`);
  }
}

function stopReason(err: unknown): string {
  if (err instanceof ConnectionLostError || (isQboError(err) && (err.code === 'QBO_RECONNECT_NEEDED' || err.code === 'QBO_AUTH'))) {
    return `the QuickBooks connection was lost: ${(err as Error).message}. Reconnect on the QuickBooks page; tickets stay pending`;
  }
  if (isQboError(err)) return `QuickBooks kept failing (${err.code}: ${err.message}); tickets stay pending for the next run`;
  return `the run stopped on an unexpected error (logged): ${(err as Error).message}; tickets stay pending`;
}

function countsOf(s: RunSummary) {
  return { posted: s.posted, skipped: s.skipped, pending: s.pending, voided: s.voided, httpRequests: s.httpRequests };
}

async function scopeOf(deps: SyncDeps, run: RunRow, connection: Connection): Promise<TicketScope> {
  const db = deps.database.db;
  const candidates = run.location_id
    ? [await getLocation(db, run.tenant_id, run.location_id)].filter((l) => l !== null)
    : await listLocations(db, run.tenant_id);
  const locations = candidates.filter((l) => l.enabled && l.connectionId === connection.id)
    .map((l) => ({ id: l.id, startDate: l.syncStartDate }));
  return {
    tenantId: run.tenant_id, locations, cutoffDate: run.cutoff_date, cutoffAt: run.cutoff_at,
    keys: (run.ticket_keys as { locationId: string; ticketId: string }[] | null) ?? null,
  };
}

async function pageContext(deps: SyncDeps, run: RunRow, connection: Connection, client: ReturnType<typeof clientFor>): Promise<PageContext> {
  let setup = connection.setup as StoredSetup | null;
  let report = connection.setupReport as InitializeReport | null;
  if (!setup || !report) {
    // Never initialized: do it now rather than refuse every ticket.
    ({ setup, report } = await initializeAndStore(deps, connection, client));
  }
  const inflight = new Map<string, string[]>();
  for (const row of await inflightTickets(deps.database.db, connection.id)) {
    const key = `${row.locationId}\u0000${row.ticketId}`;
    inflight.set(key, [...(inflight.get(key) ?? []), row.requestId]);
  }
  return {
    deps, tenantId: run.tenant_id, connection, client, setup, report, inflight,
    saveSetup: (s, r) => saveSetup(deps.database.db, connection.id, s, r),
  };
}

async function reinitialize(deps: SyncDeps, page: PageContext, connection: Connection, client: ReturnType<typeof clientFor>, work: WorkTicket[]): Promise<void> {
  const fresh = await initializeAndStore(deps, { ...connection, setup: page.setup }, client);
  page.setup = fresh.setup;
  page.report = fresh.report;
  const retry = work.filter((w) => w.state === 'setup');
  for (const w of retry) {
    // A refused requestid only replays its refusal: the retry is a new attempt.
    Object.assign(w, { state: 'open', error: null, target: null });
    w.keys.epoch += 1;
    w.actions.push('Initialize ran again (a set-up record was missing or inactive)');
  }
  await prepareTargets(page, retry);
  await takeSteps(page, retry);
}

async function record(deps: SyncDeps, run: RunRow, work: readonly WorkTicket[], summary: RunSummary): Promise<void> {
  const finished = work.map((w) => finish(w, run.id));
  await finishTickets(deps.database.db, run.tenant_id, finished.map((f) => f.outcome));
  await insertEvents(deps.database.db, run.tenant_id, finished.map((f) => f.event));
  for (const f of finished) {
    if (f.outcome.state === 'posted') summary.posted++;
    else if (f.outcome.state === 'void') summary.voided++;
    else if (f.outcome.state === 'skipped') summary.skipped++;
    else summary.pending++;
  }
}

