/**
 * JournalEntry and Bill. A journal entry's debits must equal its credits, and a line on an A/R
 * or A/P account needs a customer or vendor (both codes UNCONFIRMED: 6000). Its lines take a
 * ClassRef and a DepartmentRef under the company's tracking settings (grouping-prefs.ts).
 */
import { docNumberFor } from './doc-numbers.js';
import type { Body, EntityName, Stored } from './entity-store.js';
import { liveRecords, withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import { departmentRef, lineClassRef } from './grouping-prefs.js';
import { centsToNumber, decimalToNumber, decimalToString, formatCents, multiply, roundToCents } from './money.js';
import { today } from './qbo-time.js';
import type { WriteContext } from './validate-common.js';
import { checkDate, checkLength, isPlainObject, namedRef, optionalRef, readDecimal, readMoney, requiredRef, resolveRef } from './validate-common.js';

const USD = { value: 'USD', name: 'United States Dollar' };
const ENTITY_TYPES: Record<string, EntityName> = { Customer: 'Customer', Vendor: 'Vendor', Employee: 'Employee' };

function lineList(raw: unknown): Body[] {
  const lines = Array.isArray(raw) ? (raw as Body[]) : [];
  if (lines.length === 0) throw fault.required('Line', 'At least one line is required (Line).');
  return lines;
}

function lineAmount(line: Body): bigint {
  const amount = readMoney(line.Amount, 'Line.Amount');
  if (amount === undefined) throw fault.required('Line.Amount');
  return amount;
}

function journalLine(ctx: WriteContext, line: Body, index: number): { line: Body; debit: bigint; credit: bigint } {
  if (line.DetailType !== 'JournalEntryLineDetail') {
    if (line.DetailType === undefined) throw fault.required('Line.DetailType');
    throw fault.invalidEnum('Line.DetailType', String(line.DetailType));
  }
  const detail = line.JournalEntryLineDetail;
  if (!isPlainObject(detail)) throw fault.required('Line.JournalEntryLineDetail');
  const posting = detail.PostingType;
  if (posting === undefined) throw fault.required('Line.JournalEntryLineDetail.PostingType');
  if (posting !== 'Debit' && posting !== 'Credit') throw fault.invalidEnum('Line.JournalEntryLineDetail.PostingType', String(posting));
  const amount = lineAmount(line);
  if (amount < 0n) throw fault.business('A journal entry line amount can not be negative.', 'Line.Amount');
  if (detail.AccountRef === undefined) throw fault.required('Line.JournalEntryLineDetail.AccountRef');
  const account = resolveRef(ctx, detail.AccountRef, 'Account', 'Line.JournalEntryLineDetail.AccountRef');
  const party = isPlainObject(detail.Entity) ? detail.Entity : undefined;
  const partyEntity = party ? ENTITY_TYPES[String(party.Type)] : undefined;
  if (party && !partyEntity) throw fault.invalidEnum('Line.JournalEntryLineDetail.Entity.Type', String(party.Type));
  const partyRecord = party && partyEntity ? resolveRef(ctx, party.EntityRef, partyEntity, 'Line.JournalEntryLineDetail.Entity.EntityRef') : undefined;
  const needs = account.body.AccountType === 'Accounts Receivable' ? 'Customer' : account.body.AccountType === 'Accounts Payable' ? 'Vendor' : undefined;
  if (needs && party?.Type !== needs) throw fault.business(`A line on ${String(account.body.Name)} needs a ${needs} in Entity.`, 'Line.JournalEntryLineDetail.Entity');
  const cls = lineClassRef(ctx, detail.ClassRef, 'Line.JournalEntryLineDetail.ClassRef', true);
  const department = departmentRef(ctx, detail.DepartmentRef, 'Line.JournalEntryLineDetail.DepartmentRef');
  const out: Body = {
    Id: String(index + 1), LineNum: index + 1, ...(line.Description !== undefined ? { Description: checkLength(line.Description, 'Line.Description', 4000) } : {}),
    Amount: centsToNumber(amount), DetailType: 'JournalEntryLineDetail',
    JournalEntryLineDetail: {
      PostingType: posting, AccountRef: namedRef(account),
      ...(partyRecord ? { Entity: { Type: party?.Type, EntityRef: namedRef(partyRecord) } } : {}),
      ...(cls ? { ClassRef: cls } : {}),
      ...(department ? { DepartmentRef: department } : {}),
    },
  };
  return { line: out, debit: posting === 'Debit' ? amount : 0n, credit: posting === 'Credit' ? amount : 0n };
}

export function prepareJournalEntry(ctx: WriteContext, input: Body, existing?: Stored): Body {
  let debits = 0n;
  let credits = 0n;
  const lines = lineList(input.Line).map((line, i) => {
    const out = journalLine(ctx, line, i);
    debits += out.debit;
    credits += out.credit;
    return out.line;
  });
  if (debits !== credits) {
    throw fault.business(`The journal entry is not balanced: debits ${formatCents(debits)}, credits ${formatCents(credits)}.`, 'Line');
  }
  checkLength(input.PrivateNote, 'PrivateNote', 4000);
  return {
    ...withoutSystemFields(input),
    TxnDate: checkDate(input.TxnDate, 'TxnDate') ?? today(ctx.now),
    DocNumber: docNumberFor(ctx, 'JournalEntry', input.DocNumber, existing),
    Line: lines, TotalAmt: centsToNumber(debits), Adjustment: input.Adjustment ?? false, CurrencyRef: USD,
    DepartmentRef: departmentRef(ctx, input.DepartmentRef),
  };
}

function expenseLine(ctx: WriteContext, line: Body, index: number): { line: Body; cents: bigint } {
  const amount = lineAmount(line);
  const base = { Id: String(index + 1), LineNum: index + 1, Amount: centsToNumber(amount), DetailType: line.DetailType,
    ...(line.Description !== undefined ? { Description: checkLength(line.Description, 'Line.Description', 4000) } : {}) };
  if (line.DetailType === 'AccountBasedExpenseLineDetail' && isPlainObject(line.AccountBasedExpenseLineDetail)) {
    const detail = line.AccountBasedExpenseLineDetail;
    const account = resolveRef(ctx, detail.AccountRef, 'Account', 'Line.AccountBasedExpenseLineDetail.AccountRef');
    return { line: { ...base, AccountBasedExpenseLineDetail: { ...detail, AccountRef: namedRef(account), BillableStatus: detail.BillableStatus ?? 'NotBillable' } }, cents: amount };
  }
  if (line.DetailType === 'ItemBasedExpenseLineDetail' && isPlainObject(line.ItemBasedExpenseLineDetail)) {
    const detail = line.ItemBasedExpenseLineDetail;
    const item = resolveRef(ctx, detail.ItemRef, 'Item', 'Line.ItemBasedExpenseLineDetail.ItemRef');
    const qty = readDecimal(detail.Qty, 'Line.ItemBasedExpenseLineDetail.Qty');
    const price = readDecimal(detail.UnitPrice, 'Line.ItemBasedExpenseLineDetail.UnitPrice');
    if (qty && price && roundToCents(multiply(qty, price)) !== amount) {
      throw fault.amountCalc('Line.Amount', `Qty ${decimalToString(qty)} x UnitPrice ${decimalToString(price)} is not ${formatCents(amount)}.`);
    }
    return { line: { ...base, ItemBasedExpenseLineDetail: { ...detail, ItemRef: namedRef(item), ...(qty ? { Qty: decimalToNumber(qty) } : {}) } },
      cents: amount };
  }
  if (line.DetailType === undefined) throw fault.required('Line.DetailType');
  if (line.DetailType !== 'AccountBasedExpenseLineDetail' && line.DetailType !== 'ItemBasedExpenseLineDetail') {
    throw fault.invalidEnum('Line.DetailType', String(line.DetailType));
  }
  throw fault.required(`Line.${String(line.DetailType)}`);
}

export function prepareBill(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const vendor = requiredRef(ctx, input, 'VendorRef', 'Vendor');
  let total = 0n;
  const lines = lineList(input.Line).map((line, i) => {
    const out = expenseLine(ctx, line, i);
    total += out.cents;
    return out.line;
  });
  if (total < 0n) throw fault.business(`The bill total can not be negative (${formatCents(total)}).`, 'TotalAmt');
  const ap = optionalRef(ctx, input, 'APAccountRef', 'Account')
    ?? liveRecords(ctx.company.store, 'Account').find((a) => a.body.AccountType === 'Accounts Payable' && a.body.Active !== false);
  if (!ap || ap.body.AccountType !== 'Accounts Payable') throw fault.business('APAccountRef must be an Accounts Payable account.', 'APAccountRef');
  const txnDate = checkDate(input.TxnDate, 'TxnDate') ?? today(ctx.now);
  checkLength(input.PrivateNote, 'PrivateNote', 4000);
  return {
    ...withoutSystemFields(input),
    VendorRef: namedRef(vendor), APAccountRef: namedRef(ap), TxnDate: txnDate,
    DueDate: checkDate(input.DueDate, 'DueDate') ?? txnDate,
    DocNumber: docNumberFor(ctx, 'Bill', input.DocNumber, existing),
    Line: lines, TotalAmt: centsToNumber(total), Balance: centsToNumber(total), CurrencyRef: USD,
  };
}
