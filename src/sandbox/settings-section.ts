/**
 * The company page's settings, with the forms a person (or a browser test standing in for one)
 * uses to close and reopen the books and to switch the company's features, as in QuickBooks'
 * Settings → Advanced. The forms post to /__sim/companies/{realm}/preferences and come back here.
 */
import type { Company } from './company.js';
import { preferenceSummary } from './company-preferences.js';
import { CLASS_TRACKING, DEPARTMENT_TERMS } from './grouping-prefs.js';
import type { Html } from './html.js';
import { html } from './html.js';

function checkbox(name: string, label: string, on: boolean): Html {
  return html`<label><input type="checkbox" name="${name}" ${on ? html`checked` : ''}> ${label}</label>`;
}

const CLASS_LABELS: Record<string, string> = { off: 'Off', perTxn: 'One to entire transaction', perLine: 'One to each row (line)' };

function select(name: string, label: string, options: readonly string[], current: string, text: (o: string) => string = (o) => o): Html {
  return html`<label>${label} <select name="${name}">
    ${options.map((o) => html`<option value="${o}" ${o === current ? html`selected` : ''}>${text(o)}</option>`)}</select></label>`;
}

/** Class and location tracking (Settings → Advanced → Categories in QuickBooks). */
function trackingForm(action: string, s: ReturnType<typeof preferenceSummary>): Html {
  return html`<form method="post" action="${action}"><input type="hidden" name="tracking" value="on">
    ${checkbox('trackDepartments', 'Track locations', s.trackDepartments)}
    ${select('departmentTerminology', 'Location label', DEPARTMENT_TERMS, s.departmentTerminology)}
    ${select('classTracking', 'Track classes', CLASS_TRACKING, s.classTracking, (o) => CLASS_LABELS[o] ?? o)}
    <button type="submit" class="secondary">Update tracking</button>
  </form>`;
}

export function settingsSection(company: Company): Html {
  const s = preferenceSummary(company);
  const action = `/__sim/companies/${company.realmId}/preferences`;
  const books = s.BookCloseDate === null
    ? html`<p>The books are <strong>open</strong>: no closing date.</p>`
    : html`<p class="closed">The books are <strong>closed through ${s.BookCloseDate}</strong>: transactions dated on or before it
        can be neither created nor changed, voided or deleted (QuickBooks answers 6210 Account Period Closed).</p>`;
  return html`<section id="settings"><h2>Settings</h2>${books}
  <form method="post" action="${action}" class="inline">
    <label for="book-close-date">Close the books through</label>
    <input type="date" id="book-close-date" name="BookCloseDate" value="${s.BookCloseDate ?? ''}" required>
    <button type="submit">Save</button>
  </form>
  ${s.BookCloseDate === null ? '' : html`<form method="post" action="${action}" class="inline">
    <input type="hidden" name="BookCloseDate" value=""><button type="submit" class="secondary">Reopen</button>
  </form>`}
  <form method="post" action="${action}"><input type="hidden" name="switches" value="on">
    ${checkbox('inventoryTracking', 'Track inventory quantity on hand', s.inventoryTracking)}
    ${checkbox('automatedSalesTax', 'Automated sales tax', s.automatedSalesTax)}
    ${checkbox('customTxnNumbers', 'Custom transaction numbers (the company numbers its own sales forms)', s.customTxnNumbers)}
    <button type="submit" class="secondary">Update settings</button>
  </form>
  ${trackingForm(action, s)}</section>`;
}
