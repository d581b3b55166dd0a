/**
 * The company's own records a POS name can be mapped to: accounts, items, classes, locations
 * (Department) and payment methods, inactive ones included (a mapping to one is refused by
 * name, not as unknown). Read from QuickBooks once and kept in the store: every read is a
 * metered call, and the page, every check and an import all need them. "Refresh" reads again.
 */
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { getCompanyList, saveCompanyList } from '../../store/account-mappings.js';
import type { Db } from '../../store/index.js';
import type { CompanyLists, CompanyRecord } from './types.js';

export const LIST_ENTITIES = { accounts: 'Account', items: 'Item', classes: 'Class', departments: 'Department', paymentMethods: 'PaymentMethod' } as const;
export type ListName = keyof typeof LIST_ENTITIES;
const NAMES = Object.keys(LIST_ENTITIES) as ListName[];

type Row = QboEntity & {
  Id: string; Name?: string; FullyQualifiedName?: string; Active?: boolean; AccountType?: string; AccountSubType?: string; Type?: string;
};

/** A QuickBooks row as the page and the checks see it. Sub-accounts and sub-classes go by their full name ("Sales:Coffee"). */
export function toRecord(entity: string, r: Row): CompanyRecord {
  const type = entity === 'Account' ? r.AccountType ?? 'Account' : entity === 'Item' ? r.Type ?? 'Item' : entity;
  return {
    id: r.Id, name: r.FullyQualifiedName ?? r.Name ?? r.Id, type, active: r.Active !== false,
    ...(entity === 'Account' && r.AccountSubType ? { subtype: r.AccountSubType } : {}),
  };
}

/**
 * The lists as kept, reading from QuickBooks those never read (or all of them on `refresh`).
 * `client` is only called when something must be read.
 */
export async function companyLists(db: Db, connectionId: number, client: () => QboClient, opts: { refresh?: boolean } = {}): Promise<CompanyLists> {
  const kept = await Promise.all(NAMES.map((n) => (opts.refresh ? null : getCompanyList(db, connectionId, LIST_ENTITIES[n]))));
  const out = {} as Record<ListName, CompanyRecord[]>;
  // The page shows when the lists were read: the oldest of them.
  const times: number[] = [];
  for (const [i, name] of NAMES.entries()) {
    const entity = LIST_ENTITIES[name];
    const cached = kept[i];
    if (cached) {
      out[name] = cached.rows as CompanyRecord[];
      times.push(cached.readAt.getTime());
      continue;
    }
    // One list after the other: a company has one limiter, and a list is a page or two.
    const rows = await client().queryAll<Row>(entity, 'Active IN (true, false)');
    out[name] = rows.map((r) => toRecord(entity, r)).sort((a, b) => a.name.localeCompare(b.name));
    await saveCompanyList(db, connectionId, entity, out[name]);
    times.push(Date.now());
  }
  return { ...out, readAt: new Date(Math.min(...times)).toISOString() };
}

/** A record just created ("create for me") added to the kept list, so the page picks it without a refresh. */
export async function rememberRecord(db: Db, connectionId: number, list: ListName, record: CompanyRecord): Promise<void> {
  const kept = await getCompanyList(db, connectionId, LIST_ENTITIES[list]);
  if (!kept) return;
  const rows = (kept.rows as CompanyRecord[]).filter((r) => r.id !== record.id);
  await saveCompanyList(db, connectionId, LIST_ENTITIES[list], [...rows, record].sort((a, b) => a.name.localeCompare(b.name)));
}
