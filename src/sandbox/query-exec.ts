/**
 * Runs a parsed query against a company. Only filterable fields may appear (4001 "property 'X'
 * is not queryable"); property names match case-insensitively (Intuit's own samples write
 * "Metadata.LastUpdatedTime"), and so do entity names: Intuit's page calls them case-sensitive,
 * but QuickBooks answers node-quickbooks' `select * from invoice` and `from paymentMethod`
 * (quickbooks-facts §3), and refusing what Intuit accepts would push clients to quirks. The answer is
 * keyed by the canonical name (`Invoice`). String comparison is case-sensitive: whether
 * QuickBooks folds case is UNCONFIRMED, and a product must not count on it. Inactive name-list
 * records are left out unless the query filters on Active. An empty result has no entity key.
 */
import type { EntityDef, FieldKind } from './entity-registry.js';
import { ENTITY_DEFS } from './entity-registry.js';
import type { Body, Stored } from './entity-store.js';
import { liveRecords } from './entity-store.js';
import { fault } from './errors.js';
import type { Decimal } from './money.js';
import { centsOf, decimalFromString } from './money.js';
import { renderRecord } from './operations.js';
import type { Condition, Literal, ParsedQuery } from './query-parser.js';
import { parseQuery } from './query-parser.js';
import { parseInstant } from './qbo-time.js';
import type { WriteContext } from './validate-common.js';

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;

interface Filter {
  field: string;
  kind: FieldKind;
  op: Condition['op'];
  values: Literal[];
}

function invalid(detail: string): Error {
  return fault.query(`QueryValidationError: ${detail}`);
}

/** The entity a query names, in any letter case (`invoice`, `paymentMethod`, `Invoice`). */
export function queryableDef(name: string): EntityDef | undefined {
  const wanted = name.toLowerCase();
  return ENTITY_DEFS.find((d) => d.name.toLowerCase() === wanted);
}

function canonicalField(def: EntityDef, field: string): { field: string; kind: FieldKind } {
  const name = Object.keys(def.filterable).find((k) => k.toLowerCase() === field.toLowerCase());
  if (!name) throw invalid(`property '${field}' is not queryable`);
  return { field: name, kind: def.filterable[name] as FieldKind };
}

function checkLiteral(kind: FieldKind, field: string, value: Literal): void {
  const ok = kind === 'boolean' ? typeof value === 'boolean' || /^(true|false)$/i.test(String(value))
    : kind === 'money' ? decimalFromString(String(value)) !== undefined
      : kind === 'date' ? /^\d{4}-\d{2}-\d{2}$/.test(String(value))
        : kind === 'datetime' ? parseInstant(String(value)) !== undefined
          : true;
  if (!ok) throw invalid(`value ${JSON.stringify(value)} is not valid for property '${field}'`);
}

function toFilter(def: EntityDef, c: Condition): Filter {
  const { field, kind } = canonicalField(def, c.field);
  if (c.op === 'LIKE' && (kind !== 'string' || typeof c.values[0] !== 'string')) throw invalid(`LIKE is not supported for property '${field}'`);
  if (kind === 'boolean' && c.op !== '=' && c.op !== 'IN') throw invalid(`operator ${c.op} is not supported for property '${field}'`);
  for (const v of c.values) checkLiteral(kind, field, v);
  return { field, kind, op: c.op, values: c.values };
}

function valueAt(body: Body, field: string, kind: FieldKind): unknown {
  let v: unknown = body;
  for (const part of field.split('.')) v = typeof v === 'object' && v !== null ? (v as Body)[part] : undefined;
  return kind === 'ref' && typeof v === 'object' && v !== null ? (v as Body).value : v;
}

function compareDecimal(cents: bigint, literal: Decimal): number {
  const left = cents * 10n ** BigInt(literal.scale);
  const right = literal.units * 100n;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** <0, 0, >0 like a comparator; undefined when the record has no value. */
function compare(kind: FieldKind, actual: unknown, literal: Literal): number | undefined {
  if (actual === undefined || actual === null) return undefined;
  if (kind === 'money') return compareDecimal(centsOf(actual), decimalFromString(String(literal)) ?? { units: 0n, scale: 0 });
  if (kind === 'boolean') return String(actual) === String(literal).toLowerCase() ? 0 : 1;
  if (kind === 'datetime') return Math.sign((parseInstant(String(actual)) ?? 0) - (parseInstant(String(literal)) ?? 0));
  const a = String(actual);
  const b = String(literal);
  if (kind === 'id' && /^\d+$/.test(a) && /^\d+$/.test(b)) return Math.sign(Number(a) - Number(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

function matches(record: Stored, f: Filter): boolean {
  const actual = valueAt(record.body, f.field, f.kind);
  if (f.op === 'LIKE') return typeof actual === 'string' && likeRegex(String(f.values[0])).test(actual);
  if (f.op === 'IN') return f.values.some((v) => compare(f.kind, actual, v) === 0);
  const r = compare(f.kind, actual, f.values[0] as Literal);
  if (r === undefined) return false;
  return f.op === '=' ? r === 0 : f.op === '<' ? r < 0 : f.op === '>' ? r > 0 : f.op === '<=' ? r <= 0 : r >= 0;
}

function sortRecords(def: EntityDef, records: Stored[], orderBy: ParsedQuery['orderBy']): Stored[] {
  const keys = orderBy.map((o) => ({ ...canonicalField(def, o.field), desc: o.desc }));
  return [...records].sort((x, y) => {
    for (const k of keys) {
      const vx = valueAt(x.body, k.field, k.kind);
      const vy = valueAt(y.body, k.field, k.kind);
      const r = vx === undefined ? (vy === undefined ? 0 : -1) : vy === undefined ? 1 : compare(k.kind, vx, String(vy)) ?? 0;
      if (r !== 0) return k.desc ? -r : r;
    }
    return Number(x.id) - Number(y.id);
  });
}

function paging(q: ParsedQuery): { start: number; max: number } {
  const start = q.startPosition ?? 1;
  const max = q.maxResults ?? DEFAULT_MAX_RESULTS;
  if (max > MAX_RESULTS_LIMIT) throw invalid(`value ${max} is too large. Max allowed value is ${MAX_RESULTS_LIMIT}`);
  if (max < 1) throw invalid(`MAXRESULTS must be at least 1, not ${max}`);
  if (start < 1) throw invalid(`STARTPOSITION must be at least 1, not ${start}`);
  return { start, max };
}

/** The content of `QueryResponse` for a query text. */
export function runQuery(ctx: WriteContext, text: string): Body {
  const q = parseQuery(text);
  const def = queryableDef(q.entity);
  if (!def) throw invalid(`${q.entity} is not a queryable entity`);
  const filters = q.where.map((c) => toFilter(def, c));
  const { start, max } = paging(q);
  let records = liveRecords(ctx.company.store, def.name).filter((r) => !ctx.hidden.has(r.id));
  // Inactive name-list records are hidden unless the query asks about Active (UNCONFIRMED, quickbooks-facts §3).
  if (def.family === 'list' && !filters.some((f) => f.field === 'Active')) records = records.filter((r) => r.body.Active !== false);
  records = records.filter((r) => filters.every((f) => matches(r, f)));
  if (q.count) return { totalCount: records.length };
  const page = sortRecords(def, records, q.orderBy).slice(start - 1, start - 1 + max);
  if (page.length === 0) return {};
  return { [def.name]: page.map((r) => renderRecord(ctx.company, r)), startPosition: start, maxResults: page.length };
}

