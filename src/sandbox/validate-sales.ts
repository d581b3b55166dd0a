/**
 * Invoice, SalesReceipt and RefundReceipt. Totals are computed here, exactly, from the lines
 * and the tax; a sales form's total may not be negative (the code is UNCONFIRMED: 6000).
 */
import { isDepositAccountType } from './account-types.js';
import { docNumberFor } from './doc-numbers.js';
import type { Body, EntityName, Stored } from './entity-store.js';
import { withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import { salesFormGrouping } from './grouping-prefs.js';
import { appliedCents } from './linking.js';
import { centsToNumber, formatCents } from './money.js';
import { addDays, today } from './qbo-time.js';
import { prepareSalesLines } from './sales-lines.js';
import { salesTax } from './tax.js';
import type { WriteContext } from './validate-common.js';
import {
  accountBySubtype, checkDate, checkLength, isPlainObject, namedRef, optionalRef, requiredRef,
} from './validate-common.js';

const USD = { value: 'USD', name: 'United States Dollar' };
const READ_ONLY = ['TotalAmt', 'Balance', 'HomeBalance', 'HomeTotalAmt', 'LinkedTxn', 'Deposit', 'InvoiceLink', 'RecurDataRef'];

function checkCurrency(input: Body): void {
  const currency = isPlainObject(input.CurrencyRef) ? input.CurrencyRef.value : undefined;
  if (currency !== undefined && currency !== 'USD') throw fault.business('Multicurrency is turned off: transactions are in USD.', 'CurrencyRef');
}

/** Class and location of the whole form (grouping-prefs.ts); absent keys stay absent. */
function groupingRefs(ctx: WriteContext, input: Body): Body {
  const refs = salesFormGrouping(ctx, input);
  return { DepartmentRef: refs.DepartmentRef, ClassRef: refs.ClassRef };
}

function depositAccount(ctx: WriteContext, input: Body, required: boolean): Stored {
  const account = required
    ? requiredRef(ctx, input, 'DepositToAccountRef', 'Account')
    : optionalRef(ctx, input, 'DepositToAccountRef', 'Account') ?? accountBySubtype(ctx.company, 'UndepositedFunds');
  if (!account) throw fault.required('DepositToAccountRef', 'The company has no Undeposited Funds account.');
  if (!isDepositAccountType(account.body.AccountType)) {
    throw fault.business('DepositToAccountRef must be a Bank or Other Current Asset account.', 'DepositToAccountRef');
  }
  return account;
}

function commonFields(kind: EntityName, ctx: WriteContext, input: Body, existing?: Stored): { body: Body; total: bigint } {
  checkCurrency(input);
  const customer = kind === 'Invoice'
    ? requiredRef(ctx, input, 'CustomerRef', 'Customer')
    : optionalRef(ctx, input, 'CustomerRef', 'Customer');
  const lines = prepareSalesLines(ctx, input.Line, existing?.body.Line);
  const tax = salesTax(ctx, input, lines.taxableCents);
  const total = lines.itemCents - lines.discountCents + tax.cents;
  if (total < 0n) {
    throw fault.business(`The transaction total can not be negative (${formatCents(total)}). Use a refund receipt for a net refund.`, 'TotalAmt');
  }
  checkLength(input.PrivateNote, 'PrivateNote', 4000);
  checkLength(isPlainObject(input.CustomerMemo) ? input.CustomerMemo.value : undefined, 'CustomerMemo', 1000);
  const body: Body = { ...withoutSystemFields(input) };
  for (const key of READ_ONLY) delete body[key];
  Object.assign(body, {
    TxnDate: checkDate(input.TxnDate, 'TxnDate') ?? today(ctx.now),
    DocNumber: docNumberFor(ctx, kind, input.DocNumber, existing),
    CustomerRef: customer ? namedRef(customer) : undefined,
    Line: lines.lines,
    TxnTaxDetail: tax.detail,
    TotalAmt: centsToNumber(total),
    ApplyTaxAfterDiscount: input.ApplyTaxAfterDiscount ?? false,
    PrintStatus: input.PrintStatus ?? 'NotSet',
    EmailStatus: input.EmailStatus ?? 'NotSet',
    CurrencyRef: USD,
    ...groupingRefs(ctx, input),
  });
  return { body, total };
}

export function prepareInvoice(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const { body, total } = commonFields('Invoice', ctx, input, existing);
  const applied = existing ? appliedCents(ctx.company, existing.id) : 0n;
  if (total < applied) {
    throw fault.business(`The invoice total ${formatCents(total)} can not be less than the ${formatCents(applied)} already paid on it.`, 'TotalAmt');
  }
  const deposit = optionalRef(ctx, input, 'DepositToAccountRef', 'Account');
  return {
    ...body,
    DueDate: checkDate(input.DueDate, 'DueDate') ?? addDays(String(body.TxnDate), 30),
    Balance: centsToNumber(total - applied),
    Deposit: 0,
    DepositToAccountRef: deposit ? namedRef(deposit) : undefined,
    LinkedTxn: existing?.body.LinkedTxn ?? [],
  };
}

export function prepareSalesReceipt(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const { body } = commonFields('SalesReceipt', ctx, input, existing);
  const method = optionalRef(ctx, input, 'PaymentMethodRef', 'PaymentMethod');
  return {
    ...body,
    DepositToAccountRef: namedRef(depositAccount(ctx, input, false)),
    PaymentMethodRef: method ? namedRef(method) : undefined,
    PaymentRefNum: checkLength(input.PaymentRefNum, 'PaymentRefNum', 21),
    Balance: 0,
  };
}

/** RefundReceipt: money paid out of DepositToAccountRef, which is required (UNCONFIRMED: the stricter reading). */
export function prepareRefundReceipt(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const { body } = commonFields('RefundReceipt', ctx, input, existing);
  const account = depositAccount(ctx, input, true);
  const method = optionalRef(ctx, input, 'PaymentMethodRef', 'PaymentMethod');
  const toPrint = account.body.AccountType === 'Bank' && input.PaymentRefNum === undefined;
  return {
    ...body,
    DepositToAccountRef: namedRef(account),
    PaymentMethodRef: method ? namedRef(method) : undefined,
    PaymentRefNum: toPrint ? 'To Print' : checkLength(input.PaymentRefNum, 'PaymentRefNum', 21),
    PrintStatus: toPrint ? 'NeedToPrint' : body.PrintStatus,
    Balance: 0,
  };
}
