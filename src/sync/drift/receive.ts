/**
 * A webhook notification, once its signature was verified (web/): the changes it names are
 * stored per connection of the company (a duplicate delivery adds nothing) and a drift run is
 * queued for each connection that has new ones, unless one is already waiting. Nothing is read
 * from QuickBooks here, so the answer goes back well within Intuit's 3 seconds.
 *
 * Both formats Intuit sends (Intuit's webhooks documentation): the CloudEvents array (`type`
 * `qbo.invoice.deleted.v1`, `intuitentityid`, `intuitaccountid`) and the legacy
 * `{"eventNotifications":[{"realmId","dataChangeEvent":{"entities":[{name,id,operation,lastUpdated}]}}]}`.
 * Only the entities the sync posts are kept; order does not matter (the documents are read).
 */
import { connectionsOfCompany, insertChanges } from '../../store/qbo-changes.js';
import type { NewChange } from '../../store/qbo-changes.js';
import { enqueueRun, findQueuedRun } from '../../store/runs.js';
import { requireProvider } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import { CDC_ENTITIES } from './cdc.js';

export interface AnnouncedChange {
  realmId: string;
  entity: string;
  entityId: string;
  operation: string;
  key: string;
  occurredAt: Date | null;
}

const ENTITY_BY_LOWER = new Map<string, string>(CDC_ENTITIES.map((e) => [e.toLowerCase(), e]));

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const dateOf = (v: unknown): Date | null => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? new Date(v) : null);

/** The changes a notification names; what is not a change of an entity we post is left out. */
export function parseNotification(body: unknown): AnnouncedChange[] {
  if (Array.isArray(body)) return body.flatMap(cloudEvent);
  const notes = (body as { eventNotifications?: unknown } | null)?.eventNotifications;
  return Array.isArray(notes) ? notes.flatMap(legacyNotification) : [];
}

function cloudEvent(e: unknown): AnnouncedChange[] {
  const ev = (e ?? {}) as Record<string, unknown>;
  const parts = /^qbo\.([a-z]+)\.([a-z]+)\.v\d+$/.exec(text(ev.type) ?? '');
  const entity = parts && ENTITY_BY_LOWER.get(parts[1]!);
  const realmId = text(ev.intuitaccountid);
  const entityId = text(ev.intuitentityid);
  if (!parts || !entity || !realmId || !entityId) return [];
  return [{ realmId, entity, entityId, operation: parts[2]!, key: `event:${text(ev.id) ?? `${entity}:${entityId}:${parts[2]}:${text(ev.time) ?? ''}`}`, occurredAt: dateOf(ev.time) }];
}

function legacyNotification(n: unknown): AnnouncedChange[] {
  const note = (n ?? {}) as { realmId?: unknown; dataChangeEvent?: { entities?: unknown } };
  const realmId = text(note.realmId);
  const entities = note.dataChangeEvent?.entities;
  if (!realmId || !Array.isArray(entities)) return [];
  return entities.flatMap((x: unknown) => {
    const e = (x ?? {}) as Record<string, unknown>;
    const entity = ENTITY_BY_LOWER.get((text(e.name) ?? '').toLowerCase());
    const entityId = text(e.id);
    const operation = (text(e.operation) ?? 'update').toLowerCase();
    if (!entity || !entityId) return [];
    return [{ realmId, entity, entityId, operation, key: `legacy:${entity}:${entityId}:${operation}:${text(e.lastUpdated) ?? ''}`, occurredAt: dateOf(e.lastUpdated) }];
  });
}

/** Stores the changes and queues the checks; returns how many changes were new and the runs queued. */
export async function receiveChanges(deps: SyncDeps, changes: readonly AnnouncedChange[]): Promise<{ stored: number; runIds: number[] }> {
  const db = deps.database.db;
  const connections = await connectionsOfCompany(db, requireProvider(deps).env, [...new Set(changes.map((c) => c.realmId))]);
  let stored = 0;
  const runIds: number[] = [];
  for (const conn of connections) {
    const mine: NewChange[] = changes.filter((c) => c.realmId === conn.realmId).map((c) => ({
      connectionId: conn.id, key: c.key, entity: c.entity, entityId: c.entityId, operation: c.operation, source: 'webhook', occurredAt: c.occurredAt,
    }));
    const added = await insertChanges(db, mine);
    stored += added;
    if (added === 0 || await findQueuedRun(db, conn.tenantId, conn.id, null, 'drift') !== null) continue;
    runIds.push(await enqueueRun(db, { tenantId: conn.tenantId, connectionId: conn.id, locationId: null, trigger: 'drift' }));
  }
  return { stored, runIds };
}
