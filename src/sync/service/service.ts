/** The SyncService the pages and the CLI use (types.ts), over the store and QuickBooks. */
import { getMapping } from '../../store/account-mappings.js';
import { getConnection } from '../../store/qbo-connections.js';
import type { Connection } from '../../store/qbo-connections.js';
import { getRun, recentRuns } from '../../store/runs.js';
import { countsByDay, nextRunTimes, ticketCountsByLocation, ticketStates, ticketsWithErrors } from '../../store/sync-views.js';
import { readSyncError } from '../../domain/sync-error.js';
import { clientFor } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import { notFound } from '../errors.js';
import { makeMappingService } from '../mapping/service.js';
import { makeRepairService } from '../undo/service.js';
import { makePayoutService } from '../payouts/service.js';
import { reconcile } from '../reconcile/reconcile.js';
import { summaryInitializeOptions } from '../summary/waiting-needs.js';
import { initializeAndStore, readSetup } from '../setup/initialize.js';
import { completeConnect, connectionViews, disconnect, startConnect, useConnection } from './connect.js';
import { resolveConnection, resync, syncDue, syncNow } from './runs.js';
import { estimate, runLocations, startBackfill } from './backfill.js';
import { isOver } from '../../domain/run.js';
import type { RunView, SyncService } from './types.js';
import { driftService } from './drift.js';
import { checkDays } from './day-checks.js';
import { makeDaysService } from './days.js';
import { dailyCounts, runView, ticketErrorView } from './views.js';
import { flushUsage, usageView } from '../usage.js';

export interface SyncServiceHooks {
  /** A run was queued: wake the worker. */
  kick?: () => void;
}

export function makeSyncService(deps: SyncDeps, hooks: SyncServiceHooks = {}): SyncService {
  const db = deps.database.db;
  const kicked = <T>(result: T): T => {
    hooks.kick?.();
    return result;
  };
  // Calls outside a run (Initialize, reconcile, connect) write what they spent when they end.
  const flushed = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } finally {
      await flushUsage(deps.database, deps.logger);
    }
  };
  const connection = async (tenantId: string, connectionId: number) => {
    const found = await getConnection(db, tenantId, connectionId);
    if (!found) throw notFound(`connection ${connectionId}`);
    return found;
  };

  return {
    startConnect: (tenantId, opts) => startConnect(deps, tenantId, opts),
    completeConnect: (params, who) => flushed(completeConnect(deps, params, who)),
    disconnect: (tenantId, id) => disconnect(deps, tenantId, id),
    useConnection: (tenantId, locationId, id) => useConnection(deps, tenantId, locationId, id),
    connections: (tenantId) => connectionViews(deps, tenantId),
    async initialize(tenantId, connectionId) {
      const c = await connection(tenantId, connectionId);
      const summary = await summaryInitializeOptions(db, tenantId, c.id);
      return (await flushed(initializeAndStore(deps, { ...c, setup: readSetup(c)?.setup ?? null }, clientFor(deps, c), summary))).report;
    },

    syncNow: async (tenantId, scope) => kicked(await syncNow(deps, tenantId, scope)),
    syncDue: async (tenantId, scope) => kicked(await syncDue(deps, tenantId, scope)),
    async resync(tenantId, tickets) {
      const outcome = await resync(deps, tenantId, tickets);
      return outcome.runId === null ? outcome : kicked(outcome);
    },
    resolveConnection: (tenantId, locationId) => resolveConnection(deps, tenantId, locationId),

    run: (tenantId, runId) => runWithEta(deps, tenantId, runId),
    backfill: async (tenantId, opts) => kicked(await startBackfill(deps, tenantId, opts)),
    backfillEta: (tenantId, locationIds, pace) => estimate(deps, tenantId, locationIds, pace),
    recentRuns: async (tenantId, opts) => (await recentRuns(db, tenantId, opts)).map(runView),
    ticketErrors: async (tenantId, opts) => (await ticketsWithErrors(db, tenantId, opts)).map(ticketErrorView),
    dailyCounts: async (tenantId, opts) => dailyCounts(await countsByDay(db, tenantId, opts), opts.from, opts.to),
    async nextRuns(tenantId) {
      const times = await nextRunTimes(db, tenantId);
      return Object.fromEntries(Object.entries(times).map(([id, at]) => [id, at?.toISOString() ?? null]));
    },
    ticketStates: async (tenantId, keys) => (await ticketStates(db, tenantId, keys))
      .map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id, state: r.sync_state, error: readSyncError(r.last_error) })),
    ticketCounts: (tenantId) => ticketCountsByLocation(db, tenantId),
    usage: (tenantId) => usageView(deps, tenantId),
    reconcile: async (tenantId, opts) => flushed(reconcileConnection(deps, await connection(tenantId, opts.connectionId), opts)),
    mapping: makeMappingService(deps, { kick: () => hooks.kick?.() }),
    days: makeDaysService(deps, { kick: () => hooks.kick?.() }),
    repair: makeRepairService(deps, () => hooks.kick?.()),
    payouts: makePayoutService(deps, () => hooks.kick?.()),
    ...driftService(deps, () => hooks.kick?.()),
    dayChecks: async (tenantId, opts) => flushed(checkDays(deps, tenantId, opts)),
  };
}

const POSTING_RUNS = new Set<string>(['manual', 'schedule', 'resync', 'repost']);

/** A run as the pages show it; while it is queued or running, with what is left and how long it takes. */
async function runWithEta(deps: SyncDeps, tenantId: string, runId: number): Promise<RunView | null> {
  const run = await getRun(deps.database.db, tenantId, runId);
  if (!run) return null;
  // Only runs that post pending tickets have an estimate (an undo, a CDC read or a remap is not "tickets left").
  if (isOver(run.status) || !deps.provider || !POSTING_RUNS.has(run.trigger)) return runView(run);
  const pace = run.startedAt ? { done: run.done, since: run.startedAt } : undefined;
  return { ...runView(run), eta: await estimate(deps, tenantId, await runLocations(deps, run), pace) };
}

/** POS against QuickBooks for a connection's locations (all of them unless named), under its mapping. */
async function reconcileConnection(deps: SyncDeps, c: Connection, opts: { connectionId: number; locationIds?: string[]; from: string; to: string }) {
  const setup = readSetup(c)?.setup;
  if (!setup) throw notFound(`set-up for connection ${opts.connectionId}: run Initialize first`);
  const locationIds = opts.locationIds ?? (await connectionViews(deps, c.tenantId)).find((v) => v.id === c.id)?.locationIds ?? [];
  const { mapping } = await getMapping(deps.database.db, c.tenantId, c.id);
  return reconcile(deps.database, clientFor(deps, c), { tenantId: c.tenantId, locationIds, from: opts.from, to: opts.to, setup, mapping });
}
