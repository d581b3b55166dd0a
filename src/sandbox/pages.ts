/**
 * Pages for people: the list of simulated companies, and one page per company showing it as if
 * opening QuickBooks: its settings (with the forms to close the books and switch features),
 * the documents posted to it with their lines and totals, its lists and its counters. Every
 * value goes through the html tag, so whatever a client posted is shown, never run.
 */
import type { Company } from './company.js';
import { bookCloseDate, companyName } from './company.js';
import { documentCount, documentSections, money, refName } from './document-sections.js';
import type { Body, EntityName } from './entity-store.js';
import { liveRecords } from './entity-store.js';
import type { Html } from './html.js';
import { html, page } from './html.js';
import { renderRecord } from './operations.js';
import { settingsSection } from './settings-section.js';

function listSection(company: Company, entity: EntityName, title: string, columns: [string, (b: Body) => unknown][]): Html {
  const records = liveRecords(company.store, entity);
  return html`<section id="${entity}"><h2>${title} <span class="muted">(${records.length})</span></h2><table>
    <tr><th>Id</th>${columns.map(([heading]) => html`<th>${heading}</th>`)}<th>Active</th></tr>
    ${records.map((r) => html`<tr class="${r.body.Active === false ? 'inactive' : ''}"><td>${r.id}</td>${columns.map(([, get]) => html`<td>${get(renderRecord(company, r))}</td>`)}<td>${r.body.Active === false ? 'no' : 'yes'}</td></tr>`)}
  </table></section>`;
}

function nameLists(company: Company): Html {
  const vendors = liveRecords(company.store, 'Vendor').length > 0
    ? listSection(company, 'Vendor', 'Vendors', [['Display name', (b) => b.DisplayName], ['Balance', (b) => money(b.Balance)]])
    : html``;
  const optional = (entity: EntityName, title: string) => (liveRecords(company.store, entity).length > 0
    ? listSection(company, entity, title, [['Name', (b) => b.FullyQualifiedName]])
    : html``);
  return html`
${listSection(company, 'Customer', 'Customers', [['Display name', (b) => b.DisplayName], ['Balance', (b) => money(b.Balance)]])}
${vendors}
${listSection(company, 'Item', 'Products and services', [['Name', (b) => b.FullyQualifiedName], ['Type', (b) => b.Type], ['Income account', (b) => refName(b.IncomeAccountRef)]])}
${listSection(company, 'PaymentMethod', 'Payment methods', [['Name', (b) => b.Name], ['Type', (b) => b.Type]])}
${optional('Class', 'Classes')}
${optional('Department', 'Locations')}
${listSection(company, 'Account', 'Chart of accounts', [['Name', (b) => b.FullyQualifiedName], ['Type', (b) => b.AccountType], ['Detail type', (b) => b.AccountSubType]])}`;
}

function countersLine(company: Company): Html {
  const c = company.counters;
  return html`<p class="muted">Since the simulator started: ${c.requests} requests · ${c.batchRequests} batches (${c.batchItems} items) ·
    ${c.throttled} throttled · highest concurrency ${company.limiter.maxConcurrency()} · peak ${company.limiter.maxPerMinute()} per minute · ${c.writes} writes
    (${c.writesWithoutRequestId} without requestid) · ${c.replays} replays · ${c.serverErrors} injected server errors ·
    ${c.resets} resets · ${c.tokenRefreshes} token refreshes · metered reads
    ${[...company.metering.reads].map(([month, n]) => `${month}: ${n}`).join(', ') || 'none'}</p>`;
}

export function companyPage(company: Company): string {
  const base = `/__sim/companies/${company.realmId}`;
  return page(companyName(company), html`
<section><h1>${companyName(company)}</h1><p class="muted">Realm ${company.realmId}</p>
  <p><a href="#settings">Settings</a> · <a href="#Customer">Lists</a> · <a href="${base}/documents">documents (JSON)</a> ·
     <a href="${base}/preferences">settings (JSON)</a> · <a href="${base}/counters">counters (JSON)</a></p>
  ${countersLine(company)}</section>
${settingsSection(company)}
${documentSections(company)}
${nameLists(company)}`);
}

export function indexPage(companies: Company[]): string {
  const rows = companies.map((c) => {
    const closed = bookCloseDate(c);
    return html`<tr><td><a href="/__sim/companies/${c.realmId}">${companyName(c)}</a></td><td class="muted">${c.realmId}</td>
      <td class="num">${documentCount(c)}</td><td>${closed === undefined ? 'open' : `closed through ${closed}`}</td></tr>`;
  });
  return page('Simulated companies', html`<section><h1>Simulated companies</h1>
  ${companies.length === 0 ? html`<p class="muted">No company yet.</p>` : html`<table>
    <tr><th>Company</th><th>Realm</th><th class="num">Documents</th><th>Books</th></tr>${rows}</table>`}
  <form method="post" action="/__sim/companies" class="inline"><label for="new-company">New company</label>
  <input id="new-company" name="name" value="My Sandbox Company" maxlength="100">
  <button type="submit">Create</button></form></section>`);
}
