/**
 * Pages for people: the list of simulated companies, and one page per company showing what was
 * posted to it (documents with their lines and totals, as if opening QuickBooks), its lists and
 * its counters.
 */
import type { Company } from './company.js';
import { companyName, prefs } from './company.js';
import type { Body, EntityName, Stored } from './entity-store.js';
import { liveRecords } from './entity-store.js';
import type { Html } from './html.js';
import { html, page } from './html.js';
import { centsOf, formatCents } from './money.js';
import { renderRecord } from './operations.js';

const money = (value: unknown) => formatCents(centsOf(value));
const refName = (ref: unknown) => (ref as Body | undefined)?.name ?? (ref as Body | undefined)?.value ?? '';

function salesLineRows(doc: Body): Html[] {
  return ((doc.Line as Body[] | undefined) ?? []).map((line) => {
    const d = (line.SalesItemLineDetail ?? line.DiscountLineDetail ?? line.JournalEntryLineDetail
      ?? line.AccountBasedExpenseLineDetail ?? line.ItemBasedExpenseLineDetail ?? {}) as Body;
    const linked = (line.LinkedTxn as Body[] | undefined)?.[0];
    const what = refName(d.ItemRef) || refName(d.AccountRef) || (linked ? `${String(linked.TxnType)} ${String(linked.TxnId)}` : '')
      || (line.DetailType === 'SubTotalLineDetail' ? 'Subtotal' : line.DetailType === 'DiscountLineDetail' ? 'Discount' : '');
    return html`<tr><td>${line.LineNum ?? ''}</td><td>${what}</td><td>${line.Description ?? ''}</td>
      <td class="num">${d.Qty ?? ''}</td><td class="num">${d.UnitPrice ?? ''}</td><td>${d.PostingType ?? ''}</td>
      <td class="num">${line.Amount === undefined ? '' : money(line.Amount)}</td></tr>`;
  });
}

function documentRows(company: Company, record: Stored): Html {
  const doc = renderRecord(company, record);
  const who = refName(doc.CustomerRef) || refName(doc.VendorRef);
  const tax = (doc.TxnTaxDetail as Body | undefined)?.TotalTax;
  return html`<tr class="${record.state}"><td>${doc.Id}</td><td>${doc.DocNumber ?? ''}</td><td>${doc.TxnDate ?? ''}</td><td>${who}</td>
    <td>${doc.PrivateNote ?? ''}</td><td class="num">${tax === undefined ? '' : money(tax)}</td><td class="num">${money(doc.TotalAmt)}</td>
    <td class="num">${doc.Balance === undefined ? (doc.UnappliedAmt === undefined ? '' : `unapplied ${money(doc.UnappliedAmt)}`) : money(doc.Balance)}</td>
    <td>${record.state === 'voided' ? 'Voided' : ''}</td></tr>
  <tr><td></td><td colspan="8"><table class="lines"><tr><th>#</th><th>Item / account</th><th>Description</th><th class="num">Qty</th>
    <th class="num">Rate</th><th></th><th class="num">Amount</th></tr>${salesLineRows(doc)}</table></td></tr>`;
}

function transactionSection(company: Company, entity: EntityName): Html {
  const records = liveRecords(company.store, entity);
  if (records.length === 0) return html``;
  return html`<section><h2>${entity} <span class="muted">(${records.length})</span></h2><table>
    <tr><th>Id</th><th>No.</th><th>Date</th><th>Customer / vendor</th><th>Memo</th><th class="num">Tax</th><th class="num">Total</th>
    <th class="num">Balance</th><th>Status</th></tr>${records.map((r) => documentRows(company, r))}</table></section>`;
}

function listSection(company: Company, entity: EntityName, columns: [string, (b: Body) => unknown][]): Html {
  const records = liveRecords(company.store, entity);
  return html`<section><h2>${entity} <span class="muted">(${records.length})</span></h2><table>
    <tr><th>Id</th>${columns.map(([title]) => html`<th>${title}</th>`)}<th>Active</th></tr>
    ${records.map((r) => html`<tr><td>${r.id}</td>${columns.map(([, get]) => html`<td>${get(renderRecord(company, r))}</td>`)}<td>${r.body.Active === false ? 'no' : 'yes'}</td></tr>`)}
  </table></section>`;
}

export function companyPage(company: Company): string {
  const c = company.counters;
  const flags = [`inventory tracking ${prefs.inventoryTracking(company) ? 'on' : 'off'}`,
    `automated sales tax ${prefs.automatedSalesTax(company) ? 'on' : 'off'}`,
    `custom transaction numbers ${prefs.customTxnNumbers(company) ? 'on' : 'off'}`].join(' · ');
  const base = `/__sim/companies/${company.realmId}`;
  return page(companyName(company), html`
<section><h1>${companyName(company)}</h1><p class="muted">Realm ${company.realmId} · ${flags}</p>
  <p><a href="${base}/documents">documents (JSON)</a> · <a href="${base}/counters">counters (JSON)</a></p>
  <p>${c.requests} requests · ${c.batchRequests} batches (${c.batchItems} items) · ${c.throttled} throttled ·
     highest concurrency ${company.limiter.maxConcurrency()} · ${c.writes} writes (${c.writesWithoutRequestId} without requestid) ·
     ${c.replays} replays · ${c.serverErrors} injected server errors · ${c.resets} resets · ${c.tokenRefreshes} token refreshes</p></section>
${(['Invoice', 'SalesReceipt', 'Payment', 'RefundReceipt', 'JournalEntry', 'Bill'] as EntityName[]).map((e) => transactionSection(company, e))}
${listSection(company, 'Customer', [['Display name', (b) => b.DisplayName], ['Balance', (b) => money(b.Balance)]])}
${listSection(company, 'Item', [['Name', (b) => b.FullyQualifiedName], ['Type', (b) => b.Type], ['Income account', (b) => refName(b.IncomeAccountRef)]])}
${listSection(company, 'PaymentMethod', [['Name', (b) => b.Name], ['Type', (b) => b.Type]])}
${listSection(company, 'Account', [['Name', (b) => b.FullyQualifiedName], ['Type', (b) => b.AccountType], ['Subtype', (b) => b.AccountSubType]])}`);
}

export function indexPage(companies: { realmId: string; name: string }[]): string {
  return page('Simulated companies', html`<section><h1>Simulated companies</h1>
  ${companies.length === 0 ? html`<p class="muted">No company yet.</p>` : html`<ul>${companies.map((c) => html`<li><a href="/__sim/companies/${c.realmId}">${c.name}</a> <span class="muted">${c.realmId}</span></li>`)}</ul>`}
  <form method="post" action="/__sim/companies"><label>New company <input name="name" value="My Sandbox Company" maxlength="100"></label>
  <button type="submit">Create</button></form></section>`);
}
