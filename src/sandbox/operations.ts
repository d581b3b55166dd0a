/**
 * Create, read, update (sparse and full), delete and void, as QuickBooks does them (quickbooks-facts
 * §9). Every write names the version it read (SyncToken: stale -> 5010), a voided document
 * cannot be changed again (UNCONFIRMED: the stricter reading), name lists are deactivated, not
 * deleted, and an invoice with payments applied can be neither voided nor deleted.
 */
import { assertPeriodOpen, effectiveTxnDate } from './books-closing.js';
import type { Company } from './company.js';
import { addFeatureAccounts } from './company-defaults.js';
import type { EntityDef } from './entity-registry.js';
import type { Body, Stored } from './entity-store.js';
import { findRecord, insertRecord, liveRecords, markDeleted, replaceBody, withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import { appliedCents, applicationsOf, customerBalance, notePaymentWrite, refreshInvoices } from './linking.js';
import { centsOf, centsToNumber, formatCents } from './money.js';
import type { WriteContext } from './validate-common.js';
import { checkShape } from './validate-common.js';
import { assertNotDeposited } from './validate-deposit.js';
import type { ChangeOperation } from './webhooks.js';

export type WriteOperation = 'create' | 'update' | 'delete' | 'void';

function compact(body: Body): Body {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

function vendorBalance(company: Company, vendorId: string): bigint {
  return liveRecords(company.store, 'Bill')
    .filter((b) => (b.body.VendorRef as Body | undefined)?.value === vendorId)
    .reduce((sum, b) => sum + centsOf(b.body.Balance), 0n);
}

/** A record as a read returns it: a copy, with the balances QuickBooks derives filled in. */
export function renderRecord(company: Company, record: Stored): Body {
  const body = structuredClone(record.body);
  if (record.entity === 'Customer') {
    const balance = centsToNumber(customerBalance(company, record.id));
    Object.assign(body, { Balance: balance, BalanceWithJobs: balance });
  }
  if (record.entity === 'Vendor') body.Balance = centsToNumber(vendorBalance(company, record.id));
  return body;
}

function singletonId(ctx: WriteContext, id: string): string {
  return id === ctx.company.realmId ? '1' : id;
}

export function readOne(ctx: WriteContext, def: EntityDef, rawId: string): Body {
  const id = def.family === 'singleton' ? singletonId(ctx, rawId) : rawId;
  const record = findRecord(ctx.company.store, def.name, id);
  if (!record || ctx.hidden.has(id)) throw fault.notFound(def.name, id, false);
  if (record.state === 'deleted') throw fault.notFound(def.name, id, true);
  return renderRecord(ctx.company, record);
}

/** The record an update/delete/void names, at the version it names. */
function target(ctx: WriteContext, def: EntityDef, input: Body): Stored {
  if (input.Id === undefined) throw fault.required('Id');
  if (input.SyncToken === undefined) throw fault.required('SyncToken');
  const id = def.family === 'singleton' ? singletonId(ctx, String(input.Id)) : String(input.Id);
  const record = findRecord(ctx.company.store, def.name, id);
  if (!record || ctx.hidden.has(id)) throw fault.notFound(def.name, id, false);
  if (record.state === 'deleted') throw fault.notFound(def.name, id, true);
  if (record.body.SyncToken !== input.SyncToken) throw fault.stale();
  assertNotDeposited(ctx, record);
  return record;
}

function afterWrite(ctx: WriteContext, record: Stored, before?: Body): void {
  if (record.entity === 'Preferences') addFeatureAccounts(ctx.company.store, record.body, ctx.now);
  if (record.entity !== 'Payment') return;
  notePaymentWrite(ctx.company, record);
  const now = record.state === 'deleted' ? [] : applicationsOf(record.body);
  const ids = [...applicationsOf(before ?? {}), ...now].map((a) => a.invoiceId);
  refreshInvoices(ctx.company, ids, ctx.now);
}

function assertNoPayments(ctx: WriteContext, record: Stored, action: string): void {
  if (record.entity !== 'Invoice') return;
  const applied = appliedCents(ctx.company, record.id);
  // "QuickBooks refuses to void an invoice that has payments applied" (quickbooks-facts §9): UNCONFIRMED code, 6000.
  if (applied > 0n) {
    throw fault.business(`Invoice ${record.id} has ${formatCents(applied)} of payments applied: void or delete them before you ${action} it.`, 'Id');
  }
}

/** Transactions dated in a closed period are locked (books-closing.ts); name lists and settings are not. */
function assertUnlocked(ctx: WriteContext, def: EntityDef, dates: unknown[]): void {
  if (def.family === 'txn') assertPeriodOpen(ctx, def.name, dates);
}

function create(ctx: WriteContext, def: EntityDef, input: Body): Body {
  if (def.family === 'singleton') throw fault.unsupportedOperation(`Create for ${def.name}`);
  assertUnlocked(ctx, def, [effectiveTxnDate(input, ctx.now)]);
  const record = insertRecord(ctx.company.store, def.name, compact(def.prepare(ctx, withoutSystemFields(input))), ctx.now);
  afterWrite(ctx, record);
  return renderRecord(ctx.company, record);
}

function update(ctx: WriteContext, def: EntityDef, input: Body): Body {
  const record = target(ctx, def, input);
  if (record.state === 'voided') throw fault.business('A voided transaction can not be changed.', 'Id');
  // Sparse: unsent fields keep their values (a sent Line list replaces all lines); full: unsent fields are cleared.
  const kept = withoutSystemFields(record.body);
  for (const key of def.derived ?? []) delete kept[key];
  const merged = input.sparse === true || def.family === 'singleton'
    ? { ...kept, ...withoutSystemFields(input) }
    : withoutSystemFields(input);
  assertUnlocked(ctx, def, [record.body.TxnDate, effectiveTxnDate(merged, ctx.now)]);
  const before = record.body;
  const body = compact(def.prepare(ctx, merged, record));
  replaceBody(record, body, ctx.now);
  afterWrite(ctx, record, before);
  return renderRecord(ctx.company, record);
}

function remove(ctx: WriteContext, def: EntityDef, input: Body): Body {
  if (def.family !== 'txn') {
    throw fault.unsupportedOperation(`Delete for ${def.name} (a name list record is made inactive with Active=false instead)`);
  }
  const record = target(ctx, def, input);
  assertUnlocked(ctx, def, [record.body.TxnDate]);
  assertNoPayments(ctx, record, 'delete');
  const before = record.body;
  markDeleted(record, ctx.now);
  afterWrite(ctx, record, before);
  return { status: 'Deleted', domain: 'QBO', Id: record.id };
}

function voidRecord(ctx: WriteContext, def: EntityDef, input: Body): Body {
  if (!def.voided) throw fault.unsupportedOperation(`Void for ${def.name}`);
  const record = target(ctx, def, input);
  if (record.state === 'voided') throw fault.business('This transaction is already voided.', 'Id');
  assertUnlocked(ctx, def, [record.body.TxnDate]);
  assertNoPayments(ctx, record, 'void');
  const before = record.body;
  replaceBody(record, compact(def.voided(record.body)), ctx.now);
  record.state = 'voided';
  afterWrite(ctx, record, before);
  return renderRecord(ctx.company, record);
}

const CHANGE: Record<WriteOperation, ChangeOperation> = { create: 'created', update: 'updated', delete: 'deleted', void: 'voided' };

function run(ctx: WriteContext, def: EntityDef, op: WriteOperation, input: Body): Body {
  if (op === 'create') return create(ctx, def, input);
  if (op === 'update') return update(ctx, def, input);
  if (op === 'delete') return remove(ctx, def, input);
  return voidRecord(ctx, def, input);
}

export function performWrite(ctx: WriteContext, def: EntityDef, op: WriteOperation, raw: unknown): Body {
  const result = run(ctx, def, op, checkShape(def.name, def.schema, raw));
  // Transactions and name lists send webhooks; the company's settings do not.
  if (def.family !== 'singleton') ctx.notify?.(def.name, String(result.Id), CHANGE[op]);
  return result;
}
