/**
 * CompanyInfo and Preferences: one record each, read and (sparse-)updated, never created or
 * deleted. A Preferences update merges into each section, so the switches the simulator acts on
 * (inventory tracking, automated sales tax, custom transaction numbers, discounts, location and
 * class tracking, the books closing date) can be turned on and off by a client, as in
 * QuickBooks' settings.
 */
import type { Body, Stored } from './entity-store.js';
import { withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import { checkAccountingPrefs } from './grouping-prefs.js';
import type { WriteContext } from './validate-common.js';
import { checkDate, checkLength, isPlainObject } from './validate-common.js';

export function prepareCompanyInfo(_ctx: WriteContext, input: Body): Body {
  const name = input.CompanyName;
  if (typeof name !== 'string' || name.trim() === '') throw fault.required('CompanyName');
  checkLength(name, 'CompanyName', 1024);
  return withoutSystemFields(input);
}

const BOOLEAN_SWITCHES: Record<string, string[]> = {
  ProductAndServicesPrefs: ['QuantityOnHand', 'ForSales', 'ForPurchase', 'QuantityWithPriceAndRate'],
  SalesFormsPrefs: ['CustomTxnNumbers', 'AllowDiscount', 'AllowDeposit', 'AllowShipping'],
  TaxPrefs: ['UsingSalesTax', 'PartnerTaxEnabled'],
  AccountingInfoPrefs: ['TrackDepartments', 'ClassTrackingPerTxn', 'ClassTrackingPerTxnLine'],
};

/**
 * AccountingInfoPrefs.BookCloseDate: a date sets the closing date, null clears it (reopens the
 * books). Whether Intuit accepts it on a Preferences update is UNCONFIRMED; the simulator does,
 * so a test can close the books the way a person does in QuickBooks' settings.
 */
function mergeBookCloseDate(section: Body, sent: Body): void {
  if (!('BookCloseDate' in sent)) return;
  const value = sent.BookCloseDate;
  if (value === null) delete section.BookCloseDate;
  else section.BookCloseDate = checkDate(value, 'AccountingInfoPrefs.BookCloseDate');
}

export function preparePreferences(_ctx: WriteContext, input: Body, existing?: Stored): Body {
  const merged: Body = { ...withoutSystemFields(existing?.body ?? {}) };
  for (const [section, value] of Object.entries(withoutSystemFields(input))) {
    if (!isPlainObject(value)) continue;
    for (const key of BOOLEAN_SWITCHES[section] ?? []) {
      if (value[key] !== undefined && typeof value[key] !== 'boolean') throw fault.invalidValue(`${section}.${key}`, 'a boolean is expected');
    }
    const next: Body = { ...(isPlainObject(merged[section]) ? merged[section] : {}), ...value };
    if (section === 'AccountingInfoPrefs') {
      mergeBookCloseDate(next, value);
      checkAccountingPrefs(next);
    }
    merged[section] = next;
  }
  return merged;
}
