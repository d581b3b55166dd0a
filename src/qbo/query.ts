/**
 * Building QuickBooks queries safely: `SELECT * FROM Entity WHERE ... [ORDERBY ...]
 * STARTPOSITION n MAXRESULTS m` (quickbooks-facts §3). String literals are single-quoted with
 * `'` escaped as `\'` (and `\` as `\\`, so a trailing backslash cannot eat the quote).
 */

export type QueryValue = string | number | boolean;

/** Escapes text for use inside a single-quoted literal. */
export function escapeQueryString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

/** A literal: strings quoted and escaped, numbers and booleans as they are. */
export function queryLiteral(value: QueryValue): string {
  if (typeof value === 'string') return `'${escapeQueryString(value)}'`;
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}

/** `Field = 'value'` with the value escaped; the field name is checked, never escaped. */
export function whereEquals(field: string, value: QueryValue): string {
  return `${checkField(field)} = ${queryLiteral(value)}`;
}

export interface SelectSpec {
  entity: string;
  /** Conditions joined by AND (QuickBooks has no OR); build them with whereEquals/queryLiteral. */
  where?: string | readonly string[];
  orderBy?: string;
  startPosition?: number;
  maxResults?: number;
}

export function buildSelect(spec: SelectSpec): string {
  const conditions = typeof spec.where === 'string' ? [spec.where] : [...(spec.where ?? [])];
  const parts = [`SELECT * FROM ${checkEntity(spec.entity)}`];
  const where = conditions.map((c) => c.trim()).filter((c) => c.length > 0);
  if (where.length > 0) parts.push(`WHERE ${where.join(' AND ')}`);
  if (spec.orderBy) parts.push(`ORDERBY ${spec.orderBy}`);
  if (spec.startPosition !== undefined) parts.push(`STARTPOSITION ${positiveInt(spec.startPosition)}`);
  if (spec.maxResults !== undefined) parts.push(`MAXRESULTS ${positiveInt(spec.maxResults)}`);
  return parts.join(' ');
}

/** The field that holds a name-list record's unique name. Customer, Vendor and Employee
 *  share one DisplayName namespace (6240); the others use Name. */
export function nameFieldOf(entity: string): string {
  return ['Customer', 'Vendor', 'Employee'].includes(entity) ? 'DisplayName' : 'Name';
}

/**
 * The query for a record by name. Inactive records are not returned unless asked for, yet
 * they still hold their names (UNCONFIRMED, the stricter reading: quickbooks-facts §3, §10),
 * so look-ups before a create include them by default.
 */
export function findByNameQuery(entity: string, name: string, opts: { includeInactive?: boolean } = {}): string {
  const where = [whereEquals(nameFieldOf(entity), name)];
  if (opts.includeInactive ?? true) where.push('Active IN (true, false)');
  return buildSelect({ entity, where });
}

/** The rows of a QueryResponse; an empty result has no entity key at all (quickbooks-facts §3). */
export function rowsOf<T>(queryResponse: unknown, entity: string): T[] {
  if (typeof queryResponse !== 'object' || queryResponse === null) return [];
  const rows = (queryResponse as Record<string, unknown>)[entity];
  return Array.isArray(rows) ? (rows as T[]) : [];
}

function checkEntity(entity: string): string {
  if (!/^[A-Z][A-Za-z]*$/.test(entity)) throw new TypeError(`not a QuickBooks entity name: ${JSON.stringify(entity)}`);
  return entity;
}

function checkField(field: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/.test(field)) {
    throw new TypeError(`not a QuickBooks field name: ${JSON.stringify(field)}`);
  }
  return field;
}

function positiveInt(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`expected a positive integer, got ${n}`);
  return n;
}
