/**
 * Settings changed from outside the API, as a person changes them in QuickBooks' settings
 * screens: the books closing date and the three switches a company is created with. They are
 * written into the Preferences record (new SyncToken and LastUpdatedTime), so a client reading
 * Preferences sees what a person changed, and the rules that read Preferences act on them.
 */
import type { Company } from './company.js';
import { bookCloseDate, prefs } from './company.js';
import { addFeatureAccounts } from './company-defaults.js';
import { applyGroupingChanges, groupingSettings, parseGroupingChange } from './grouping-prefs.js';
import type { Body } from './entity-store.js';
import { findRecord, replaceBody, withoutSystemFields } from './entity-store.js';
import { isIsoDate } from './qbo-time.js';
import type { PreferenceChanges, PreferenceSummary } from './types.js';

const SWITCHES = ['inventoryTracking', 'automatedSalesTax', 'customTxnNumbers'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks changes from outside (an HTTP body, a JavaScript caller); throws a TypeError naming the bad field. */
export function parsePreferenceChanges(input: unknown): PreferenceChanges {
  if (!isRecord(input)) throw new TypeError('preferences must be a JSON object');
  const out: PreferenceChanges = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'BookCloseDate') {
      if (value !== null && !isIsoDate(value)) throw new TypeError('BookCloseDate must be a date (yyyy-MM-dd) or null');
      out.BookCloseDate = value;
    } else if ((SWITCHES as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new TypeError(`${key} must be true or false`);
      out[key as (typeof SWITCHES)[number]] = value;
    } else if (!parseGroupingChange(key, value, out)) {
      throw new TypeError(`unknown preference ${key}`);
    }
  }
  return out;
}

/**
 * The company page's forms: BookCloseDate (empty reopens the books), and the switches form,
 * marked by `switches`, where an unticked checkbox is simply not sent and so means off.
 */
export function preferenceChangesFromForm(fields: Record<string, unknown>): PreferenceChanges {
  const out: Record<string, unknown> = {};
  if (typeof fields.BookCloseDate === 'string') out.BookCloseDate = fields.BookCloseDate.trim() === '' ? null : fields.BookCloseDate.trim();
  if (fields.switches !== undefined) for (const key of SWITCHES) out[key] = fields[key] === 'on';
  // The tracking form: its selects always send a value; its checkbox, unticked, is not sent.
  if (fields.tracking !== undefined) {
    out.trackDepartments = fields.trackDepartments === 'on';
    if (typeof fields.classTracking === 'string') out.classTracking = fields.classTracking;
    if (typeof fields.departmentTerminology === 'string') out.departmentTerminology = fields.departmentTerminology;
  }
  return parsePreferenceChanges(out);
}

function section(body: Body, name: string): Body {
  return { ...(isRecord(body[name]) ? body[name] : {}) };
}

function changedBody(current: Body, changes: PreferenceChanges): Body {
  const body = withoutSystemFields(current);
  const accounting = section(body, 'AccountingInfoPrefs');
  if (changes.BookCloseDate === null) delete accounting.BookCloseDate;
  else if (changes.BookCloseDate !== undefined) accounting.BookCloseDate = changes.BookCloseDate;
  applyGroupingChanges(accounting, changes);
  const products = section(body, 'ProductAndServicesPrefs');
  if (changes.inventoryTracking !== undefined) products.QuantityOnHand = changes.inventoryTracking;
  const tax = section(body, 'TaxPrefs');
  if (changes.automatedSalesTax !== undefined) Object.assign(tax, { UsingSalesTax: changes.automatedSalesTax, PartnerTaxEnabled: changes.automatedSalesTax });
  const forms = section(body, 'SalesFormsPrefs');
  if (changes.customTxnNumbers !== undefined) forms.CustomTxnNumbers = changes.customTxnNumbers;
  return { ...body, AccountingInfoPrefs: accounting, ProductAndServicesPrefs: products, TaxPrefs: tax, SalesFormsPrefs: forms };
}

export function preferenceSummary(company: Company): PreferenceSummary {
  return {
    BookCloseDate: bookCloseDate(company) ?? null,
    inventoryTracking: prefs.inventoryTracking(company),
    automatedSalesTax: prefs.automatedSalesTax(company),
    customTxnNumbers: prefs.customTxnNumbers(company),
    ...groupingSettings(company, section(findRecord(company.store, 'Preferences', '1')?.body ?? {}, 'AccountingInfoPrefs')),
  };
}

/** Applies the changes; an empty change leaves the record (and its SyncToken) as it is. */
export function applyPreferenceChanges(company: Company, changes: PreferenceChanges, nowMs: number): PreferenceSummary {
  const record = findRecord(company.store, 'Preferences', '1');
  if (!record) throw new Error(`company ${company.realmId} has no Preferences record`);
  const body = changedBody(record.body, changes);
  if (JSON.stringify(body) !== JSON.stringify(withoutSystemFields(record.body))) {
    replaceBody(record, body, nowMs);
    addFeatureAccounts(company.store, record.body, nowMs);
  }
  return preferenceSummary(company);
}
