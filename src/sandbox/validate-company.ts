/**
 * CompanyInfo and Preferences: one record each, read and (sparse-)updated, never created or
 * deleted. A Preferences update merges into each section, so the switches the simulator acts on
 * (inventory tracking, automated sales tax, custom transaction numbers, discounts, location and
 * class tracking) can be turned on and off by a client, as in QuickBooks' settings.
 */
import type { Body, Stored } from './entity-store.js';
import { withoutSystemFields } from './entity-store.js';
import { fault } from './errors.js';
import type { WriteContext } from './validate-common.js';
import { checkLength, isPlainObject } from './validate-common.js';

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

export function preparePreferences(_ctx: WriteContext, input: Body, existing?: Stored): Body {
  const merged: Body = { ...withoutSystemFields(existing?.body ?? {}) };
  for (const [section, value] of Object.entries(withoutSystemFields(input))) {
    if (!isPlainObject(value)) continue;
    for (const key of BOOLEAN_SWITCHES[section] ?? []) {
      if (value[key] !== undefined && typeof value[key] !== 'boolean') throw fault.invalidValue(`${section}.${key}`, 'a boolean is expected');
    }
    merged[section] = { ...(isPlainObject(merged[section]) ? merged[section] : {}), ...value };
  }
  return merged;
}
