/**
 * Deposit (a bank deposit): money into a Bank account from other accounts (a processor's clearing
 * account, fees as a negative line) or from payments and sales receipts waiting in Undeposited
 * Funds (a line with LinkedTxn). TotalAmt is Σ lines, computed; a TotalAmt sent that disagrees is
 * refused. Rules taken where Intuit's are UNCONFIRMED (the stricter reading, codes 6000):
 * - DepositToAccountRef is required (2020) and must be a Bank account (QuickBooks' deposit form
 *   lists other asset accounts too; the simulator does not).
 * - Lines may be negative (fees kept back); the total may not be (zero is allowed).
 * - A line on an A/R or A/P account needs its customer or vendor in Entity, as on a journal entry;
 *   a line may not take money out of the account the deposit goes into.
 * - A linked line takes the whole of a live Payment or SalesReceipt sitting in Undeposited Funds,
 *   its Amount equal to the transaction's TotalAmt, and no transaction is in two deposits.
 */
import { docNumberFor } from './doc-numbers.js';
import type { Body, EntityName, Stored } from './entity-store.js';
import { findRecord, liveRecords, withoutSystemFields } from './entity-store.js';
import { fault, QboFault } from './errors.js';
import { departmentRef, lineClassRef } from './grouping-prefs.js';
import { centsOf, centsToNumber, formatCents } from './money.js';
import { today } from './qbo-time.js';
import { entity, list, num, obj, ref, str } from './schemas-common.js';
import type { WriteContext } from './validate-common.js';
import { checkDate, checkLength, isPlainObject, namedRef, readMoney, requiredRef, resolveRef, visibleRecord } from './validate-common.js';

const USD = { value: 'USD', name: 'United States Dollar' };

export const depositSchema = entity({
  DocNumber: str, TxnDate: str, PrivateNote: str, CurrencyRef: ref, ExchangeRate: num, TxnSource: str, TotalAmt: num, HomeTotalAmt: num,
  DepartmentRef: ref, DepositToAccountRef: ref, TransactionLocationType: str,
  Line: list(obj({
    Id: str, LineNum: num, Description: str, Amount: num, DetailType: str,
    LinkedTxn: list(obj({ TxnId: str, TxnType: str, TxnLineId: str })),
    DepositLineDetail: obj({ AccountRef: ref, PaymentMethodRef: ref, Entity: ref, ClassRef: ref, CheckNum: str, TxnType: str }),
  })),
});

const PARTY: Record<string, EntityName> = { customer: 'Customer', vendor: 'Vendor', employee: 'Employee' };
const LINKABLE: readonly EntityName[] = ['Payment', 'SalesReceipt'];

/** The live deposit whose lines link the transaction, other than `exceptId`. */
export function depositHolding(ctx: WriteContext, txnType: string, txnId: string, exceptId?: string): Stored | undefined {
  return liveRecords(ctx.company.store, 'Deposit').find((d) => d.id !== exceptId && ((d.body.Line as Body[] | undefined) ?? [])
    .some((l) => ((l.LinkedTxn as Body[] | undefined) ?? []).some((t) => t.TxnType === txnType && t.TxnId === txnId)));
}

function linkedSource(ctx: WriteContext, link: Body, amount: bigint, depositId: string | undefined): Stored {
  const type = String(link.TxnType ?? '');
  if (!(LINKABLE as readonly string[]).includes(type)) {
    throw fault.business(`A deposit line links a Payment or a SalesReceipt, not ${type || 'nothing'}.`, 'Line.LinkedTxn.TxnType');
  }
  const id = String(link.TxnId ?? '');
  const source = visibleRecord(ctx, type as EntityName, id);
  if (!source) {
    if (findRecord(ctx.company.store, type as EntityName, id)?.state === 'deleted') throw fault.notFound(type, id, true);
    throw fault.invalidRef('Line.LinkedTxn.TxnId', type, id);
  }
  if (source.state === 'voided') throw fault.business(`${type} ${id} is voided and can not be deposited.`, 'Line.LinkedTxn.TxnId');
  const from = (source.body.DepositToAccountRef as Body | undefined)?.value;
  const account = typeof from === 'string' ? findRecord(ctx.company.store, 'Account', from) : undefined;
  if (account?.body.AccountSubType !== 'UndepositedFunds') {
    throw fault.business(`${type} ${id} was not received into Undeposited Funds, so there is nothing of it to deposit.`, 'Line.LinkedTxn.TxnId');
  }
  const holder = depositHolding(ctx, type, id, depositId);
  if (holder) throw fault.business(`${type} ${id} is already deposited in Deposit ${holder.id}.`, 'Line.LinkedTxn.TxnId');
  const total = centsOf(source.body.TotalAmt);
  if (amount !== total) {
    throw fault.business(`A linked line deposits the whole ${type}: ${formatCents(total)}, not ${formatCents(amount)}.`, 'Line.Amount');
  }
  return source;
}

function party(ctx: WriteContext, raw: unknown): { type: EntityName; record: Stored } | undefined {
  if (raw === undefined || raw === null) return undefined;
  const type = isPlainObject(raw) ? PARTY[String(raw.type ?? '').toLowerCase()] : undefined;
  if (!type) throw fault.invalidEnum('Line.DepositLineDetail.Entity.type', String(isPlainObject(raw) ? raw.type : raw));
  return { type, record: resolveRef(ctx, raw, type, 'Line.DepositLineDetail.Entity') };
}

function accountLine(ctx: WriteContext, line: Body, bankId: string): Body {
  if (line.DetailType === undefined) throw fault.required('Line.DetailType');
  if (line.DetailType !== 'DepositLineDetail') throw fault.invalidEnum('Line.DetailType', String(line.DetailType));
  const detail = isPlainObject(line.DepositLineDetail) ? line.DepositLineDetail : {};
  if (detail.AccountRef === undefined) throw fault.required('Line.DepositLineDetail.AccountRef');
  const account = resolveRef(ctx, detail.AccountRef, 'Account', 'Line.DepositLineDetail.AccountRef');
  if (account.id === bankId) throw fault.business('A deposit line can not take money from the account it is deposited into.', 'Line.DepositLineDetail.AccountRef');
  const who = party(ctx, detail.Entity);
  const needs = account.body.AccountType === 'Accounts Receivable' ? 'Customer' : account.body.AccountType === 'Accounts Payable' ? 'Vendor' : undefined;
  if (needs && who?.type !== needs) throw fault.business(`A line on ${String(account.body.Name)} needs a ${needs} in Entity.`, 'Line.DepositLineDetail.Entity');
  const method = detail.PaymentMethodRef === undefined ? undefined : resolveRef(ctx, detail.PaymentMethodRef, 'PaymentMethod', 'Line.DepositLineDetail.PaymentMethodRef');
  const cls = lineClassRef(ctx, detail.ClassRef, 'Line.DepositLineDetail.ClassRef', true);
  return {
    DetailType: 'DepositLineDetail',
    DepositLineDetail: {
      AccountRef: namedRef(account),
      ...(method ? { PaymentMethodRef: namedRef(method) } : {}),
      ...(who ? { Entity: { ...namedRef(who.record), type: who.type } } : {}),
      ...(cls ? { ClassRef: cls } : {}),
      ...(detail.CheckNum !== undefined ? { CheckNum: checkLength(detail.CheckNum, 'Line.DepositLineDetail.CheckNum', 21) } : {}),
    },
  };
}

function depositLines(ctx: WriteContext, raw: unknown, bankId: string, depositId: string | undefined): { lines: Body[]; total: bigint } {
  const given = Array.isArray(raw) ? (raw as Body[]) : [];
  if (given.length === 0) throw fault.required('Line', 'At least one line is required (Line).');
  const seen = new Set<string>();
  let total = 0n;
  const lines = given.map((line, i) => {
    const amount = readMoney(line.Amount, 'Line.Amount');
    if (amount === undefined) throw fault.required('Line.Amount');
    const links = Array.isArray(line.LinkedTxn) ? (line.LinkedTxn as Body[]) : [];
    if (links.length > 1) throw fault.business('A deposit line links exactly one transaction.', 'Line.LinkedTxn');
    let out: Body;
    if (links.length === 1) {
      const source = linkedSource(ctx, links[0] as Body, amount, depositId);
      const key = `${source.entity}:${source.id}`;
      if (seen.has(key)) throw fault.business(`${source.entity} ${source.id} is linked twice in this deposit.`, 'Line.LinkedTxn');
      seen.add(key);
      out = { LinkedTxn: [{ TxnId: source.id, TxnType: source.entity, TxnLineId: '0' }] };
    } else {
      out = accountLine(ctx, line, bankId);
    }
    total += amount;
    const description = checkLength(line.Description, 'Line.Description', 4000);
    return { Id: String(i + 1), LineNum: i + 1, ...(description !== undefined ? { Description: description } : {}), Amount: centsToNumber(amount), ...out };
  });
  return { lines, total };
}

export function prepareDeposit(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const bank = requiredRef(ctx, input, 'DepositToAccountRef', 'Account');
  if (bank.body.AccountType !== 'Bank') throw fault.business('DepositToAccountRef must be a Bank account.', 'DepositToAccountRef');
  const currency = isPlainObject(input.CurrencyRef) ? input.CurrencyRef.value : undefined;
  if (currency !== undefined && currency !== 'USD') throw fault.business('Multicurrency is turned off: transactions are in USD.', 'CurrencyRef');
  const { lines, total } = depositLines(ctx, input.Line, bank.id, existing?.id);
  if (total < 0n) throw fault.business(`The deposit total can not be negative (${formatCents(total)}).`, 'TotalAmt');
  const sent = readMoney(input.TotalAmt, 'TotalAmt');
  if (sent !== undefined && sent !== total) {
    throw fault.business(`TotalAmt ${formatCents(sent)} is not the sum of the lines, ${formatCents(total)}.`, 'TotalAmt');
  }
  checkLength(input.PrivateNote, 'PrivateNote', 4000);
  return {
    ...withoutSystemFields(input),
    DepositToAccountRef: namedRef(bank),
    TxnDate: checkDate(input.TxnDate, 'TxnDate') ?? today(ctx.now),
    DocNumber: docNumberFor(ctx, 'Deposit', input.DocNumber, existing),
    DepartmentRef: departmentRef(ctx, input.DepartmentRef),
    Line: lines, TotalAmt: centsToNumber(total), HomeTotalAmt: undefined, CurrencyRef: USD,
  };
}

/** A Payment or SalesReceipt inside a live deposit can not be changed, voided or deleted: 6540 (quickbooks-facts §9). */
export function assertNotDeposited(ctx: WriteContext, record: Stored): void {
  if (!LINKABLE.includes(record.entity)) return;
  const holder = depositHolding(ctx, record.entity, record.id);
  if (!holder) return;
  throw new QboFault(400, 'ValidationFault', [{
    code: '6540', Message: 'Deposited Transaction cannot be changed', element: 'Id',
    Detail: `Deposited Transaction cannot be changed: ${record.entity} ${record.id} is in Deposit ${holder.id}. `
      + 'Remove it from the deposit (or delete the deposit) first.',
  }]);
}
