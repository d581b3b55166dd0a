/**
 * What a run needs before its first page: its connection (connected, or the run fails saying
 * why), its scope, a QuickBooks client whose writes are journalled, the company's set-up
 * (Initialize now if it never ran), and the writes an earlier run left in flight.
 */
import { QboNotSentError } from '../../qbo/index.js';
import type { JournalEntry, QboJournal } from '../../qbo/index.js';
import type { Run } from '../../domain/run.js';
import { ticketKey } from '../../domain/ticket.js';
import { getMapping } from '../../store/account-mappings.js';
import { getLocation, listLocations } from '../../store/locations.js';
import { getConnection, saveSetup } from '../../store/qbo-connections.js';
import type { Connection } from '../../store/qbo-connections.js';
import { dropUnsent, inflightTickets, markRequestsOver, recordInflight, reserveInflight } from '../../store/qbo-writes.js';
import type { JournalRow } from '../../store/qbo-writes.js';
import { loadBatchReading } from '../../store/qbo-batch-readings.js';
import type { TicketScope } from '../../store/sync-tickets.js';
import { clientFor } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import { initializeAndStore, readSetup } from '../setup/initialize.js';
import { parseDayKey } from '../summary/keys.js';
import { parseWriteKey } from './keys.js';
import { blockedReason, mappedRecords, unusableRecords } from './mapping-check.js';
import { prepareTargets, rulesFor, takeSteps } from './page.js';
import type { PageContext } from './page.js';
import { reopen, settle } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

export type OpenedRun =
  /** `requestsOver`: writes the journal's record of the run's requests that are over (at its end; earlier when it is stopping). */
  | { ok: true; page: PageContext; scope: TicketScope; requestsOver: () => Promise<void> }
  | { ok: false; status: 'finished' | 'failed'; error: string };

export async function openRun(deps: SyncDeps, run: Run, stopRequested: () => boolean): Promise<OpenedRun> {
  const db = deps.database.db;
  const connection = run.connectionId === null ? null : await getConnection(db, run.tenantId, run.connectionId);
  if (!connection || connection.status !== 'connected') {
    return { ok: false, status: 'failed', error: connection ? `QuickBooks needs to be reconnected (${connection.statusReason ?? connection.status}); tickets stay pending` : 'no QuickBooks connection' };
  }
  const scope = await scopeOf(deps, run, connection);
  if (scope.locations.length === 0) return { ok: false, status: 'finished', error: 'no enabled location uses this QuickBooks connection' };
  const over = requestsOverLog(deps, connection.id, stopRequested);
  const journal = runJournal(deps, run, connection.id, over);
  const client = clientFor(deps, connection, journal, await loadBatchReading(db, connection.realmId));
  let stored = readSetup(connection);
  // Never initialized: do it now rather than refuse every ticket.
  stored ??= await initializeAndStore(deps, { ...connection, setup: null }, client);
  const inflight = new Map<string, string[]>();
  for (const row of await inflightTickets(db, connection.id)) {
    const key = ticketKey(row.locationId, row.ticketId);
    inflight.set(key, [...(inflight.get(key) ?? []), row.requestId]);
  }
  const { mapping, revision: mappingRevision } = await getMapping(db, run.tenantId, connection.id);
  const page: PageContext = {
    deps, tenantId: run.tenantId, runId: run.id, connection, client, setup: stored.setup, report: stored.report, inflight, stopRequested,
    mapping, mappingRevision,
    saveSetup: (s, r) => saveSetup(db, connection.id, s, r),
  };
  return { ok: true, page, scope, requestsOver: over.flush };
}

/**
 * The run's journal (store/qbo-writes.ts): every write on record before it is sent, under the
 * run's fence. A step's writes may be reserved ahead, many in one statement (pipeline.ts); a
 * request's `beforeSend` then writes only those of its writes not reserved. A stop still holds
 * reserved writes back: the step's gate, which the fence closes, is checked when each is granted
 * its slot, as for a write that waits for the limiter after its entry.
 */
function runJournal(deps: SyncDeps, run: Run, connectionId: number, over: ReturnType<typeof requestsOverLog>): QboJournal {
  const db = deps.database.db;
  const fence = { runId: run.id, oneConnection: deps.database.kind === 'pglite' };
  const reserved = new Set<string>();
  return {
    afterSend: over.add,
    beforeSend: async (entry) => {
      await over.beforeSend(entry);
      // Reserved ones are on record, inflight, already: writing them again would only update them.
      const fresh = entry.operations.filter((o) => !reserved.delete(o.requestId));
      if (fresh.length === 0) return;
      const recorded = await recordInflight(db, run.tenantId, connectionId, journalRows({ ...entry, operations: fresh }), fence);
      // The run was taken over (this worker stalled past its lease): nothing more goes out.
      if (!recorded) throw new QboNotSentError({ message: 'not sent: the run was taken over by another worker' });
    },
    async reserve(entry) {
      const ids = await reserveInflight(db, run.tenantId, connectionId, journalRows(entry), fence);
      for (const id of ids) reserved.add(id);
      return ids;
    },
    async releaseUnsent(requestIds) {
      const unsent = requestIds.filter((id) => reserved.delete(id));
      await dropUnsent(db, connectionId, unsent);
    },
  };
}

function journalRows(entry: JournalEntry): JournalRow[] {
  return entry.operations.map((o) => {
    const k = parseWriteKey(o.key);
    // A summary day's write: its location and revision (days look themselves up from their own uncertain flag).
    const d = k ? null : parseDayKey(o.key);
    return { requestId: o.requestId, locationId: k?.locationId ?? d?.locationId ?? null, ticketId: k?.ticketId ?? null,
      version: k?.version ?? d?.revision ?? null, docKind: o.entity, operation: o.operation };
  });
}

/**
 * The requestids of the run's requests that are over, written down as such (markRequestsOver)
 * in bulk: at the run's end, every 2,000, and at once while the run is stopping, when a
 * successor may be waiting for exactly these (earlier-writes.ts). Most are settled (deleted)
 * with their page first, and the update then touches nothing.
 */
function requestsOverLog(deps: SyncDeps, connectionId: number, stopping: () => boolean) {
  // A write sent again (same requestid) is on its way once more: it leaves the set until over again.
  let ids = new Set<string>();
  const flush = async () => {
    if (ids.size === 0) return;
    const taken = [...ids];
    ids = new Set();
    await markRequestsOver(deps.database.db, connectionId, taken);
  };
  return {
    flush,
    beforeSend: async (entry: JournalEntry) => {
      for (const o of entry.operations) ids.delete(o.requestId);
      if (ids.size >= 2000) await flush();
    },
    add: (entry: JournalEntry) => {
      for (const o of entry.operations) ids.add(o.requestId);
      if (stopping()) flush().catch((err: unknown) => deps.logger.warn({ err }, 'could not record requests as over; the next run waits for them'));
    },
  };
}

async function scopeOf(deps: SyncDeps, run: Run, connection: Connection): Promise<TicketScope> {
  const db = deps.database.db;
  const candidates = run.locationId
    ? [await getLocation(db, run.tenantId, run.locationId)].filter((l) => l !== null)
    : await listLocations(db, run.tenantId);
  const locations = candidates.filter((l) => l.enabled && l.connectionId === connection.id)
    .map((l) => ({ id: l.id, startDate: l.syncStartDate }));
  return { tenantId: run.tenantId, locations, cutoffDate: run.cutoffDate, cutoffAt: run.cutoffAt, keys: run.ticketKeys };
}

/** Initialize again after a set-up record was missing or inactive, then retry those tickets once. */
export async function reinitialize(page: PageContext, work: WorkTicket[]): Promise<void> {
  const fresh = await initializeAndStore(page.deps, { ...page.connection, setup: page.setup }, page.client);
  page.setup = fresh.setup;
  page.report = fresh.report;
  const retry = work.filter((w) => w.outcome === 'setup-missing');
  for (const w of retry) reopen(w, 'Initialize ran again (a set-up record was missing or inactive)');
  await prepareTargets(page, retry);
  await takeSteps(page, retry);
  await holdForMapping(page, retry.filter((w) => w.outcome === 'setup-missing'));
}

/** Tickets that still fail on a record the accountant mapped them to wait for it, saying which (never posted elsewhere). */
async function holdForMapping(page: PageContext, failing: WorkTicket[]): Promise<void> {
  const records = new Map(failing.map((w) => [w, mappedRecords(w.ticket, rulesFor(page, w.row.locationId))]));
  const all = [...records.values()].flat();
  if (all.length === 0) return;
  const unusable = await unusableRecords(page.client, all);
  for (const [w, mine] of records) {
    const reason = blockedReason(mine, unusable);
    if (!reason) continue;
    settle(w, 'mapping-blocked', { kind: 'mapping', code: 'MAPPING_TARGET_UNUSABLE', message: reason,
      hint: 'The ticket waits and is posted by the next run once the record is active again or the name is mapped elsewhere.',
      at: new Date(page.deps.clock.now()).toISOString() });
  }
}
