/**
 * Finding a QuickBooks record by name before creating it (posting-rules §1): names compare
 * without regard to case, inactive records included (an inactive one of the same kind is made
 * active again, wherever it posts). A name held by a record of another kind moves on to the
 * next candidate name (" (POS)"). Every step is written into the Initialize report.
 */
import { randomUUID } from 'node:crypto';
import { isQboError } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { NAME_SUFFIX, refValue, sameName } from './setup-records.js';
import type { InitializeRecord, InitializeReport } from './stored-setup.js';

export type ActiveRecord = QboEntity & { Id: string; SyncToken: string; Name?: string; DisplayName?: string; Active?: boolean };
type ListEntity = 'Account' | 'Item' | 'PaymentMethod';

export interface FindContext {
  client: QboClient;
  /** Makes this pass's requestids its own (a retried create replays, a later pass creates anew). */
  nonce: string;
  records: InitializeRecord[];
  notes: string[];
  /** Each list is read once per pass (they are metered reads) and kept up to date as records are made. */
  list(entity: ListEntity): Promise<ActiveRecord[]>;
}

export function makeFindContext(client: QboClient, report: Pick<InitializeReport, 'records' | 'notes'>): FindContext {
  const lists = new Map<ListEntity, Promise<ActiveRecord[]>>();
  return {
    client, nonce: randomUUID(), records: report.records, notes: report.notes,
    list(entity) {
      let list = lists.get(entity);
      if (!list) lists.set(entity, (list = client.queryAll<ActiveRecord>(entity, 'Active IN (true, false)')));
      return list;
    },
  };
}

export interface FindSpec {
  /** What it is for us, as the report shows it ("Tips", "Discount: Happy hour"). */
  record: string;
  entity: ListEntity;
  /** The names to try, best first; the suffixed one is added after the last. */
  names: string[];
  /** A record of the kind we want holds the name: we use it. */
  sameKind: (r: ActiveRecord) => boolean;
  /** For a record we use: how it differs from what we would have made (a note in the report), or null. */
  differs?: (r: ActiveRecord) => string | null;
  create: (name: string) => Record<string, unknown>;
}

export async function findOrCreate(ctx: FindContext, spec: FindSpec): Promise<string> {
  const list = await ctx.list(spec.entity);
  const names = [...spec.names, `${spec.names[spec.names.length - 1]}${NAME_SUFFIX}`];
  for (const name of names) {
    const holder = list.find((r) => sameName(r.Name, name));
    if (holder && !spec.sameKind(holder)) {
      if (name === spec.names[0]) ctx.notes.push(`"${name}" is already a ${spec.entity.toLowerCase()} of another kind in QuickBooks; tillbooks uses another name for ${spec.record}.`);
      continue;
    }
    if (holder) return use(ctx, spec, holder);
    const created = await createOrAdopt(ctx, list, spec, name);
    if (created === 'taken') continue;
    if (created.adopted) return use(ctx, spec, created.record);
    ctx.records.push({ record: spec.record, entity: spec.entity, name, id: created.record.Id, action: 'created' });
    return created.record.Id;
  }
  throw new Error(`${names.map((n) => `"${n}"`).join(', ')} are all taken in QuickBooks by records of another kind: rename one of them`);
}

/**
 * Creates the record; if QuickBooks answers 6240 (the name is taken), someone created it since
 * the list was read (another run of the company, a person): the record holding the name is read
 * and adopted when it is of our kind, instead of failing every ticket (quickbooks-facts §10).
 */
async function createOrAdopt(ctx: FindContext, list: ActiveRecord[], spec: FindSpec, name: string): Promise<{ record: ActiveRecord; adopted: boolean } | 'taken'> {
  try {
    const record = await ctx.client.create<ActiveRecord>(spec.entity, spec.create(name), { key: `init:${ctx.nonce}:${spec.entity}:${name}` });
    list.push(record);
    return { record, adopted: false };
  } catch (err) {
    if (!(isQboError(err) && err.qboCode === '6240')) throw err;
    const fresh = await ctx.client.queryAll<ActiveRecord>(spec.entity, 'Active IN (true, false)');
    const holder = fresh.find((r) => sameName(r.Name, name));
    if (!holder) throw err;
    list.push(holder);
    return spec.sameKind(holder) ? { record: holder, adopted: true } : 'taken';
  }
}

/** Uses a record found by name: made active again if it was not, and reported either way. */
export async function use(ctx: FindContext, spec: { record: string; entity: InitializeRecord['entity']; differs?: FindSpec['differs'] },
  holder: ActiveRecord): Promise<string> {
  const name = String(holder.Name ?? holder.DisplayName ?? spec.record);
  const differs = spec.differs?.(holder) ?? null;
  if (holder.Active === false) {
    await ctx.client.sparseUpdate(spec.entity, { Id: holder.Id, SyncToken: holder.SyncToken, Active: true }, { key: `init:${ctx.nonce}:reactivate:${spec.entity}:${holder.Id}` });
    holder.Active = true;
    ctx.records.push({ record: spec.record, entity: spec.entity, name, id: holder.Id, action: 'reactivated', note: ['it was inactive', differs].filter(Boolean).join('; ') });
  } else {
    ctx.records.push({ record: spec.record, entity: spec.entity, name, id: holder.Id, action: 'found', ...(differs && { note: differs }) });
  }
  return holder.Id;
}

/** A Service item on `incomeAccount`: an existing Service item of the name is used wherever it posts, and the report says where. */
export function serviceItemSpec(record: string, names: string[], incomeAccount: { id: string; name: string }): FindSpec {
  return {
    record, entity: 'Item', names,
    sameKind: (i) => i.Type === 'Service',
    differs: (i) => (refValue(i.IncomeAccountRef) === incomeAccount.id ? null
      : `it posts to another account than ${incomeAccount.name}; tillbooks leaves it so (map ${record} to an account to send it elsewhere)`),
    create: (n) => ({ Name: n, Type: 'Service', IncomeAccountRef: { value: incomeAccount.id } }),
  };
}
