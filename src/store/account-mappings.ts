/**
 * The accountant's mapping of each QuickBooks connection, and the company lists it is checked
 * against (as last read from QuickBooks). The mapping is read back through the domain's schema:
 * a stored document this version cannot read is reported, never half-used.
 */
import { emptyMapping, parseMapping } from '../domain/account-mapping.js';
import type { AccountMapping } from '../domain/account-mapping.js';
import type { Db } from './db.js';

export interface StoredMapping {
  mapping: AccountMapping;
  /** 0 when nothing was ever saved (the defaults). */
  revision: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export class StaleMappingError extends Error {
  constructor(readonly current: number) {
    super(`the mapping was saved by someone else meanwhile (revision ${current}); reload it and apply your change again`);
    this.name = 'StaleMappingError';
  }
}

export async function getMapping(db: Db, tenantId: string, connectionId: number): Promise<StoredMapping> {
  const row = await db.selectFrom('account_mappings').select(['mapping', 'revision', 'updated_at', 'updated_by'])
    .where('tenant_id', '=', tenantId).where('connection_id', '=', connectionId).executeTakeFirst();
  if (!row) return { mapping: emptyMapping(), revision: 0, updatedAt: null, updatedBy: null };
  const parsed = parseMapping(row.mapping);
  if (!parsed.ok) throw new Error(`the stored mapping of connection ${connectionId} cannot be read: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return { mapping: parsed.mapping, revision: row.revision, updatedAt: row.updated_at, updatedBy: row.updated_by };
}

/**
 * Saves a checked mapping if the stored revision is still `expectedRevision` (0: none saved
 * yet); returns the new revision, or throws StaleMappingError.
 */
export async function saveMapping(db: Db, tenantId: string, connectionId: number, mapping: AccountMapping,
  opts: { expectedRevision: number; by: string | null }): Promise<number> {
  // The facade checks a mapping against the company before it gets here; this only guards the shape.
  const parsed = parseMapping(mapping);
  if (!parsed.ok) throw new Error(`not a mapping: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  const json = JSON.stringify(parsed.mapping);
  const saved = await db.transaction().execute(async (trx) => {
    const row = opts.expectedRevision === 0
      ? await trx.insertInto('account_mappings')
        .values({ tenant_id: tenantId, connection_id: connectionId, mapping: json, updated_by: opts.by })
        .onConflict((oc) => oc.columns(['tenant_id', 'connection_id']).doNothing())
        .returning('revision').executeTakeFirst()
      : await trx.updateTable('account_mappings')
        .set((eb) => ({ mapping: json, revision: eb('revision', '+', 1), updated_at: new Date(), updated_by: opts.by }))
        .where('tenant_id', '=', tenantId).where('connection_id', '=', connectionId).where('revision', '=', opts.expectedRevision)
        .returning('revision').executeTakeFirst();
    if (row) {
      await trx.insertInto('account_mapping_revisions')
        .values({ tenant_id: tenantId, connection_id: connectionId, revision: row.revision, mapping: json, saved_by: opts.by }).execute();
    }
    return row?.revision ?? null;
  });
  if (saved !== null) return saved;
  throw new StaleMappingError((await getMapping(db, tenantId, connectionId)).revision);
}

/** The mapping as it was at a revision (0, or one never saved: the defaults). */
export async function mappingAtRevision(db: Db, tenantId: string, connectionId: number, revision: number): Promise<AccountMapping> {
  if (revision === 0) return emptyMapping();
  const row = await db.selectFrom('account_mapping_revisions').select('mapping')
    .where('tenant_id', '=', tenantId).where('connection_id', '=', connectionId).where('revision', '=', revision).executeTakeFirst();
  const parsed = row ? parseMapping(row.mapping) : null;
  if (!parsed?.ok) throw new Error(`revision ${revision} of the mapping of connection ${connectionId} cannot be read`);
  return parsed.mapping;
}

/** A company list (Account, Item, Class, Department, PaymentMethod) as last read, or null. */
export async function getCompanyList(db: Db, connectionId: number, entity: string): Promise<{ rows: unknown[]; readAt: Date } | null> {
  const row = await db.selectFrom('qbo_lists').select(['rows', 'read_at'])
    .where('connection_id', '=', connectionId).where('entity', '=', entity).executeTakeFirst();
  return row ? { rows: Array.isArray(row.rows) ? row.rows : [], readAt: row.read_at } : null;
}

export async function saveCompanyList(db: Db, connectionId: number, entity: string, rows: readonly unknown[]): Promise<void> {
  await db.insertInto('qbo_lists').values({ connection_id: connectionId, entity, rows: JSON.stringify(rows) })
    .onConflict((oc) => oc.columns(['connection_id', 'entity']).doUpdateSet({ rows: JSON.stringify(rows), read_at: new Date() }))
    .execute();
}
