/**
 * DocNumber rules (quickbooks-facts §11): at most 21 characters (2050); unique per transaction type unless
 * the request says include=allowduplicatedocnum (6140); QuickBooks numbers sales forms itself
 * when the company does not use custom transaction numbers, and "AUTO_GENERATE" forces it.
 * Which preference switches the duplicate check on is UNCONFIRMED: the simulator always checks,
 * on updates too, and counts voided documents (they still exist) but not deleted ones.
 */
import { prefs } from './company.js';
import type { EntityName, Stored } from './entity-store.js';
import { liveRecords } from './entity-store.js';
import { fault } from './errors.js';
import type { WriteContext } from './validate-common.js';

const AUTO_NUMBERED: readonly EntityName[] = ['Invoice', 'SalesReceipt', 'RefundReceipt'];
const DUPLICATE_CHECKED: readonly EntityName[] = ['Invoice', 'SalesReceipt', 'RefundReceipt', 'JournalEntry', 'Bill'];
export const MAX_DOC_NUMBER = 21;

function holderOf(ctx: WriteContext, entity: EntityName, docNumber: string, selfId?: string): Stored | undefined {
  const wanted = docNumber.trim().toLowerCase();
  return liveRecords(ctx.company.store, entity).find(
    (r) => r.id !== selfId && typeof r.body.DocNumber === 'string' && r.body.DocNumber.trim().toLowerCase() === wanted,
  );
}

function nextNumber(ctx: WriteContext, entity: EntityName): string {
  for (;;) {
    const candidate = String(ctx.company.nextDocNumber++);
    if (!holderOf(ctx, entity, candidate)) return candidate;
  }
}

export function docNumberFor(ctx: WriteContext, entity: EntityName, requested: unknown, existing?: Stored): string | undefined {
  let docNumber = typeof requested === 'string' && requested !== '' ? requested : undefined;
  const auto = AUTO_NUMBERED.includes(entity);
  if (auto && docNumber === 'AUTO_GENERATE') docNumber = nextNumber(ctx, entity);
  else if (auto && docNumber === undefined && !existing && !prefs.customTxnNumbers(ctx.company)) docNumber = nextNumber(ctx, entity);
  if (docNumber === undefined) return undefined;
  if (docNumber.length > MAX_DOC_NUMBER) throw fault.stringLength('DocNumber', MAX_DOC_NUMBER, docNumber.length);
  if (DUPLICATE_CHECKED.includes(entity) && !ctx.include.has('allowduplicatedocnum')) {
    const holder = holderOf(ctx, entity, docNumber, existing?.id);
    if (holder) throw fault.duplicateDocNumber(docNumber, entity, holder.id);
  }
  return docNumber;
}
