/**
 * Batch helper, the pure half: splitting operations into batch requests of at most
 * `batchItems`, building each request body, and reading each item's answer back into a
 * per-operation result. Items are matched by bId, not by position: Intuit's own sample says
 * the order is not guaranteed (quickbooks-facts §4). Never put a create and a create that
 * depends on it into one batch: later items cannot see what earlier ones created (BATCH17).
 */
import { errorFromFault } from './classify.js';
import { QboUnexpectedError } from './errors.js';
import type { QboError } from './errors.js';
import { findFault } from './fault.js';
import { batchWrite } from './operations.js';
import type { QboEntity, WriteOperation } from './operations.js';
import { deriveRequestId } from './request-id.js';

export type BatchOp =
  | { operation: WriteOperation; entity: string; body: Record<string, unknown>; key: string; include?: readonly string[] }
  | { operation: 'query'; query: string };

export type BatchResult<T = QboEntity> = { ok: true; entity: T } | { ok: false; error: QboError };

export interface BatchChunk {
  /** Positions of these operations in the caller's list. */
  indexes: number[];
  ops: BatchOp[];
  /** The requestid each write item would carry on its own; they make up the batch's id. */
  itemIds: string[];
  isWrite: boolean;
}

export function isWriteOp(op: BatchOp): op is Extract<BatchOp, { key: string }> {
  return op.operation !== 'query';
}

/** Splits operations, in order, into chunks of at most `size`. */
export function planBatches(realmId: string, ops: readonly BatchOp[], size: number): BatchChunk[] {
  if (!(size >= 1)) throw new RangeError(`batch size must be >= 1, got ${size}`);
  const chunks: BatchChunk[] = [];
  for (let start = 0; start < ops.length; start += size) {
    const slice = ops.slice(start, start + size);
    chunks.push({
      indexes: slice.map((_, i) => start + i),
      ops: slice,
      itemIds: slice.map((op) => (isWriteOp(op)
        ? deriveRequestId(realmId, op.key, `${op.operation}:${op.entity}`)
        : `query:${op.query}`)),
      isWrite: slice.some(isWriteOp),
    });
  }
  return chunks;
}

/** bIds are the 1-based position in the chunk: at most 10 characters when a requestid is sent (RID15). */
export function batchBody(chunk: BatchChunk): { BatchItemRequest: Record<string, unknown>[] } {
  return {
    BatchItemRequest: chunk.ops.map((op, i) => ({
      bId: String(i + 1),
      ...(isWriteOp(op) ? batchWrite(op.entity, op.operation, op.body, op.include) : { Query: op.query }),
    })),
  };
}

/** One result per operation of the chunk, in the chunk's order. */
export function readBatchAnswer(
  chunk: BatchChunk, answer: unknown, ctx: { requestId: string | null; intuitTid: string | null },
): BatchResult<unknown>[] {
  const items = answerItems(answer);
  const byBid = new Map<string, Record<string, unknown>>();
  for (const item of items) if (typeof item.bId === 'string' || typeof item.bId === 'number') byBid.set(String(item.bId), item);
  return chunk.ops.map((op, i) => {
    const item = byBid.get(String(i + 1));
    const isWrite = isWriteOp(op);
    if (!item) {
      return { ok: false, error: new QboUnexpectedError({
        message: `the batch answer has no item for bId ${i + 1}`, ...ctx, outcomeUnknown: isWrite,
      }) };
    }
    const fault = findFault(item);
    if (fault) return { ok: false, error: errorFromFault(fault, { ...ctx, isWrite }) };
    const key = isWrite ? op.entity : 'QueryResponse';
    const value = item[key];
    if (typeof value !== 'object' || value === null) {
      return { ok: false, error: new QboUnexpectedError({
        message: `batch item ${i + 1} holds neither ${key} nor a Fault`, ...ctx, outcomeUnknown: isWrite,
      }) };
    }
    return { ok: true, entity: value };
  });
}

function answerItems(answer: unknown): Record<string, unknown>[] {
  if (typeof answer !== 'object' || answer === null) return [];
  const list = (answer as Record<string, unknown>).BatchItemResponse;
  return Array.isArray(list) ? list.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
}
