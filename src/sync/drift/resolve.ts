/**
 * The user's choice for a ticket changed in QuickBooks. "Repost": its documents are rewritten
 * from its current version and mapping (in place where the document still exists; deleted and
 * voided ones are created anew) by a run queued at once, with a new attempt epoch so no
 * requestid of the earlier attempt is replayed. "Accept as is": QuickBooks keeps what was
 * changed, the ticket is posted again with facts QuickBooks agrees with (its current SyncToken;
 * deleted and voided documents retired).
 */
import { readDocs } from '../../domain/ticket-docs.js';
import { getLocation } from '../../store/locations.js';
import { enqueueRun } from '../../store/runs.js';
import { getTicketDetail } from '../../store/ticket-history.js';
import { changedTickets, openDrift, resolveDrift } from '../../store/ticket-drift.js';
import type { ChangedTicket } from '../../store/ticket-drift.js';
import type { SyncDeps } from '../deps.js';
import { notFound, ServiceError } from '../errors.js';
import { factsAfterChoice } from './check.js';

export interface DriftChoiceResult {
  locationId: string;
  ticketId: string;
  state: 'pending' | 'posted';
  /** Repost: the run that rewrites it. */
  runId: number | null;
}

export async function chooseForChangedTicket(deps: SyncDeps, tenantId: string, key: { locationId: string; ticketId: string },
  choice: 'repost' | 'accept', by: string | null): Promise<DriftChoiceResult> {
  const db = deps.database.db;
  const t = await getTicketDetail(db, tenantId, key.locationId, key.ticketId);
  if (!t) throw notFound(`ticket ${key.locationId}/${key.ticketId}`);
  if (t.state !== 'changed-in-qbo') {
    throw new ServiceError('INVALID', `ticket ${key.locationId}/${key.ticketId} is ${t.state}, not changed in QuickBooks: there is nothing to ${choice === 'repost' ? 'repost' : 'accept'}`);
  }
  const location = await getLocation(db, tenantId, key.locationId);
  if (choice === 'repost' && location?.connectionId == null) throw new ServiceError('NOT_CONNECTED', `location ${key.locationId} is not connected to QuickBooks`);
  const changes = await openDrift(db, tenantId, key.locationId, key.ticketId);
  const docs = factsAfterChoice(readDocs(t.qboDocs), changes, choice, new Date(deps.clock.now()));
  if (!(await resolveDrift(db, tenantId, { ...key, version: t.version }, choice, docs, by))) {
    throw new ServiceError('INVALID', `ticket ${key.locationId}/${key.ticketId} changed meanwhile (a newer version arrived, or someone chose already); reload it`);
  }
  const runId = choice === 'repost'
    ? await enqueueRun(db, { tenantId, connectionId: location!.connectionId!, locationId: null, trigger: 'resync', ticketKeys: [key] })
    : null;
  return { ...key, state: choice === 'repost' ? 'pending' : 'posted', runId };
}

export async function listChangedTickets(deps: SyncDeps, tenantId: string, limit = 200): Promise<ChangedTicket[]> {
  return changedTickets(deps.database.db, tenantId, limit);
}
