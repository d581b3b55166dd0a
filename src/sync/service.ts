/** The SyncService the pages and the CLI use (service-types.ts), over the store and QuickBooks. */
import { getLocation, listLocations } from '../store/locations.js';
import { getConnection } from '../store/qbo-connections.js';
import { enqueueRun, findQueuedRun, getRun, recentRuns } from '../store/runs.js';
import { requeueTickets } from '../store/sync-tickets.js';
import { countsByDay, ticketsWithErrors } from '../store/sync-views.js';
import { completeConnect, connectionViews, disconnect, startConnect, SyncUsageError, useConnection } from './connect.js';
import { clientFor } from './deps.js';
import type { SyncDeps } from './deps.js';
import { initializeAndStore } from './initialize.js';
import type { ResyncOutcome, SyncService, TicketKey } from './service-types.js';
import { dailyCounts, runView, ticketErrorView } from './views.js';

export interface SyncServiceHooks {
  /** A run was queued: wake the worker. */
  kick?: () => void;
}

export function makeSyncService(deps: SyncDeps, hooks: SyncServiceHooks = {}): SyncService {
  const db = deps.database.db;
  const kick = () => hooks.kick?.();

  return {
    startConnect: (tenantId, opts) => startConnect(deps, tenantId, opts),
    completeConnect: (params, who) => completeConnect(deps, params, who),
    disconnect: (tenantId, id) => disconnect(deps, tenantId, id),
    useConnection: (tenantId, locationId, id) => useConnection(deps, tenantId, locationId, id),
    connections: (tenantId) => connectionViews(deps, tenantId),

    async initialize(tenantId, connectionId) {
      const connection = await getConnection(db, tenantId, connectionId);
      if (!connection) throw new SyncUsageError(`no connection ${connectionId}`);
      return (await initializeAndStore(deps, connection, clientFor(deps, connection))).report;
    },

    async syncNow(tenantId, scope) {
      let connectionId = scope.connectionId ?? null;
      if (scope.locationId) {
        const location = await getLocation(db, tenantId, scope.locationId);
        if (!location) throw new SyncUsageError(`no location "${scope.locationId}"`);
        if (!location.connectionId) throw new SyncUsageError(`location "${scope.locationId}" is not connected to QuickBooks yet`);
        if (!location.enabled) throw new SyncUsageError(`QuickBooks is not enabled for location "${scope.locationId}"`);
        connectionId = location.connectionId;
      }
      if (connectionId === null || !(await getConnection(db, tenantId, connectionId))) throw new SyncUsageError('choose a location or a QuickBooks connection');
      const locationId = scope.locationId ?? null;
      // A second click while the first is still waiting joins it.
      const queued = await findQueuedRun(db, tenantId, connectionId, locationId, 'manual');
      const runId = queued ?? await enqueueRun(db, { tenantId, connectionId, locationId, trigger: 'manual', cutoffAt: new Date(deps.clock.now()) });
      kick();
      return { runId };
    },

    async resync(tenantId, tickets) {
      const locations = new Map((await listLocations(db, tenantId)).map((l) => [l.id, l]));
      const outcome: ResyncOutcome = { queued: [], ignored: [], runId: null };
      const known = tickets.filter((t) => {
        if (locations.has(t.locationId)) return true;
        outcome.ignored.push({ ...t, reason: 'unknown location' });
        return false;
      });
      const { requeued, states } = await requeueTickets(db, tenantId, known);
      const requeuedKeys = new Set(requeued.map((k) => `${k.locationId}\u0000${k.ticketId}`));
      for (const t of known) {
        const key = `${t.locationId}\u0000${t.ticketId}`;
        if (requeuedKeys.has(key)) continue;
        const state = states.get(key);
        outcome.ignored.push({ ...t, reason: state === undefined ? 'no such ticket' : state === 'posted' ? 'already posted' : state === 'void' ? 'voided' : 'a run is posting it now' });
      }
      const byConnection = new Map<number, TicketKey[]>();
      for (const k of requeued) {
        const location = locations.get(k.locationId)!;
        if (!location.connectionId || !location.enabled) {
          outcome.ignored.push({ ...k, reason: location.connectionId ? 'QuickBooks is not enabled for this location' : 'the location is not connected to QuickBooks' });
          continue;
        }
        byConnection.set(location.connectionId, [...(byConnection.get(location.connectionId) ?? []), k]);
        outcome.queued.push(k);
      }
      for (const [connectionId, keys] of byConnection) {
        outcome.runId = await enqueueRun(db, { tenantId, connectionId, locationId: null, trigger: 'resync', ticketKeys: keys });
      }
      if (byConnection.size > 0) kick();
      return outcome;
    },

    async run(tenantId, runId) {
      const row = await getRun(db, tenantId, runId);
      return row ? runView(row) : null;
    },
    recentRuns: async (tenantId, opts) => (await recentRuns(db, tenantId, opts)).map(runView),
    ticketErrors: async (tenantId, opts) => (await ticketsWithErrors(db, tenantId, opts)).map(ticketErrorView),
    dailyCounts: async (tenantId, opts) => dailyCounts(await countsByDay(db, tenantId, opts), opts.from, opts.to),
    async nextRuns(tenantId) {
      const rows = await db.selectFrom('locations').select(['id', 'next_run_at', 'enabled', 'connection_id']).where('tenant_id', '=', tenantId).execute();
      return Object.fromEntries(rows.map((r) => [r.id, r.enabled && r.connection_id && r.next_run_at ? r.next_run_at.toISOString() : null]));
    },
  };
}
