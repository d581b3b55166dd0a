/**
 * The MappingService (types.ts) over the store and QuickBooks: the one path the back office,
 * the JSON API and the CLI take to read, check, save, export and import a connection's mapping.
 * A mapping is checked against the company's lists before it is saved; where the check finds a
 * record the kept lists do not know, the lists are read again once (someone may have just made
 * it in QuickBooks) before the mapping is refused.
 */
import { DATE_RANGE_TEXT, isDateInRange } from '../../domain/business-date.js';
import { parseMapping } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import { getMapping, saveMapping, StaleMappingError } from '../../store/account-mappings.js';
import { listLocations } from '../../store/locations.js';
import { getConnection } from '../../store/qbo-connections.js';
import type { Connection } from '../../store/qbo-connections.js';
import { clientFor } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { readSetup } from '../setup/stored-setup.js';
import { applyToPosted, previewApply } from './apply.js';
import { checkKeys, checkMapping } from './check.js';
import { companyLists, rememberRecord } from './company-lists.js';
import { createTarget } from './create-target.js';
import { dropOtherStores, exportDocument, readExport, resolveByNames } from './export-import.js';
import { posNamesSeen } from './names-seen.js';
import type { CompanyLists, MappingService, MappingView } from './types.js';

export interface MappingServiceHooks {
  /** A run was queued (apply to what is posted): wake the worker. */
  kick?: () => void;
}

export function makeMappingService(deps: SyncDeps, hooks: MappingServiceHooks = {}): MappingService {
  const db = deps.database.db;
  const connection = async (tenantId: string, connectionId: number): Promise<Connection> => {
    const found = await getConnection(db, tenantId, connectionId);
    if (!found) throw notFound(`connection ${connectionId}`);
    return found;
  };
  const lists = async (c: Connection, refresh = false): Promise<CompanyLists> => companyLists(db, c.id, () => clientFor(deps, c), { refresh });

  const storesOf = async (c: Connection) => (await listLocations(db, c.tenantId)).filter((l) => l.connectionId === c.id).map((l) => l.id);

  /** The check's refusals, reading the lists again once if a record was unknown to them. */
  const check = async (c: Connection, mapping: AccountMapping) => {
    const errors = checkMapping(mapping, await lists(c));
    return errors.some((e) => e.message.startsWith('there is no ')) ? checkMapping(mapping, await lists(c, true)) : errors;
  };

  const service: MappingService = {
    mapping: async (tenantId, connectionId) => mappingView(db, await connection(tenantId, connectionId)),

    async saveMapping(tenantId, connectionId, input, opts) {
      const c = await connection(tenantId, connectionId);
      const parsed = parseMapping(input);
      if (!parsed.ok) return { ok: false, errors: parsed.errors };
      const keys = checkKeys(parsed.mapping, await storesOf(c));
      const errors = keys.length > 0 ? keys : await check(c, parsed.mapping);
      if (errors.length > 0) return { ok: false, errors };
      return { ok: true, revision: await save(tenantId, c.id, parsed.mapping, opts) };
    },

    posNamesSeen: async (tenantId, connectionId, opts = {}) => posNamesSeen(deps, await connection(tenantId, connectionId), opts.days ?? 30),

    companyLists: async (tenantId, connectionId, opts = {}) => lists(await connection(tenantId, connectionId), opts.refresh ?? false),

    async createTarget(tenantId, connectionId, request) {
      const c = await connection(tenantId, connectionId);
      const made = await createTarget(clientFor(deps, c), request);
      await rememberRecord(db, c.id, made.list, made.record);
      return made.ref;
    },

    async exportMapping(tenantId, connectionId) {
      const c = await connection(tenantId, connectionId);
      return exportDocument((await getMapping(db, tenantId, c.id)).mapping, c.companyName, new Date(deps.clock.now()));
    },

    importMapping: async (tenantId, connectionId, doc, opts) => importInto(db, await connection(tenantId, connectionId), doc, opts, {
      lists, storesOf, save: (mapping, expectedRevision) => service.saveMapping(tenantId, connectionId, mapping, { expectedRevision, by: opts.by }),
    }),

    async previewApply(tenantId, connectionId, range) {
      checkRange(range);
      return previewApply(deps, tenantId, (await connection(tenantId, connectionId)).id, range);
    },

    async applyToPosted(tenantId, connectionId, range) {
      checkRange(range);
      const result = await applyToPosted(deps, tenantId, (await connection(tenantId, connectionId)).id, range);
      if (result.runId !== null) hooks.kick?.();
      return result;
    },
  };

  async function save(tenantId: string, connectionId: number, mapping: AccountMapping, opts: { expectedRevision: number; by: string | null }) {
    try {
      return await saveMapping(db, tenantId, connectionId, mapping, opts);
    } catch (err) {
      if (err instanceof StaleMappingError) throw new ServiceError('STALE', err.message, { revision: err.current });
      throw err;
    }
  }
  return service;
}

async function mappingView(db: SyncDeps['database']['db'], c: Connection): Promise<MappingView> {
  const stored = await getMapping(db, c.tenantId, c.id);
  const setup = readSetup(c)?.setup;
  return {
    connectionId: c.id, mapping: stored.mapping, revision: stored.revision, updatedAt: stored.updatedAt?.toISOString() ?? null,
    updatedBy: stored.updatedBy, features: { classTracking: setup?.classTracking ?? 'off', departmentTracking: setup?.departmentTracking ?? false },
  };
}

interface ImportTools {
  lists: (c: Connection, refresh?: boolean) => Promise<CompanyLists>;
  storesOf: (c: Connection) => Promise<string[]>;
  save: (mapping: AccountMapping, expectedRevision: number) => ReturnType<MappingService['saveMapping']>;
}

/** Names resolved in this company (its lists read fresh: an import is a one-off, often into a company just set up). */
async function importInto(db: SyncDeps['database']['db'], c: Connection, doc: unknown, opts: Parameters<MappingService['importMapping']>[3],
  tools: ImportTools): ReturnType<MappingService['importMapping']> {
  const source = readExport(doc);
  const { mapping, missing } = resolveByNames(source, await tools.lists(c, true));
  missing.push(...dropOtherStores(mapping, await tools.storesOf(c)));
  const save = opts.save && (missing.length === 0 || opts.allowMissing === true);
  if (!save) return { mapping, missing, revision: null };
  const current = opts.expectedRevision ?? (await getMapping(db, c.tenantId, c.id)).revision;
  const saved = await tools.save(mapping, current);
  if (!saved.ok) throw invalid(saved.errors);
  return { mapping, missing, revision: saved.revision };
}

function checkRange(range: { from: string; to: string }): void {
  const bad = (['from', 'to'] as const).filter((k) => !isDateInRange(range[k]))
    .map((k) => ({ path: k, value: String(range[k]), message: `must be a date YYYY-MM-DD from ${DATE_RANGE_TEXT}` }));
  if (bad.length === 0 && range.from > range.to) bad.push({ path: 'to', value: range.to, message: `is before from (${range.from})` });
  if (bad.length > 0) throw new ServiceError('INVALID', `the date range is not valid: ${bad.map((e) => `${e.path} "${e.value}" ${e.message}`).join('; ')}`, bad);
}

function invalid(errors: { path: string; message: string }[]): ServiceError {
  return new ServiceError('INVALID', `the mapping is not valid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors);
}
