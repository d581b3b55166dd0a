/**
 * Payment: money received from a customer, applied to its invoices through lines
 * `{Amount, LinkedTxn:[{TxnId, TxnType:"Invoice"}]}`; what is not applied is UnappliedAmt.
 * Applying more than an invoice's open balance, or more than the payment's total, is refused
 * (the codes are UNCONFIRMED: 6000).
 */
import { isDepositAccountType } from './account-types.js';
import type { Body, Stored } from './entity-store.js';
import { findRecord, withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import { appliedCents } from './linking.js';
import { centsOf, centsToNumber, formatCents } from './money.js';
import { today } from './qbo-time.js';
import type { WriteContext } from './validate-common.js';
import { accountBySubtype, checkDate, checkLength, isPlainObject, namedRef, optionalRef, readMoney, requiredRef, visibleRecord } from './validate-common.js';

const nameValue = (Name: string, Value: string) => ({
  name: '{http://schema.intuit.com/finance/v3}NameValue', nil: false, value: { Name, Value },
  declaredType: 'com.intuit.schema.finance.v3.NameValue', scope: 'javax.xml.bind.JAXBElement$GlobalScope',
  globalScope: true, typeSubstituted: false,
});

function linkedInvoice(ctx: WriteContext, line: Body): Stored {
  const links = Array.isArray(line.LinkedTxn) ? (line.LinkedTxn as Body[]) : [];
  if (links.length === 0) throw fault.required('Line.LinkedTxn');
  if (links.length > 1) throw fault.business('A payment line links exactly one transaction.', 'Line.LinkedTxn');
  const link = links[0] as Body;
  if (link.TxnType !== 'Invoice') {
    throw fault.business(`The simulator applies payments to invoices only, not to ${String(link.TxnType)}.`, 'Line.LinkedTxn.TxnType');
  }
  const id = String(link.TxnId ?? '');
  const invoice = visibleRecord(ctx, 'Invoice', id);
  if (!invoice) {
    if (findRecord(ctx.company.store, 'Invoice', id)?.state === 'deleted') throw fault.notFound('Invoice', id, true);
    throw fault.invalidRef('Line.LinkedTxn.TxnId', 'Invoice', id);
  }
  return invoice;
}

interface AppliedLines {
  lines: Body[];
  appliedCents: bigint;
}

function applyLines(ctx: WriteContext, input: Body, customerId: string, selfId?: string): AppliedLines {
  const raw = Array.isArray(input.Line) ? (input.Line as Body[]) : [];
  const perInvoice = new Map<string, bigint>();
  const lines: Body[] = [];
  let applied = 0n;
  for (const line of raw) {
    const amount = readMoney(line.Amount, 'Line.Amount');
    if (amount === undefined) throw fault.required('Line.Amount');
    if (amount <= 0n) throw fault.business('An amount applied to an invoice must be positive.', 'Line.Amount');
    const invoice = linkedInvoice(ctx, line);
    if ((invoice.body.CustomerRef as Body | undefined)?.value !== customerId) {
      throw fault.business(`Invoice ${invoice.id} belongs to another customer.`, 'Line.LinkedTxn.TxnId');
    }
    const open = centsOf(invoice.body.TotalAmt) - appliedCents(ctx.company, invoice.id, selfId) - (perInvoice.get(invoice.id) ?? 0n);
    if (amount > open) {
      throw fault.business(`The ${formatCents(amount)} applied to invoice ${invoice.id} is more than its open balance of ${formatCents(open)}.`, 'Line.Amount');
    }
    perInvoice.set(invoice.id, (perInvoice.get(invoice.id) ?? 0n) + amount);
    applied += amount;
    lines.push({
      Amount: centsToNumber(amount),
      LinkedTxn: [{ TxnId: invoice.id, TxnType: 'Invoice' }],
      LineEx: { any: [nameValue('txnId', invoice.id), nameValue('txnOpenBalance', formatCents(open)), nameValue('txnReferenceNumber', String(invoice.body.DocNumber ?? ''))] },
    });
  }
  return { lines, appliedCents: applied };
}

export function preparePayment(ctx: WriteContext, input: Body, existing?: Stored): Body {
  const customer = requiredRef(ctx, input, 'CustomerRef', 'Customer');
  const total = readMoney(input.TotalAmt, 'TotalAmt');
  if (total === undefined) throw fault.required('TotalAmt');
  if (total < 0n) throw fault.business('A payment total can not be negative.', 'TotalAmt');
  const { lines, appliedCents: applied } = applyLines(ctx, input, customer.id, existing?.id);
  if (applied > total) {
    throw fault.business(`The ${formatCents(applied)} applied is more than the payment total of ${formatCents(total)}.`, 'TotalAmt');
  }
  const account = optionalRef(ctx, input, 'DepositToAccountRef', 'Account') ?? accountBySubtype(ctx.company, 'UndepositedFunds');
  if (!account || !isDepositAccountType(account.body.AccountType)) {
    throw fault.business('DepositToAccountRef must be a Bank or Other Current Asset account.', 'DepositToAccountRef');
  }
  const method = optionalRef(ctx, input, 'PaymentMethodRef', 'PaymentMethod');
  checkLength(input.PrivateNote, 'PrivateNote', 4000);
  checkLength(input.DocNumber, 'DocNumber', 21);
  const currency = isPlainObject(input.CurrencyRef) ? input.CurrencyRef.value : undefined;
  if (currency !== undefined && currency !== 'USD') throw fault.business('Multicurrency is turned off: transactions are in USD.', 'CurrencyRef');
  return {
    ...withoutSystemFields(input),
    CustomerRef: namedRef(customer),
    TotalAmt: centsToNumber(total),
    UnappliedAmt: centsToNumber(total - applied),
    Line: lines,
    TxnDate: checkDate(input.TxnDate, 'TxnDate') ?? today(ctx.now),
    DepositToAccountRef: namedRef(account),
    PaymentMethodRef: method ? namedRef(method) : undefined,
    PaymentRefNum: checkLength(input.PaymentRefNum, 'PaymentRefNum', 21),
    ProcessPayment: false,
    CurrencyRef: { value: 'USD', name: 'United States Dollar' },
  };
}
