/**
 * A QuickBooks client for a dry run: reads go to QuickBooks as they would in a run; every write
 * (create, update, void, delete, a batch with writes) is kept here and never sent, answered
 * with a stand-in record so the code that would write (Initialize, the set-up records tickets
 * need) carries on and says what it would have made.
 */
import type { BatchOp, BatchResult, QboClient, QboEntity } from '../../qbo/index.js';

export interface HeldWrite {
  operation: string;
  entity: string;
  name: string | null;
}

export interface ReadOnlyClient extends QboClient {
  /** The writes asked for, in order (none of them was sent). */
  readonly held: HeldWrite[];
}

/** Stand-in ids say what they are wherever they show up: never a QuickBooks id. */
export const DRY_RUN_ID = 'dry-run:';

export function readOnlyClient(client: QboClient): ReadOnlyClient {
  const held: HeldWrite[] = [];
  const hold = <T>(operation: string, entity: string, body: Record<string, unknown>): T => {
    const name = typeof body.Name === 'string' ? body.Name : typeof body.DisplayName === 'string' ? body.DisplayName : null;
    held.push({ operation, entity, name });
    return { ...body, Id: typeof body.Id === 'string' ? body.Id : `${DRY_RUN_ID}${held.length}`, SyncToken: '0', Active: true } as T;
  };
  return {
    realmId: client.realmId,
    held,
    create: async <T extends QboEntity>(entity: string, body: Record<string, unknown>) => hold<T>('create', entity, body),
    update: async <T extends QboEntity>(entity: string, body: Record<string, unknown>) => hold<T>('update', entity, body),
    sparseUpdate: async <T extends QboEntity>(entity: string, body: Record<string, unknown>) => hold<T>('update', entity, body),
    delete: async (entity, ref) => hold<QboEntity>('delete', entity, { Id: ref.Id }),
    void: async <T extends QboEntity>(entity: string, ref: { Id: string }) => hold<T>('void', entity, { Id: ref.Id }),
    read: (entity, id) => client.read(entity, id),
    query: (statement) => client.query(statement),
    report: (name, params) => client.report(name, params),
    cdc: (entities, changedSince) => client.cdc(entities, changedSince),
    queryAll: (entity, where, opts) => client.queryAll(entity, where, opts),
    findByName: (entity, name, opts) => client.findByName(entity, name, opts),
    async batch<T = QboEntity>(ops: readonly BatchOp[]): Promise<BatchResult<T>[]> {
      if (ops.every((op) => op.operation === 'query')) return client.batch<T>(ops);
      return ops.map((op) => (op.operation === 'query'
        ? { ok: false as const, error: new Error('a dry run does not mix reads into a batch of writes') as never }
        : { ok: true as const, entity: hold<T>(op.operation, op.entity, op.body) }));
    },
    writeOne: async <T = QboEntity>(op: Extract<BatchOp, { key: string }>) => ({ ok: true as const, entity: hold<T>(op.operation, op.entity, op.body) }),
    // Nothing is sent, so nothing is journalled ahead.
    reserveWrites: async () => [],
    releaseUnsent: async () => {},
    // Nothing is sent, so nothing waits: a dry run never chooses plain requests over batches.
    pace: { admitsBatch: () => true, admitsPlain: () => false, lenient: () => false, changed: () => client.pace.changed() },
    requests: () => client.requests(),
  } as ReadOnlyClient;
}
