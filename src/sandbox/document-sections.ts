/**
 * The company page's documents, as a person opening QuickBooks would look for them: grouped by
 * type, each with its number, date, customer or vendor, memo (PrivateNote, where a product keeps
 * its own reference), totals and status, and its lines underneath. Voided and deleted documents
 * stay on the page, struck through and labelled, because "what happened to ticket 1001?" is
 * exactly what a person comes here to answer.
 */
import { bookCloseDate } from './company.js';
import type { Company } from './company.js';
import type { Body, EntityName, Stored } from './entity-store.js';
import { allRecords, findRecord } from './entity-store.js';
import type { Html } from './html.js';
import { html } from './html.js';
import { centsOf, formatCents } from './money.js';
import { renderRecord } from './operations.js';

export const money = (value: unknown) => (value === undefined || value === null ? '' : formatCents(centsOf(value)));
export const refName = (ref: unknown) => (ref as Body | undefined)?.name ?? (ref as Body | undefined)?.value ?? '';

const TRANSACTION_TYPES: [EntityName, string][] = [
  ['Invoice', 'Invoices'], ['Payment', 'Payments'], ['SalesReceipt', 'Sales receipts'],
  ['RefundReceipt', 'Refund receipts'], ['JournalEntry', 'Journal entries'], ['Bill', 'Bills'], ['Deposit', 'Deposits'],
];

function linkedName(company: Company, link: Body): string {
  const type = String(link.TxnType);
  const id = String(link.TxnId);
  const target = type === 'Invoice' ? findRecord(company.store, 'Invoice', id) : undefined;
  const number = target?.body.DocNumber;
  return number === undefined ? `${type} ${id}` : `${type} no. ${String(number)} (Id ${id})`;
}

function lineWhat(company: Company, line: Body, detail: Body): string {
  const linked = (line.LinkedTxn as Body[] | undefined)?.[0];
  if (linked) return linkedName(company, linked);
  const named = refName(detail.ItemRef) || refName(detail.AccountRef);
  if (named) return String(named);
  if (line.DetailType === 'SubTotalLineDetail') return 'Subtotal';
  if (line.DetailType === 'DiscountLineDetail') return 'Discount';
  return '';
}

function lineRows(company: Company, doc: Body): Html[] {
  return ((doc.Line as Body[] | undefined) ?? []).map((line) => {
    const d = (line.SalesItemLineDetail ?? line.DiscountLineDetail ?? line.JournalEntryLineDetail
      ?? line.AccountBasedExpenseLineDetail ?? line.ItemBasedExpenseLineDetail ?? line.DepositLineDetail ?? {}) as Body;
    return html`<tr><td>${line.LineNum ?? ''}</td><td>${lineWhat(company, line, d)}</td><td>${line.Description ?? ''}</td>
      <td class="num">${d.Qty ?? ''}</td><td class="num">${d.UnitPrice ?? ''}</td><td>${d.PostingType ?? ''}</td>
      <td class="num">${money(line.Amount)}</td></tr>`;
  });
}

function statusBadges(record: Stored, closedThrough: string | undefined): Html {
  const date = record.body.TxnDate;
  const locked = closedThrough !== undefined && typeof date === 'string' && date <= closedThrough;
  return html`${record.state === 'voided' ? html`<span class="badge voided">Voided</span>` : ''}
    ${record.state === 'deleted' ? html`<span class="badge deleted">Deleted</span>` : ''}
    ${locked ? html`<span class="badge locked" title="Dated on or before the closing date">Closed period</span>` : ''}`;
}

function balanceCell(doc: Body): string {
  if (doc.Balance !== undefined) return money(doc.Balance);
  return doc.UnappliedAmt === undefined ? '' : `unapplied ${money(doc.UnappliedAmt)}`;
}

function documentRows(company: Company, record: Stored, closedThrough: string | undefined): Html {
  const doc = renderRecord(company, record);
  const who = refName(doc.CustomerRef) || refName(doc.VendorRef);
  const tax = (doc.TxnTaxDetail as Body | undefined)?.TotalTax;
  return html`<tr class="doc ${record.state}" id="${record.entity}-${record.id}"><td>${doc.Id}</td><td>${doc.DocNumber ?? ''}</td>
    <td>${doc.TxnDate ?? ''}</td><td>${who}</td><td>${doc.PrivateNote ?? ''}</td><td class="num">${money(tax)}</td>
    <td class="num">${money(doc.TotalAmt)}</td><td class="num">${balanceCell(doc)}</td><td class="status">${statusBadges(record, closedThrough)}</td></tr>
  <tr class="${record.state}"><td></td><td colspan="8"><table class="lines"><tr><th>#</th><th>Item / account</th><th>Description</th>
    <th class="num">Qty</th><th class="num">Rate</th><th></th><th class="num">Amount</th></tr>${lineRows(company, doc)}</table></td></tr>`;
}

function transactionSection(company: Company, entity: EntityName, title: string, records: Stored[]): Html {
  const closedThrough = bookCloseDate(company);
  return html`<section id="${entity}"><h2>${title} <span class="muted">(${records.length})</span></h2><table>
    <tr><th>Id</th><th>No.</th><th>Date</th><th>Customer / vendor</th><th>Memo</th><th class="num">Tax</th><th class="num">Total</th>
    <th class="num">Balance</th><th>Status</th></tr>${records.map((r) => documentRows(company, r, closedThrough))}</table></section>`;
}

/** A summary of what the company holds, then one section per transaction type that has documents. */
export function documentSections(company: Company): Html {
  const groups = TRANSACTION_TYPES
    .map(([entity, title]) => ({ entity, title, records: allRecords(company.store, entity) }))
    .filter((g) => g.records.length > 0);
  const summary = groups.length === 0
    ? html`<p class="muted">No documents yet.</p>`
    : html`<p>${groups.map((g, i) => html`${i > 0 ? ' · ' : ''}<a href="#${g.entity}">${g.title}</a> (${g.records.length})`)}</p>`;
  return html`<section><h2>Documents</h2>${summary}</section>${groups.map((g) => transactionSection(company, g.entity, g.title, g.records))}`;
}

/** How many transactions exist (voided included, deleted not), for the list of companies. */
export function documentCount(company: Company): number {
  return TRANSACTION_TYPES.reduce((n, [entity]) => n + allRecords(company.store, entity).filter((r) => r.state !== 'deleted').length, 0);
}
