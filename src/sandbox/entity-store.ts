/**
 * One company's records, in memory. A record keeps its wire body (what a read returns, minus
 * fields derived at read time) and its state: voided records stay (amounts zeroed), deleted ones
 * are kept only so a read can say "Another user has deleted this transaction" (610).
 */
import { metaTime } from './qbo-time.js';

export const ENTITY_NAMES = [
  'Account', 'Item', 'PaymentMethod', 'Customer', 'Vendor', 'Employee', 'Department', 'Class',
  'Invoice', 'Payment', 'RefundReceipt', 'SalesReceipt', 'JournalEntry', 'Bill', 'Deposit', 'CompanyInfo', 'Preferences',
] as const;

export type EntityName = (typeof ENTITY_NAMES)[number];

export type Body = Record<string, unknown>;

export interface Stored {
  entity: EntityName;
  id: string;
  body: Body;
  state: 'active' | 'voided' | 'deleted';
}

export interface RecordStore {
  tables: Map<EntityName, Map<string, Stored>>;
  /** One Id sequence for every entity type, so an Id used with the wrong type is a miss, not a silent hit. */
  nextId: number;
}

export function makeRecordStore(): RecordStore {
  return { tables: new Map(ENTITY_NAMES.map((name) => [name, new Map<string, Stored>()])), nextId: 1 };
}

/** A store holding exactly these records (a restart from the state file); `nextId` continues the Id sequence. */
export function restoreRecordStore(records: Iterable<Stored>, nextId: number): RecordStore {
  const store = makeRecordStore();
  for (const record of records) tableOf(store, record.entity).set(record.id, record);
  store.nextId = nextId;
  return store;
}

export function isEntityName(name: string): name is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(name);
}

export function tableOf(store: RecordStore, entity: EntityName): Map<string, Stored> {
  const table = store.tables.get(entity);
  if (!table) throw new Error(`no table for ${entity}`);
  return table;
}

export function findRecord(store: RecordStore, entity: EntityName, id: string): Stored | undefined {
  return tableOf(store, entity).get(id);
}

/** Records that exist (active or voided), in Id order. */
export function liveRecords(store: RecordStore, entity: EntityName): Stored[] {
  return [...tableOf(store, entity).values()]
    .filter((r) => r.state !== 'deleted')
    .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

/** Every record of the type, deleted ones included, in Id order (for the company page). */
export function allRecords(store: RecordStore, entity: EntityName): Stored[] {
  return [...tableOf(store, entity).values()].sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

export function insertRecord(store: RecordStore, entity: EntityName, body: Body, nowMs: number, fixedId?: string): Stored {
  const id = fixedId ?? String(store.nextId++);
  const stamp = metaTime(nowMs);
  const record: Stored = {
    entity,
    id,
    state: 'active',
    body: { ...body, Id: id, SyncToken: '0', domain: 'QBO', sparse: false, MetaData: { CreateTime: stamp, LastUpdatedTime: stamp } },
  };
  tableOf(store, entity).set(id, record);
  return record;
}

/** A new version of a record: the next SyncToken and a fresh LastUpdatedTime. */
export function replaceBody(record: Stored, body: Body, nowMs: number): void {
  const meta = record.body.MetaData as { CreateTime: string };
  record.body = {
    ...body,
    Id: record.id,
    SyncToken: String(Number(record.body.SyncToken) + 1),
    domain: 'QBO',
    sparse: false,
    MetaData: { CreateTime: meta.CreateTime, LastUpdatedTime: metaTime(nowMs) },
  };
}

/**
 * Deletes a record, keeping it (a read answers 610 "deleted") and the time of its deletion as
 * its MetaData.LastUpdatedTime: Change Data Capture reports the deletion with that time, and the
 * state file keeps it with the body.
 */
export function markDeleted(record: Stored, nowMs: number): void {
  const meta = (record.body.MetaData ?? {}) as Body;
  record.state = 'deleted';
  record.body = { ...record.body, MetaData: { ...meta, LastUpdatedTime: metaTime(nowMs) } };
}

/** Fields the server owns: never taken from a request. */
export const SYSTEM_FIELDS = ['Id', 'SyncToken', 'domain', 'sparse', 'MetaData'] as const;

export function withoutSystemFields(body: Body): Body {
  const copy: Body = { ...body };
  for (const key of SYSTEM_FIELDS) delete copy[key];
  return copy;
}
