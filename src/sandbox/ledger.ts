/**
 * The simulator's general ledger, derived from its own documents whenever a report asks (nothing
 * is stored twice, so a report always equals the documents). Every live document (deleted ones
 * are gone; voided ones post zeros) becomes postings in whole cents, debit positive, that sum to
 * zero per document:
 *
 *   Invoice        Dr A/R TotalAmt; Cr each item line's income account (the item's, as
 *                  ItemAccountRef); Dr each discount line's account; Cr sales tax
 *   SalesReceipt   the same with DepositToAccountRef instead of A/R
 *   RefundReceipt  the SalesReceipt postings reversed (money paid out of DepositToAccountRef)
 *   Payment        Dr DepositToAccountRef (Undeposited Funds by default); Cr A/R TotalAmt
 *   JournalEntry   each line on its account, Debit or Credit
 *   Bill           Cr A/P TotalAmt; Dr each line's account (an item line: the item's expense
 *                  account, or its asset account for an Inventory item)
 *   Deposit        Dr DepositToAccountRef TotalAmt; Cr each line's account by its Amount (a
 *                  negative fee line is a debit); a linked line credits the account the deposited
 *                  payment or receipt sits in (Undeposited Funds). The same on both bases.
 *
 * Cash basis (ledger-cash.ts) moves invoice income to the payments that settle it and leaves
 * unpaid bills out. Not modelled: cost of goods sold and inventory movements (QtyOnHand does not
 * move), sub-account roll-ups, multicurrency. A line's ClassRef (else the document's) and the
 * document's DepartmentRef ride along for reports summarised by class or location.
 */
import type { Company } from './company.js';
import type { Body, EntityName, Stored } from './entity-store.js';
import { findRecord, isEntityName, liveRecords } from './entity-store.js';
import { centsOf } from './money.js';
import { isPlainObject } from './validate-common.js';

/** An account a posting lands on: a real one (id) or, when the company lacks it, one named by the simulator. */
export interface LedgerAccount {
  id?: string;
  name: string;
  type: string;
}

export interface Posting {
  account: LedgerAccount;
  date: string;
  /** Debit positive, credit negative. */
  cents: bigint;
  classId?: string;
  className?: string;
  departmentId?: string;
  departmentName?: string;
}

export type Basis = 'Accrual' | 'Cash';

const refOf = (value: unknown): { value?: string; name?: string } => (isPlainObject(value) ? value as { value?: string; name?: string } : {});

function accountById(company: Company, id: string | undefined): LedgerAccount | undefined {
  const record = id === undefined ? undefined : findRecord(company.store, 'Account', id);
  return record ? { id: record.id, name: String(record.body.Name), type: String(record.body.AccountType) } : undefined;
}

/**
 * The company's account for a purpose, by subtype (A/R and A/P also by type, which they alone
 * have), else one the simulator names without an Id (a company without a Sales Tax Payable
 * account that was sent a TotalTax, say), so the ledger still balances.
 */
export function systemAccount(company: Company, subtype: string, type: string, name: string): LedgerAccount {
  const accounts = liveRecords(company.store, 'Account');
  const byType = type === 'Accounts Receivable' || type === 'Accounts Payable';
  const found = accounts.find((a) => a.body.AccountSubType === subtype) ?? (byType ? accounts.find((a) => a.body.AccountType === type) : undefined);
  return found ? { id: found.id, name: String(found.body.Name), type: String(found.body.AccountType) } : { name, type };
}

const receivable = (c: Company) => systemAccount(c, 'AccountsReceivable', 'Accounts Receivable', 'Accounts Receivable (A/R)');
const undeposited = (c: Company) => systemAccount(c, 'UndepositedFunds', 'Other Current Asset', 'Undeposited Funds');
const uncategorizedIncome = (c: Company) => systemAccount(c, 'OtherPrimaryIncome', 'Income', 'Uncategorized Income');

function accountOrElse(company: Company, ref: unknown, fallback: () => LedgerAccount): LedgerAccount {
  return accountById(company, refOf(ref).value) ?? fallback();
}

/** Class and location of a posting: the line's class, else the document's. */
function tags(doc: Body, lineClass?: unknown): Pick<Posting, 'classId' | 'className' | 'departmentId' | 'departmentName'> {
  const cls = refOf(lineClass ?? doc.ClassRef);
  const dept = refOf(doc.DepartmentRef);
  return { classId: cls.value, className: cls.name, departmentId: dept.value, departmentName: dept.name };
}

function lines(doc: Body): Body[] {
  return Array.isArray(doc.Line) ? (doc.Line as Body[]) : [];
}

/** The income side of a sales form (item lines, discounts, tax), as credits for a sale (sign 1) or debits for a refund (-1). */
export function salesCredits(company: Company, doc: Body, sign: bigint): Posting[] {
  const date = String(doc.TxnDate);
  const out: Posting[] = [];
  for (const line of lines(doc)) {
    const amount = centsOf(line.Amount);
    if (line.DetailType === 'SalesItemLineDetail') {
      const detail = (line.SalesItemLineDetail ?? {}) as Body;
      const account = accountOrElse(company, detail.ItemAccountRef, () => uncategorizedIncome(company));
      out.push({ account, date, cents: -sign * amount, ...tags(doc, detail.ClassRef) });
    } else if (line.DetailType === 'DiscountLineDetail') {
      const detail = (line.DiscountLineDetail ?? {}) as Body;
      const account = accountOrElse(company, detail.DiscountAccountRef,
        () => systemAccount(company, 'DiscountsRefundsGiven', 'Income', 'Discounts given'));
      out.push({ account, date, cents: sign * amount, ...tags(doc, detail.ClassRef) });
    }
  }
  const tax = centsOf(isPlainObject(doc.TxnTaxDetail) ? doc.TxnTaxDetail.TotalTax : undefined);
  if (tax !== 0n) {
    const account = systemAccount(company, 'SalesTaxPayable', 'Other Current Liability', 'Sales Tax Payable');
    out.push({ account, date, cents: -sign * tax, ...tags(doc) });
  }
  return out;
}

function salesForm(company: Company, record: Stored, basis: Basis): Posting[] {
  const doc = record.body;
  if (record.entity === 'Invoice' && basis === 'Cash') return [];
  const sign = record.entity === 'RefundReceipt' ? -1n : 1n;
  const total = centsOf(doc.TotalAmt);
  const against = record.entity === 'Invoice' ? receivable(company) : accountOrElse(company, doc.DepositToAccountRef, () => undeposited(company));
  return [{ account: against, date: String(doc.TxnDate), cents: sign * total, ...tags(doc) }, ...salesCredits(company, doc, sign)];
}

function payment(company: Company, record: Stored, basis: Basis, cashSide: CashSide): Posting[] {
  const doc = record.body;
  const date = String(doc.TxnDate);
  const deposit = accountOrElse(company, doc.DepositToAccountRef, () => undeposited(company));
  const ar = accountOrElse(company, doc.ARAccountRef, () => receivable(company));
  const total = centsOf(doc.TotalAmt);
  const head: Posting = { account: deposit, date, cents: total, ...tags(doc) };
  if (basis === 'Accrual') return [head, { account: ar, date, cents: -total, ...tags(doc) }];
  // Cash basis: what settles invoices is income now; only the unapplied rest stays a credit on A/R.
  return [head, { account: ar, date, cents: -centsOf(doc.UnappliedAmt), ...tags(doc) }, ...cashSide(doc)];
}

function journalEntry(company: Company, record: Stored): Posting[] {
  const doc = record.body;
  return lines(doc).map((line) => {
    const detail = (line.JournalEntryLineDetail ?? {}) as Body;
    const amount = centsOf(line.Amount);
    const account = accountOrElse(company, detail.AccountRef, () => ({ name: 'Unknown account', type: 'Other Current Asset' }));
    const lineTags = tags({ ...doc, ...(detail.DepartmentRef ? { DepartmentRef: detail.DepartmentRef } : {}) }, detail.ClassRef);
    return { account, date: String(doc.TxnDate), cents: detail.PostingType === 'Credit' ? -amount : amount, ...lineTags };
  });
}

function billLineAccount(company: Company, line: Body): LedgerAccount {
  const uncategorized = () => systemAccount(company, 'OtherMiscellaneousServiceCost', 'Expense', 'Uncategorized Expense');
  if (line.DetailType === 'AccountBasedExpenseLineDetail') return accountOrElse(company, (line.AccountBasedExpenseLineDetail as Body).AccountRef, uncategorized);
  const item = findRecord(company.store, 'Item', String(refOf((line.ItemBasedExpenseLineDetail as Body | undefined)?.ItemRef).value));
  const ref = item?.body.Type === 'Inventory' ? item.body.AssetAccountRef : item?.body.ExpenseAccountRef;
  return accountOrElse(company, ref, uncategorized);
}

function bill(company: Company, record: Stored, basis: Basis): Posting[] {
  // There is no BillPayment in the simulator, so on a cash basis no bill is paid yet.
  if (basis === 'Cash') return [];
  const doc = record.body;
  const date = String(doc.TxnDate);
  const ap = accountOrElse(company, doc.APAccountRef, () => systemAccount(company, 'AccountsPayable', 'Accounts Payable', 'Accounts Payable (A/P)'));
  const out: Posting[] = [{ account: ap, date, cents: -centsOf(doc.TotalAmt), ...tags(doc) }];
  for (const line of lines(doc)) {
    const detail = (line.AccountBasedExpenseLineDetail ?? line.ItemBasedExpenseLineDetail ?? {}) as Body;
    out.push({ account: billLineAccount(company, line), date, cents: centsOf(line.Amount), ...tags(doc, detail.ClassRef) });
  }
  return out;
}

function deposit(company: Company, record: Stored): Posting[] {
  const doc = record.body;
  const date = String(doc.TxnDate);
  const bank = accountOrElse(company, doc.DepositToAccountRef, () => undeposited(company));
  const out: Posting[] = [{ account: bank, date, cents: centsOf(doc.TotalAmt), ...tags(doc) }];
  for (const line of lines(doc)) {
    const detail = (line.DepositLineDetail ?? {}) as Body;
    const link = Array.isArray(line.LinkedTxn) ? (line.LinkedTxn[0] as Body | undefined) : undefined;
    const type = String(link?.TxnType ?? '');
    const source = link && isEntityName(type) ? findRecord(company.store, type as EntityName, String(link.TxnId)) : undefined;
    const from = link ? source?.body.DepositToAccountRef : detail.AccountRef;
    out.push({ account: accountOrElse(company, from, () => undeposited(company)), date, cents: -centsOf(line.Amount), ...tags(doc, detail.ClassRef) });
  }
  return out;
}

/** The income a cash-basis payment recognises for the invoices it settles (ledger-cash.ts). */
export type CashSide = (payment: Body) => Posting[];

/** Every posting of the company's live documents, in document order. */
export function ledgerOf(company: Company, basis: Basis, cashSide: CashSide): Posting[] {
  const out: Posting[] = [];
  for (const entity of ['Invoice', 'SalesReceipt', 'RefundReceipt'] as const) {
    for (const record of liveRecords(company.store, entity)) out.push(...salesForm(company, record, basis));
  }
  for (const record of liveRecords(company.store, 'Payment')) out.push(...payment(company, record, basis, cashSide));
  for (const record of liveRecords(company.store, 'JournalEntry')) out.push(...journalEntry(company, record));
  for (const record of liveRecords(company.store, 'Bill')) out.push(...bill(company, record, basis));
  for (const record of liveRecords(company.store, 'Deposit')) out.push(...deposit(company, record));
  return out;
}
