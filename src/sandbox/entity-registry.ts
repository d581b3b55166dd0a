/**
 * Every entity the simulator serves: its URL segment, wire shape, validation, which operations
 * QuickBooks allows on it (quickbooks-facts §9) and which fields a query may filter on (§3).
 */
import type { z } from 'zod';
import type { Body, EntityName, Stored } from './entity-store.js';
import {
  accountSchema, classSchema, companyInfoSchema, customerSchema, departmentSchema, employeeSchema, itemSchema,
  paymentMethodSchema, preferencesSchema, vendorSchema,
} from './schemas-names.js';
import { billSchema, invoiceSchema, journalEntrySchema, paymentSchema, refundReceiptSchema, salesReceiptSchema } from './schemas-txns.js';
import { prepareAccount, prepareItem } from './validate-accounts-items.js';
import type { WriteContext } from './validate-common.js';
import { prepareCompanyInfo, preparePreferences } from './validate-company.js';
import { prepareBill, prepareJournalEntry } from './validate-ledger.js';
import { prepareGrouping, preparePaymentMethod, preparePerson } from './validate-names.js';
import { preparePayment } from './validate-payment.js';
import { prepareInvoice, prepareRefundReceipt, prepareSalesReceipt } from './validate-sales.js';
import { depositSchema, prepareDeposit } from './validate-deposit.js';
import { voidedPayment, voidedSalesForm } from './voiding.js';

export type FieldKind = 'id' | 'string' | 'money' | 'boolean' | 'date' | 'datetime' | 'ref';

export interface EntityDef {
  name: EntityName;
  /** The lower-case URL segment: /v3/company/{realm}/{segment}. */
  segment: string;
  family: 'list' | 'txn' | 'singleton';
  schema: z.ZodType;
  /** Validates a complete document (create, or update after the sparse merge) into its stored body. */
  prepare: (ctx: WriteContext, input: Body, existing?: Stored) => Body;
  /** The body a void leaves, or undefined when the entity cannot be voided. */
  voided?: (body: Body) => Body;
  /** Fields a WHERE / ORDERBY may use; anything else is 4001. */
  filterable: Record<string, FieldKind>;
  /** Computed fields a sparse update recomputes instead of carrying over (a sent value is checked). */
  derived?: readonly string[];
}

const COMMON: Record<string, FieldKind> = { Id: 'id', 'MetaData.CreateTime': 'datetime', 'MetaData.LastUpdatedTime': 'datetime' };
const PERSON: Record<string, FieldKind> = { ...COMMON, DisplayName: 'string', GivenName: 'string', FamilyName: 'string', CompanyName: 'string', Active: 'boolean' };
const SALES: Record<string, FieldKind> = { ...COMMON, DocNumber: 'string', TxnDate: 'date', CustomerRef: 'ref', TotalAmt: 'money', Balance: 'money' };

function def(name: EntityName, family: EntityDef['family'], schema: z.ZodType, prepare: EntityDef['prepare'],
  filterable: Record<string, FieldKind>, voided?: EntityDef['voided']): EntityDef {
  return { name, segment: name.toLowerCase(), family, schema, prepare, filterable, ...(voided ? { voided } : {}) };
}

export const ENTITY_DEFS: readonly EntityDef[] = [
  def('Account', 'list', accountSchema, prepareAccount, { ...COMMON, Name: 'string', AccountType: 'string', Active: 'boolean' }),
  def('Item', 'list', itemSchema, prepareItem, { ...COMMON, Name: 'string', Sku: 'string', Type: 'string', Active: 'boolean' }),
  def('PaymentMethod', 'list', paymentMethodSchema, preparePaymentMethod, { ...COMMON, Name: 'string', Active: 'boolean' }),
  def('Customer', 'list', customerSchema, preparePerson('Customer'), PERSON),
  def('Vendor', 'list', vendorSchema, preparePerson('Vendor'), PERSON),
  def('Employee', 'list', employeeSchema, preparePerson('Employee'), PERSON),
  def('Department', 'list', departmentSchema, prepareGrouping('Department'), { ...COMMON, Name: 'string', Active: 'boolean' }),
  def('Class', 'list', classSchema, prepareGrouping('Class'), { ...COMMON, Name: 'string', Active: 'boolean' }),
  def('Invoice', 'txn', invoiceSchema, prepareInvoice, SALES, voidedSalesForm),
  def('SalesReceipt', 'txn', salesReceiptSchema, prepareSalesReceipt, SALES, voidedSalesForm),
  // No client shows RefundReceipt voids (quickbooks-facts §9): refused, the stricter reading.
  def('RefundReceipt', 'txn', refundReceiptSchema, prepareRefundReceipt, SALES),
  // DocNumber is not filterable on Payment (JXSD).
  def('Payment', 'txn', paymentSchema, preparePayment, { ...COMMON, TxnDate: 'date', CustomerRef: 'ref', TotalAmt: 'money' }, voidedPayment),
  def('JournalEntry', 'txn', journalEntrySchema, prepareJournalEntry, { ...COMMON, DocNumber: 'string', TxnDate: 'date' }),
  def('Bill', 'txn', billSchema, prepareBill, { ...COMMON, DocNumber: 'string', TxnDate: 'date', VendorRef: 'ref', TotalAmt: 'money', Balance: 'money' }),
  // Deposit: DocNumber is not filterable (not in the facts' list: the stricter reading); no void (quickbooks-facts §9 shows none).
  { ...def('Deposit', 'txn', depositSchema, prepareDeposit, { ...COMMON, TxnDate: 'date' }), derived: ['TotalAmt'] },
  def('CompanyInfo', 'singleton', companyInfoSchema, prepareCompanyInfo, COMMON),
  def('Preferences', 'singleton', preferencesSchema, preparePreferences, COMMON),
];

export function defBySegment(segment: string): EntityDef | undefined {
  return ENTITY_DEFS.find((d) => d.segment === segment);
}

export function defByName(name: string): EntityDef | undefined {
  return ENTITY_DEFS.find((d) => d.name === name);
}
