/**
 * A mapping checked against the company's own records (docs/mapping.md): each record it names
 * must exist, be active, and be of a kind that can hold what the POS name posts (an income
 * account for a category, a liability for gift card sales...). Each refusal names the POS name,
 * the record and why, at the field it came from. The same check runs for the page, the API,
 * the CLI and an import.
 */
import { isStandardMethodKey } from '../../domain/account-mapping.js';
import type { AccountMapping, MappingFieldError } from '../../domain/account-mapping.js';
import { PAYMENT_METHODS } from '../../domain/ticket.js';
import type { CompanyLists, CompanyRecord } from './types.js';
import type { ListName } from './company-lists.js';
import { slotsOf } from './slots.js';
import type { Slot } from './slots.js';

/** Each list's record in words. */
export const WHAT: Record<ListName, string> = { accounts: 'account', items: 'item', classes: 'class', departments: 'location', paymentMethods: 'payment method' };

export function checkMapping(mapping: AccountMapping, lists: Omit<CompanyLists, 'readAt'>): MappingFieldError[] {
  const byId = new Map<ListName, Map<string, CompanyRecord>>();
  for (const name of Object.keys(WHAT) as ListName[]) byId.set(name, new Map(lists[name].map((r) => [r.id, r])));
  const errors: MappingFieldError[] = [];
  for (const s of slotsOf(mapping)) {
    const why = refusal(s, byId.get(s.list)!.get(s.ref.id));
    if (why) errors.push({ path: s.path, value: s.ref.name, message: why });
  }
  return errors;
}

/** Why this record cannot stand in this slot, in words, or null. */
export function refusal(s: Slot, record: CompanyRecord | undefined): string | null {
  const what = WHAT[s.list];
  const forName = `(mapped for "${s.posName}")`;
  if (!record) return `there is no ${what} "${s.ref.name}" (id ${s.ref.id}) in QuickBooks ${forName}: pick one of the company's own, or refresh the lists`;
  if (!record.active) return `the ${what} "${record.name}" is inactive in QuickBooks ${forName}: make it active again, or pick another`;
  if (s.types && !s.types.includes(record.type)) {
    return `the ${what} "${record.name}" is of the type ${record.type} ${forName}; ${s.purpose} needs ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} of type ${s.types.join(' or ')}`;
  }
  return null;
}


/**
 * What the shape allows but nothing would ever match: a tender key that is neither a method nor
 * a custom label, a store that is not one of this company's. Left in, they would do nothing,
 * silently.
 */
export function checkKeys(mapping: AccountMapping, storesHere: readonly string[]): MappingFieldError[] {
  const errors: MappingFieldError[] = [];
  const methods = [mapping.methods, ...Object.values(mapping.locations).map((l) => l.overrides?.methods ?? {})];
  const paths = ['methods', ...Object.keys(mapping.locations).map((id) => `locations.${id}.overrides.methods`)];
  methods.forEach((section, i) => {
    for (const key of Object.keys(section)) {
      if (isStandardMethodKey(key) || /^label:\S/.test(key)) continue;
      errors.push({ path: `${paths[i]}.${key}`, value: key, message: `a tender is one of ${PAYMENT_METHODS.join(', ')}, or label:<the POS's custom label>` });
    }
  });
  const here = new Set(storesHere);
  for (const id of Object.keys(mapping.locations)) {
    if (!here.has(id)) errors.push({ path: `locations.${id}`, value: id, message: `no location "${id}" uses this QuickBooks company` });
  }
  return errors;
}
