/**
 * How each write looks on the wire, alone and inside a batch (quickbooks-facts §1, §9, §4).
 * Kept in one table so a difference between Intuit and our reading is fixed in one place.
 */

export type WriteOperation = 'create' | 'update' | 'sparseUpdate' | 'delete' | 'void';

export type QboEntity = Record<string, unknown> & { Id?: string; SyncToken?: string };

export interface EntityRef {
  Id: string;
  SyncToken: string;
}

export interface WireWrite {
  /** Query parameters besides minorversion and requestid. */
  params: Record<string, string>;
  body: Record<string, unknown>;
}

// Payment and SalesReceipt are voided by a sparse update with include=void; Invoice has
// operation=void (quickbooks-facts §9). For other entities void support is UNCONFIRMED: we send
// operation=void and let QuickBooks refuse it with a fault rather than guess.
const VOID_BY_UPDATE = new Set(['Payment', 'SalesReceipt']);

/** The URL segment for an entity: its name in lower case ("salesreceipt"). */
export function entityPath(entity: string): string {
  if (!/^[A-Z][A-Za-z]*$/.test(entity)) throw new TypeError(`not a QuickBooks entity name: ${JSON.stringify(entity)}`);
  return entity.toLowerCase();
}

export function wireWrite(entity: string, operation: WriteOperation, body: Record<string, unknown>, include: readonly string[] = []): WireWrite {
  const wire = baseWireWrite(entity, operation, body);
  if (include.length === 0) return wire;
  const all = [...(wire.params.include ? [wire.params.include] : []), ...include];
  return { ...wire, params: { ...wire.params, include: all.join(',') } };
}

function baseWireWrite(entity: string, operation: WriteOperation, body: Record<string, unknown>): WireWrite {
  switch (operation) {
    case 'create':
      return { params: {}, body };
    case 'update':
      // A full update nulls every writable field left out (quickbooks-facts §9): sparse must be explicitly off.
      return { params: { operation: 'update' }, body: { ...body, sparse: false } };
    case 'sparseUpdate':
      return { params: { operation: 'update' }, body: { ...body, sparse: true } };
    case 'delete':
      return { params: { operation: 'delete' }, body: refOf(body) };
    case 'void':
      return VOID_BY_UPDATE.has(entity)
        ? { params: { operation: 'update', include: 'void' }, body: { ...refOf(body), sparse: true } }
        : { params: { operation: 'void' }, body: refOf(body) };
  }
}

/** One BatchItemRequest entry (without bId). Batch voids are `update` + optionsData "void" (BATCH23). */
export function batchWrite(entity: string, operation: WriteOperation, body: Record<string, unknown>, include: readonly string[] = []): Record<string, unknown> {
  const item = baseBatchWrite(entity, operation, body);
  if (include.length === 0) return item;
  const all = [...(item.optionsData ? [String(item.optionsData)] : []), ...include];
  return { ...item, optionsData: all.join(',') };
}

function baseBatchWrite(entity: string, operation: WriteOperation, body: Record<string, unknown>): Record<string, unknown> {
  switch (operation) {
    case 'create':
      return { operation: 'create', [entity]: body };
    case 'update':
      return { operation: 'update', [entity]: { ...body, sparse: false } };
    case 'sparseUpdate':
      return { operation: 'update', [entity]: { ...body, sparse: true } };
    case 'delete':
      return { operation: 'delete', [entity]: refOf(body) };
    case 'void':
      return { operation: 'update', optionsData: 'void', [entity]: { ...refOf(body), sparse: true } };
  }
}

/** The entity in a single-entity answer `{"Invoice": {...}, "time": ...}`. */
export function unwrapEntity<T>(answer: unknown, entity: string): T | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const value = (answer as Record<string, unknown>)[entity];
  return typeof value === 'object' && value !== null ? (value as T) : undefined;
}

function refOf(body: Record<string, unknown>): Record<string, unknown> {
  const { Id, SyncToken } = body;
  if (typeof Id !== 'string' || typeof SyncToken !== 'string') {
    throw new TypeError('delete and void need the entity\'s Id and SyncToken as strings');
  }
  return { Id, SyncToken };
}
