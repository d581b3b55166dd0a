/**
 * Change Data Capture (quickbooks-facts §14): `GET /cdc?entities=Invoice,Customer&changedSince=…` and the
 * batch item `{"CDCQuery":{"Entities":"…","ChangedSince":"…"}}`. The answer holds every object of
 * the named types changed since then, whole (voided and inactive ones as they are now), deleted
 * ones as `{"domain":"QBO","status":"Deleted","Id":…,"MetaData":{"LastUpdatedTime":…}}`, in one
 * QueryResponse per entity asked, in the order asked (`{}` for a type with no changes):
 *
 *   {"CDCResponse":[{"QueryResponse":[{"Invoice":[…],"startPosition":1,"maxResults":2},{}]}],"time":…}
 *
 * "Changed" means MetaData.LastUpdatedTime (a deletion stamps it, entity-store.ts) on or after
 * changedSince taken to the whole second: LastUpdatedTime has whole seconds, so a change in the
 * same second as changedSince is reported (again) rather than lost. Limits:
 * - changedSince more than 30 days back: refused as Intuit does, 400 / 500 "Unsupported
 *   Operation" "Operation cdc with changedSince date … which is older than fixed days is not
 *   supported." (Wish-Org/QuickBooksSharp#19).
 * - at most 1,000 objects, counted over all the types asked (third-party notes). What Intuit does
 *   past it is UNCONFIRMED; the stricter reading refuses the whole answer (400 / 10100 "Result
 *   Set Big Error") rather than cutting it silently, so a client must ask for shorter windows.
 * - entity names exactly as Intuit spells them (`Invoice`, not `invoice`): whether CDC folds case
 *   is UNCONFIRMED, so the stricter reading; the Fault names the spelling. Only list and
 *   transaction types (not CompanyInfo or Preferences).
 * - changedSince is an ISO date-time (an offset, `Z`, or none: Pacific, as Intuit's servers) or a
 *   date. A `+hh:mm` offset must be URL-encoded (`%2B`): an unencoded `+` reads as a space, as in
 *   any query string, and the value is then refused (2010).
 */
import type { EntityDef } from './entity-registry.js';
import { ENTITY_DEFS } from './entity-registry.js';
import type { Body, Stored } from './entity-store.js';
import { allRecords } from './entity-store.js';
import { fault, QboFault } from './errors.js';
import { renderRecord } from './operations.js';
import { parseInstant } from './qbo-time.js';
import type { WriteContext } from './validate-common.js';
import { isPlainObject } from './validate-common.js';

export const CDC_MAX_OBJECTS = 1000;
export const CDC_LOOKBACK_DAYS = 30;
const DAY_MS = 86_400_000;

function cdcEntities(text: string | undefined): EntityDef[] {
  if (text === undefined || text.trim() === '') throw fault.required('entities', 'Required parameter entities is missing in the request (e.g. entities=Invoice,Customer).');
  const names = text.split(',').map((n) => n.trim());
  const defs = names.map((name) => {
    const def = ENTITY_DEFS.find((d) => d.name === name && d.family !== 'singleton');
    if (def) return def;
    const other = ENTITY_DEFS.find((d) => d.name.toLowerCase() === name.toLowerCase() && d.family !== 'singleton');
    throw fault.invalidValue('entities', other
      ? `entity ${name} is spelled ${other.name}`
      : `${name || '(empty)'} is not an entity Change Data Capture serves`);
  });
  if (new Set(names).size !== names.length) throw fault.invalidValue('entities', `an entity is named twice in ${text}`);
  return defs;
}

function changedSinceMs(text: string | undefined, nowMs: number): number {
  if (text === undefined || text.trim() === '') throw fault.required('changedSince', 'Required parameter changedSince is missing in the request.');
  const ms = parseInstant(text.trim());
  if (ms === undefined) {
    throw fault.invalidValue('changedSince', `${JSON.stringify(text)} is not an ISO date-time (a "+" in the offset must be sent URL-encoded as %2B)`);
  }
  if (ms < nowMs - CDC_LOOKBACK_DAYS * DAY_MS) {
    throw fault.unsupportedOperation(`cdc with changedSince date ${text} which is older than fixed days (${CDC_LOOKBACK_DAYS})`);
  }
  return Math.floor(ms / 1000) * 1000;
}

function updatedAt(record: Stored): number {
  const meta = record.body.MetaData as Body | undefined;
  return parseInstant(String(meta?.LastUpdatedTime ?? '')) ?? 0;
}

function deletedStub(record: Stored): Body {
  const meta = record.body.MetaData as Body | undefined;
  return { domain: 'QBO', status: 'Deleted', Id: record.id, MetaData: { LastUpdatedTime: meta?.LastUpdatedTime } };
}

function changedOf(ctx: WriteContext, def: EntityDef, sinceMs: number): Stored[] {
  return allRecords(ctx.company.store, def.name).filter((r) => !ctx.hidden.has(r.id) && updatedAt(r) >= sinceMs);
}

/** The content of `CDCResponse` (a one-element list, as Intuit sends it). */
export function runCdc(ctx: WriteContext, entities: string | undefined, changedSince: string | undefined): Body[] {
  const defs = cdcEntities(entities);
  const since = changedSinceMs(changedSince, ctx.now);
  const changed = defs.map((def) => ({ def, records: changedOf(ctx, def, since) }));
  const total = changed.reduce((sum, c) => sum + c.records.length, 0);
  if (total > CDC_MAX_OBJECTS) {
    throw new QboFault(400, 'ValidationFault', [{
      Message: 'Result Set Big Error', code: '10100', element: 'changedSince',
      Detail: `Result Set Big Error : ${total} objects changed since ${String(changedSince)}, more than the ${CDC_MAX_OBJECTS} one answer holds; ask for a shorter window.`,
    }]);
  }
  const responses = changed.map(({ def, records }) => records.length === 0 ? {} : {
    [def.name]: records.map((r) => (r.state === 'deleted' ? deletedStub(r) : renderRecord(ctx.company, r))),
    startPosition: 1,
    maxResults: records.length,
  });
  return [{ QueryResponse: responses }];
}

/** A batch item's `CDCQuery` object: `{"Entities":"Invoice,Customer","ChangedSince":"…"}`. */
export function runCdcQuery(ctx: WriteContext, query: unknown): Body[] {
  if (!isPlainObject(query)) throw fault.invalidValue('CDCQuery', 'an object with Entities and ChangedSince is expected');
  for (const key of Object.keys(query)) if (key !== 'Entities' && key !== 'ChangedSince') throw fault.unsupportedProperty(key, 'CDCQuery');
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return runCdc(ctx, text(query.Entities), text(query.ChangedSince));
}
