/**
 * A day's next writes from its facts and its target (summary-rules §4): create a document the
 * day lacks, update in place one whose content changed (with the SyncToken the facts hold:
 * a stale one means someone changed it in QuickBooks), delete one no longer needed. Never a
 * second document of a kind: a kind with a live document is only ever updated or deleted.
 */
import { DAY_DOC_ENTITY } from '../../domain/day-docs.js';
import type { DayDocKind, DayDocRef } from '../../domain/day-docs.js';
import { ALLOW_DUPLICATE_DOC_NUMBERS } from '../../qbo/index.js';
import type { BatchOp } from '../../qbo/index.js';
import { dayWriteKey } from './keys.js';
import { contentHash, keysOf, kinds } from './work-day.js';
import type { DocBody, WorkDay } from './work-day.js';

export type DayOp =
  | { w: WorkDay; kind: DayDocKind; action: 'create'; body: DocBody; hash: string }
  | { w: WorkDay; kind: DayDocKind; action: 'update'; body: DocBody; hash: string; ref: DayDocRef }
  | { w: WorkDay; kind: DayDocKind; action: 'delete'; ref: DayDocRef };

/** The planned fingerprint of a delete (a look-up that finds the document gone knows it was ours). */
export const DELETED = 'deleted';

export function planDay(w: WorkDay): DayOp[] {
  if (!w.target) return [];
  const ops: DayOp[] = [];
  for (const kind of kinds()) {
    const body = w.target.bodies[kind];
    const ref = w.docs[kind];
    if (body) {
      const hash = contentHash(body);
      if (!ref) ops.push({ w, kind, action: 'create', body, hash });
      // Repost: the accountant's version is replaced even where ours did not change.
      else if (ref.hash !== hash || w.day.reread) ops.push({ w, kind, action: 'update', body, hash, ref });
    } else if (ref) {
      ops.push({ w, kind, action: 'delete', ref });
    }
  }
  return ops;
}

export function toDayBatchOp(tenantId: string, op: DayOp): BatchOp {
  const entity = DAY_DOC_ENTITY[op.kind];
  const k = keysOf(tenantId, op.w);
  switch (op.action) {
    case 'create':
      // A voided document keeps its DocNumber: the repost's new one shares it (look-up.ts).
      return { operation: 'create', entity, body: { ...op.body }, key: dayWriteKey(k, `create:${op.kind}`), include: ALLOW_DUPLICATE_DOC_NUMBERS };
    case 'update':
      return { operation: 'sparseUpdate', entity, body: { ...op.body, Id: op.ref.id, SyncToken: op.ref.syncToken },
        key: dayWriteKey(k, `update:${op.kind}:${op.ref.id}:st${op.ref.syncToken}`) };
    case 'delete':
      return { operation: 'delete', entity, body: { Id: op.ref.id, SyncToken: op.ref.syncToken },
        key: dayWriteKey(k, `delete:${op.kind}:${op.ref.id}:st${op.ref.syncToken}`) };
  }
}
