/**
 * Taking drawer operations in (records-format.md): the record intake of take-records.ts for
 * this kind. Named by location and id, dated by `at` in the location's time zone.
 */
import { businessDate } from '../domain/business-date.js';
import { drawerOperationKey, parseDrawerOperationText } from '../domain/drawer-operation.js';
import type { DrawerOperation } from '../domain/drawer-operation.js';
import { drawerOperationVersions, writeDrawerOperations } from '../store/drawer-operations.js';
import type { Db } from '../store/index.js';
import { takeRecords } from './take-records.js';
import type { IntakeEntry, IntakeOptions, IntakeResult, RecordKind } from './take-records.js';

export const DRAWER_OPERATIONS: RecordKind<DrawerOperation> = {
  noun: 'drawer operation',
  parse: (raw) => parseDrawerOperationText(raw),
  identity: (o) => ({ key: drawerOperationKey(o.locationId, o.id), result: { locationId: o.locationId, id: o.id, version: o.version } }),
  version: (o) => o.version,
  locationOf: (o) => o.locationId,
  businessDate: (o, zone) => businessDate(o.atMs, zone!),
  dateField: (o) => ({ path: 'at', text: o.at }),
  storedVersions: (db, tenantId, ops) => drawerOperationVersions(db, tenantId, ops.map((o) => ({ locationId: o.locationId, id: o.id }))),
  write: (db, tenantId, writes) => writeDrawerOperations(db, tenantId, writes.map((w) => ({ operation: w.record, raw: w.raw, businessDate: w.businessDate }))),
};

export function takeDrawerOperations(db: Db, tenantId: string, entries: readonly IntakeEntry[], opts: IntakeOptions = {}): Promise<IntakeResult[]> {
  return takeRecords(db, tenantId, DRAWER_OPERATIONS, entries, opts);
}
