/**
 * POST /batch (quickbooks-facts §4): at most 30 items (1040 beyond), each independent (a failed item
 * undoes nothing and gets its own Fault), create/update/delete, void through
 * optionsData:"void", queries through "Query", change data capture through "CDCQuery"
 * (cdc.ts). Items run in order but a later item cannot see what an earlier item of the same
 * batch created (BATCH17): the simulator hides those ids from the rest of the batch, so a
 * product that chains dependent creates in one batch fails here as it would at Intuit.
 */
import { runCdcQuery } from './cdc.js';
import { defByName } from './entity-registry.js';
import type { Body } from './entity-store.js';
import { fault, isQboFault } from './errors.js';
import type { WriteOperation } from './operations.js';
import { isMeteredItem, isSuccessfulRead } from './metering.js';
import { performWrite } from './operations.js';
import { runQuery } from './query-exec.js';
import { MAX_BATCH_BID_WITH_REQUEST_ID } from './request-ids.js';
import type { WriteContext } from './validate-common.js';
import { isPlainObject } from './validate-common.js';

export const MAX_BATCH_ITEMS = 30;
const ITEM_KEYS = ['bId', 'operation', 'optionsData'];

export function batchItems(raw: unknown): Body[] {
  if (!isPlainObject(raw)) throw fault.malformed('a JSON object with BatchItemRequest is expected');
  for (const key of Object.keys(raw)) if (key !== 'BatchItemRequest') throw fault.unsupportedProperty(key, 'IntuitBatchRequest');
  const items = raw.BatchItemRequest;
  if (items === undefined) throw fault.required('BatchItemRequest');
  if (!Array.isArray(items)) throw fault.invalidValue('BatchItemRequest', 'an array is expected');
  if (items.length === 0) throw fault.batchEmpty();
  if (items.length > MAX_BATCH_ITEMS) throw fault.batchSize(items.length, MAX_BATCH_ITEMS);
  if (!items.every(isPlainObject)) throw fault.invalidValue('BatchItemRequest', 'every item must be an object');
  return items;
}

/** Batch items that read: a query, a change-data-capture query (and ReportQuery, refused). */
const READ_KEYS = ['Query', 'CDCQuery', 'ReportQuery'];

/** How many items of a batch are writes (everything but reads). */
export function writeItemCount(items: Body[]): number {
  return items.filter((item) => READ_KEYS.every((key) => item[key] === undefined)).length;
}

function checkBIds(items: Body[], requestId: string | undefined): void {
  const seen = new Set<string>();
  for (const item of items) {
    const bId = item.bId;
    if (typeof bId !== 'string' || bId === '') throw fault.required('bId');
    if (requestId !== undefined && bId.length > MAX_BATCH_BID_WITH_REQUEST_ID) {
      throw fault.stringLength('bId', MAX_BATCH_BID_WITH_REQUEST_ID, bId.length);
    }
    // Whether QuickBooks refuses repeated bIds is UNCONFIRMED; answers could not be told apart, so refused.
    if (seen.has(bId)) throw fault.malformed(`bId ${bId} appears twice`);
    seen.add(bId);
  }
}

function operationOf(item: Body, options: Set<string>): WriteOperation {
  const op = item.operation;
  if (op === undefined) throw fault.required('operation');
  if (op === 'update' && options.has('void')) return 'void';
  if (op === 'create' || op === 'update' || op === 'delete' || op === 'void') return op;
  throw fault.unsupportedOperation(String(op));
}

function runItem(ctx: WriteContext, item: Body): Body {
  const payloadKeys = Object.keys(item).filter((k) => !ITEM_KEYS.includes(k));
  if (payloadKeys.length !== 1) throw fault.malformed('a batch item carries exactly one entity, Query or CDCQuery');
  const key = payloadKeys[0] as string;
  if (key === 'Query') {
    if (typeof item.Query !== 'string') throw fault.invalidValue('Query', 'a query string is expected');
    return { QueryResponse: runQuery(ctx, item.Query) };
  }
  if (key === 'CDCQuery') return { CDCResponse: runCdcQuery(ctx, item.CDCQuery) };
  // Intuit lists ReportQuery among batch items, but its shape is UNCONFIRMED: refused, call /reports/{name}.
  if (key === 'ReportQuery') throw fault.unsupportedOperation('ReportQuery in a batch (the simulator serves reports at /reports/{name} only)');
  const def = defByName(key);
  if (!def) throw fault.unsupportedProperty(key, 'BatchItemRequest');
  const options = new Set(String(item.optionsData ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
  const op = operationOf(item, options);
  return { [def.name]: performWrite({ ...ctx, include: options }, def, op, item[key]) };
}

/** Runs a validated batch; returns the BatchItemResponse list. */
export function runBatch(ctx: WriteContext, items: Body[], requestId: string | undefined): Body[] {
  checkBIds(items, requestId);
  const responses: Body[] = [];
  for (const item of items) {
    const firstNewId = ctx.company.store.nextId;
    // A read item of a company over its monthly quota is refused on its own; the writes go on (metering.ts).
    const blocked = isMeteredItem(item) ? ctx.meter?.blockedFault() : undefined;
    if (blocked) {
      responses.push({ bId: item.bId, Fault: blocked });
      continue;
    }
    try {
      const response = runItem(ctx, item);
      if (isSuccessfulRead(response)) ctx.meter?.count();
      responses.push({ bId: item.bId, ...response });
    } catch (e) {
      if (!isQboFault(e)) throw e;
      responses.push({ bId: item.bId, Fault: e.toFault() });
    }
    for (let id = firstNewId; id < ctx.company.store.nextId; id += 1) ctx.hidden.add(String(id));
  }
  return responses;
}
