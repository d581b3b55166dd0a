/**
 * The daily Change Data Capture read, the backstop for webhooks that never came (Intuit advises
 * one a day: docs/quickbooks-facts.md §14): one request for every entity we post, changes since the
 * connection's cursor. What it finds is stored as changes with the cursor moved to the read's
 * time in one transaction, and the rows it brought are the documents' reads (not asked again).
 */
import { isQboError } from '../../qbo/index.js';
import type { CdcAnswer, QboEntity } from '../../qbo/index.js';
import { getCdcCursor, storeCdcRead } from '../../store/qbo-changes.js';
import type { NewChange } from '../../store/qbo-changes.js';
import type { DriftContext } from './check.js';
import type { ReadDoc } from './judge.js';

/** Every entity the sync posts, for tickets and for summary days. */
export const CDC_ENTITIES = ['Invoice', 'Payment', 'SalesReceipt', 'RefundReceipt', 'JournalEntry', 'Deposit'] as const;
export const CDC_EVERY_MS = 24 * 3_600_000;
/** QuickBooks looks back 30 days at most (CDC); a cursor older than that reads from just inside it. */
const LOOKBACK_MS = 30 * 24 * 3_600_000 - 3_600_000;

export async function readChangeCapture(ctx: DriftContext): Promise<{ rows: number; stored: number }> {
  const db = ctx.deps.database.db;
  const now = ctx.deps.clock.now();
  const cursor = await getCdcCursor(db, ctx.connectionId);
  const since = Math.max(cursor?.changedSince.getTime() ?? now - CDC_EVERY_MS, now - LOOKBACK_MS);
  const answer = await readAll(ctx, new Date(since).toISOString());
  const readAt = answer.time !== null && Number.isFinite(Date.parse(answer.time)) ? new Date(Date.parse(answer.time)) : new Date(now);
  const changes: NewChange[] = [];
  for (const [entity, rows] of Object.entries(answer.changed)) {
    for (const row of rows as (QboEntity & ReadDoc & { MetaData?: { LastUpdatedTime?: string } })[]) {
      const deleted = row.status === 'Deleted';
      ctx.seen.set(`${entity}:${row.Id}`, deleted ? null : row);
      changes.push({
        connectionId: ctx.connectionId, key: `cdc:${entity}:${row.Id}:${row.MetaData?.LastUpdatedTime ?? ''}:${deleted ? 'deleted' : row.SyncToken ?? ''}`,
        entity, entityId: row.Id, operation: deleted ? 'deleted' : 'changed', source: 'cdc',
        occurredAt: row.MetaData?.LastUpdatedTime ? new Date(row.MetaData.LastUpdatedTime) : null,
      });
    }
  }
  const stored = await storeCdcRead(db, ctx.connectionId, changes, readAt, new Date(now + CDC_EVERY_MS));
  return { rows: changes.length, stored };
}

/**
 * One request for all entities; past the 1,000 objects one answer holds (10100), one request
 * per entity (CDC has no paging and no end time: a shorter window would lose the changes before it).
 */
async function readAll(ctx: DriftContext, changedSince: string): Promise<CdcAnswer> {
  try {
    return await ctx.client.cdc(CDC_ENTITIES, changedSince);
  } catch (err) {
    if (!(isQboError(err) && err.errors.some((f) => f.code === '10100'))) throw err;
  }
  const out: CdcAnswer = { changed: {}, time: null };
  for (const entity of CDC_ENTITIES) {
    const one = await ctx.client.cdc([entity], changedSince);
    out.changed[entity] = one.changed[entity] ?? [];
    out.time ??= one.time;
  }
  return out;
}
