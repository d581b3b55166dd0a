/**
 * Checks every entity family shares: shape, money, strings, dates, names and references, each
 * failing with the Fault QuickBooks gives for it.
 */
import type { z } from 'zod';
import type { Company } from './company.js';
import type { Body, EntityName, Stored } from './entity-store.js';
import { findRecord, liveRecords } from './entity-store.js';
import { fault } from './errors.js';
import type { ReadMeter } from './metering-gate.js';
import type { Decimal } from './money.js';
import type { ChangeOperation } from './webhooks.js';
import { decimalFromNumber, exactCents } from './money.js';
import { isIsoDate } from './qbo-time.js';

export interface WriteContext {
  company: Company;
  now: number;
  /** The request's include=… / optionsData values (allowduplicatedocnum, void). */
  include: ReadonlySet<string>;
  /** Ids this request may not see: a batch item cannot see what earlier items of its batch created (BATCH17). */
  hidden: Set<string>;
  /** Metering of a batch's read items (metering-gate.ts); absent outside the API. */
  meter?: ReadMeter;
  /** Told of each write done, for webhooks (webhooks.ts); absent outside the API. */
  notify?: (entity: EntityName, id: string, operation: ChangeOperation) => void;
}

export interface Ref {
  value: string;
  name?: string;
}

export function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkShape(entity: EntityName, schema: z.ZodType, input: unknown): Body {
  if (!isPlainObject(input)) throw fault.malformed(`a JSON object is expected for ${entity}`);
  const result = schema.safeParse(input);
  if (result.success) return input;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).filter((p) => typeof p === 'string').join('.');
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '?';
    throw fault.unsupportedProperty(path ? `${path}.${key}` : key, entity);
  }
  throw fault.invalidValue(path || entity, issue?.message ?? 'invalid value');
}

/** A money amount as whole cents; QuickBooks amounts carry at most two decimals. */
export function readMoney(value: unknown, element: string): bigint | undefined {
  const d = readDecimal(value, element);
  if (!d) return undefined;
  const cents = exactCents(d);
  // QuickBooks' rounding of a third decimal on an amount is UNCONFIRMED: the simulator refuses it.
  if (cents === undefined) throw fault.invalidValue(element, `Amount ${String(value)} has more than 2 decimal places`);
  return cents;
}

export function readDecimal(value: unknown, element: string): Decimal | undefined {
  if (value === undefined || value === null) return undefined;
  const d = typeof value === 'number' ? decimalFromNumber(value) : undefined;
  if (!d) throw fault.invalidValue(element, `Can not construct a decimal from ${JSON.stringify(value)}`);
  return d;
}

export function checkLength(value: unknown, element: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  if (text.length > max) throw fault.stringLength(element, max, text.length);
  return text;
}

/**
 * A list name: required, at most `max` characters, no ':' (the parent:child separator of
 * FullyQualifiedName). Intuit's code for the colon rule is UNCONFIRMED: 6000 here.
 */
export function checkName(value: unknown, element: string, max = 100): string {
  if (typeof value !== 'string' || value.trim() === '') throw fault.required(element);
  const name = value.trim();
  if (name.length > max) throw fault.stringLength(element, max, name.length, 1);
  if (name.includes(':')) throw fault.business(`${element} can not contain a colon (:).`, element);
  return name;
}

export function checkDate(value: unknown, element: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isIsoDate(value)) throw fault.invalidValue(element, `Invalid date ${JSON.stringify(value)} (expected yyyy-MM-dd)`);
  return value;
}

export function visibleRecord(ctx: WriteContext, entity: EntityName, id: string): Stored | undefined {
  if (ctx.hidden.has(id)) return undefined;
  const record = findRecord(ctx.company.store, entity, id);
  return record && record.state !== 'deleted' ? record : undefined;
}

const NAME_LISTS: readonly EntityName[] = ['Account', 'Item', 'PaymentMethod', 'Customer', 'Vendor', 'Employee', 'Department', 'Class'];

export function isNameList(entity: EntityName): boolean {
  return NAME_LISTS.includes(entity);
}

export function displayName(record: Stored): string {
  const b = record.body;
  return String(b.DisplayName ?? b.FullyQualifiedName ?? b.Name ?? b.DocNumber ?? record.id);
}

export function namedRef(record: Stored): Ref {
  return { value: record.id, name: displayName(record) };
}

/** A reference to a record that must exist (2500) and, for a name list, be active (610). */
export function resolveRef(ctx: WriteContext, ref: unknown, entity: EntityName, element: string): Stored {
  const value = isPlainObject(ref) ? ref.value : undefined;
  if (typeof value !== 'string' || value === '') throw fault.required(`${element}.value`);
  const record = visibleRecord(ctx, entity, value);
  if (!record) throw fault.invalidRef(element, entity, value);
  if (isNameList(entity) && record.body.Active === false) throw fault.inactiveRef(element);
  return record;
}

export function optionalRef(ctx: WriteContext, body: Body, key: string, entity: EntityName): Stored | undefined {
  return body[key] === undefined || body[key] === null ? undefined : resolveRef(ctx, body[key], entity, key);
}

export function requiredRef(ctx: WriteContext, body: Body, key: string, entity: EntityName): Stored {
  if (body[key] === undefined || body[key] === null) throw fault.required(key);
  return resolveRef(ctx, body[key], entity, key);
}

/** The first active account of a subtype, e.g. the system Undeposited Funds account. */
export function accountBySubtype(company: Company, subtype: string): Stored | undefined {
  return liveRecords(company.store, 'Account').find((a) => a.body.AccountSubType === subtype && a.body.Active !== false);
}

export function normalizedName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Names are unique case-insensitively, inactive records included (both UNCONFIRMED at Intuit:
 * the stricter reading), within `entities` (Customer, Vendor and Employee share one namespace).
 */
export function assertUniqueName(
  ctx: WriteContext, entities: EntityName[], nameOf: (b: Body) => unknown, name: string, selfId: string | undefined, who: string,
): void {
  const wanted = normalizedName(name);
  for (const entity of entities) {
    for (const record of liveRecords(ctx.company.store, entity)) {
      if (record.id === selfId) continue;
      if (normalizedName(String(nameOf(record.body) ?? '')) === wanted) throw fault.duplicateName(who, record.id);
    }
  }
}
