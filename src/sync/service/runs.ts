/**
 * Queuing runs for people: "Sync now", the schedule's run on demand (`tillbooks sync`), and
 * "Resync selected tickets". The worker (src/jobs/) executes what is queued here.
 */
import { ticketKey } from '../../domain/ticket.js';
import type { TicketState } from '../../domain/ticket-outcomes.js';
import { getLocation, listLocations } from '../../store/locations.js';
import { getConnection } from '../../store/qbo-connections.js';
import { enqueueRun, findQueuedRun } from '../../store/runs.js';
import { requeueTickets } from '../../store/sync-tickets.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { cutoffDateFor } from '../schedule/schedule.js';
import type { ResyncOutcome, TicketKey } from './types.js';

/** The connection behind a location (connected and enabled), or the one named. */
export async function connectionFor(deps: SyncDeps, tenantId: string, scope: { locationId?: string; connectionId?: number }): Promise<number> {
  const db = deps.database.db;
  let connectionId = scope.connectionId ?? null;
  if (scope.locationId) {
    const location = await getLocation(db, tenantId, scope.locationId);
    if (!location) throw notFound(`location "${scope.locationId}"`);
    if (!location.connectionId) throw new ServiceError('NOT_CONNECTED', `location "${scope.locationId}" is not connected to QuickBooks yet`);
    if (!location.enabled) throw new ServiceError('SYNC_DISABLED', `QuickBooks is not enabled for location "${scope.locationId}"`);
    connectionId = location.connectionId;
  }
  if (connectionId === null) throw new ServiceError('AMBIGUOUS', 'choose a location or a QuickBooks connection');
  if (!(await getConnection(db, tenantId, connectionId))) throw notFound(`connection ${connectionId}`);
  return connectionId;
}

/** For a command: the location's connection, or the tenant's only one. */
export async function resolveConnection(deps: SyncDeps, tenantId: string, locationId?: string): Promise<{ connectionId: number; locationId?: string }> {
  if (locationId) {
    const location = await getLocation(deps.database.db, tenantId, locationId);
    if (!location) throw notFound(`location "${locationId}"`);
    if (!location.connectionId) throw new ServiceError('NOT_CONNECTED', `location "${locationId}" is not connected to QuickBooks: tillbooks connect --location ${locationId}`);
    return { connectionId: location.connectionId, locationId };
  }
  const ids = [...new Set((await listLocations(deps.database.db, tenantId)).map((l) => l.connectionId).filter((id) => id !== null))];
  if (ids.length === 0) throw new ServiceError('NOT_CONNECTED', 'no location is connected to QuickBooks yet: tillbooks connect --location ID');
  if (ids.length > 1) throw new ServiceError('AMBIGUOUS', 'several QuickBooks connections: name one with --location');
  return { connectionId: ids[0]! };
}

export async function syncNow(deps: SyncDeps, tenantId: string, scope: { locationId?: string; connectionId?: number }): Promise<{ runId: number }> {
  const db = deps.database.db;
  const connectionId = await connectionFor(deps, tenantId, scope);
  const locationId = scope.locationId ?? null;
  // A second click while the first is still waiting joins it.
  const queued = await findQueuedRun(db, tenantId, connectionId, locationId, 'manual');
  return { runId: queued ?? await enqueueRun(db, { tenantId, connectionId, locationId, trigger: 'manual', cutoffAt: new Date(deps.clock.now()) }) };
}

/**
 * What the schedule would post now, for a location or every location of the connection: the
 * business dates that are over where each store is (one run per location, each in its zone).
 */
export async function syncDue(deps: SyncDeps, tenantId: string, scope: { locationId?: string; connectionId: number }): Promise<{ runIds: number[] }> {
  const db = deps.database.db;
  const locations = (await listLocations(db, tenantId))
    .filter((l) => l.connectionId === scope.connectionId && (scope.locationId === undefined || l.id === scope.locationId));
  if (scope.locationId && locations.length === 0) throw notFound(`location "${scope.locationId}" on connection ${scope.connectionId}`);
  const runIds: number[] = [];
  for (const l of locations) {
    const cutoffDate = cutoffDateFor(deps.clock.now(), l.timeZone);
    runIds.push(await enqueueRun(db, { tenantId, connectionId: scope.connectionId, locationId: l.id, trigger: 'schedule', cutoffDate }));
  }
  return { runIds };
}

export async function resync(deps: SyncDeps, tenantId: string, tickets: readonly TicketKey[]): Promise<ResyncOutcome> {
  const db = deps.database.db;
  const locations = new Map((await listLocations(db, tenantId)).map((l) => [l.id, l]));
  const outcome: ResyncOutcome = { queued: [], ignored: [], runId: null };
  const known = tickets.filter((t) => {
    if (locations.has(t.locationId)) return true;
    outcome.ignored.push({ ...t, reason: 'unknown location' });
    return false;
  });
  const { requeued, states } = await requeueTickets(db, tenantId, known);
  const requeuedKeys = new Set(requeued.map((k) => ticketKey(k.locationId, k.ticketId)));
  for (const t of known) {
    const key = ticketKey(t.locationId, t.ticketId);
    if (!requeuedKeys.has(key)) outcome.ignored.push({ ...t, reason: whyLeftAlone(states.get(key)) });
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
  return outcome;
}

function whyLeftAlone(state: TicketState | undefined): string {
  switch (state) {
    case undefined: return 'no such ticket';
    case 'posted': return 'already posted';
    case 'void': return 'voided';
    default: return 'a run is posting it now';
  }
}

