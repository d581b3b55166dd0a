/**
 * Carrying a mapping to another company (an operator copies one store's set-up to fifty): the
 * export names every record by name (ids ride along but mean nothing elsewhere); the import
 * resolves each name among the receiving company's own records, of a kind that fits where it is
 * used, and lists what that company lacks, with where it was used.
 */
import { parseMapping } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import { ServiceError } from '../errors.js';
import type { CompanyLists, MappingExport } from './types.js';
import { WHAT, refusal } from './check.js';
import { pruneIncomplete, slotsOf } from './slots.js';

export function exportDocument(mapping: AccountMapping, company: string | null, at: Date): MappingExport {
  return { format: 'tillbooks-mapping', version: 1, exportedAt: at.toISOString(), company, mapping };
}

/** An export, or a bare mapping: its mapping, checked for shape (a ServiceError INVALID naming each field otherwise). */
export function readExport(doc: unknown): AccountMapping {
  const wrapped = doc && typeof doc === 'object' && (doc as { format?: unknown }).format !== undefined;
  if (wrapped) {
    const d = doc as Partial<MappingExport>;
    if (d.format !== 'tillbooks-mapping' || d.version !== 1) {
      throw new ServiceError('INVALID', 'not a tillbooks mapping export (format "tillbooks-mapping", version 1)', [
        { path: 'format', value: String(d.format), message: 'must be "tillbooks-mapping" with version 1' },
      ]);
    }
  }
  const parsed = parseMapping(wrapped ? (doc as MappingExport).mapping : doc);
  if (!parsed.ok) throw new ServiceError('INVALID', `the mapping is not valid: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, parsed.errors);
  return parsed.mapping;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The mapping with this company's ids where a record of the name fits, and what could not be
 * resolved ("categories.Coffee.account: no account "Coffee Sales" in this company (for "Coffee")").
 * What is missing is left out, so its POS name posts to the default until it is mapped.
 */
export function resolveByNames(source: AccountMapping, lists: Omit<CompanyLists, 'readAt'>): { mapping: AccountMapping; missing: string[] } {
  const mapping = structuredClone(source);
  const missing: string[] = [];
  for (const s of slotsOf(mapping)) {
    const named = lists[s.list].filter((r) => sameName(r.name, s.ref.name));
    const fits = named.find((r) => refusal(s, r) === null);
    if (fits) {
      s.set({ id: fits.id, name: fits.name });
      continue;
    }
    missing.push(`${s.path}: ${named.length ? refusal(s, named[0]) : `no ${WHAT[s.list]} "${s.ref.name}" in this company (for "${s.posName}")`}`);
    s.set(null);
  }
  pruneIncomplete(mapping);
  return { mapping, missing };
}


/**
 * A store's Class and Location mean something only for a store of this company: the others'
 * are left out, and listed (a fifty-store operator maps each company's stores on their own).
 */
export function dropOtherStores(mapping: AccountMapping, storesHere: readonly string[]): string[] {
  const here = new Set(storesHere);
  const dropped = Object.keys(mapping.locations).filter((id) => !here.has(id));
  for (const id of dropped) delete mapping.locations[id];
  return dropped.map((id) => `locations.${id}: no location "${id}" uses this company (map this company's stores on their own)`);
}
