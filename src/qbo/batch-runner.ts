/**
 * Batch helper, the I/O half: every chunk planned by batch.ts goes out as one batch request
 * (chunks concurrently; the company limiter decides the pace), its items are read back into
 * per-operation results, and the results are put back in the caller's order. A chunk that
 * fails as a whole (network, 5xx, past the retry budget) gives each of its operations that
 * error; retries of a chunk reuse its requestid, derived from its items.
 */
import { batchBody, isWriteOp, planBatches, readBatchAnswer } from './batch.js';
import type { BatchChunk, BatchOp, BatchResult } from './batch.js';
import { QboError, QboNotSentError } from './errors.js';
import type { Executor } from './executor.js';
import type { SendGate } from './limiter.js';
import type { QboProvider } from './provider.js';
import { deriveBatchRequestId } from './request-id.js';
import type { JournalEntry, QboJournal } from './journal.js';

export interface BatchDeps {
  realmId: string;
  provider: QboProvider;
  exec: Executor;
  journal?: QboJournal | undefined;
  /** The caller's stop: chunks not yet sent stay unsent (each op answered QboNotSentError). */
  gate?: SendGate | undefined;
}

export async function runBatch<T>(ops: readonly BatchOp[], deps: BatchDeps): Promise<BatchResult<T>[]> {
  const chunks = planBatches(deps.realmId, ops, deps.provider.limits.batchItems);
  const answers = await Promise.all(chunks.map((c) => runChunk<T>(c, deps)));
  const results = new Array<BatchResult<T>>(ops.length);
  chunks.forEach((c, i) => c.indexes.forEach((at, j) => { results[at] = answers[i]![j]!; }));
  return results;
}

async function runChunk<T>(chunk: BatchChunk, deps: BatchDeps): Promise<BatchResult<T>[]> {
  const { realmId, exec, journal } = deps;
  const requestId = chunk.isWrite ? deriveBatchRequestId(realmId, chunk.itemIds) : undefined;
  // Whether the items count toward the 500 a minute too is the company's reading (batch-reading.ts).
  try {
    if (deps.gate?.stopped()) throw new QboNotSentError({ requestId: requestId ?? null });
    const entry = requestId ? { requestId, realmId, operations: journalOps(chunk) } : null;
    if (entry) await journal?.beforeSend(entry);
    try {
      const { value, intuitTid } = await exec.run({
        method: 'POST', path: 'batch', body: batchBody(chunk), isWrite: chunk.isWrite, gate: deps.gate,
        cost: { requests: 1, batch: true, items: chunk.ops.length }, ...(requestId ? { requestId } : {}),
      });
      return readBatchAnswer(chunk, value, { requestId: requestId ?? null, intuitTid }) as BatchResult<T>[];
    } finally {
      if (entry) journal?.afterSend?.(entry);
    }
  } catch (err) {
    if (!(err instanceof QboError)) throw err;
    return chunk.ops.map(() => ({ ok: false as const, error: err }));
  }
}

function journalOps(chunk: BatchChunk): JournalEntry['operations'] {
  return chunk.ops.flatMap((op, i) => (isWriteOp(op)
    ? [{ operation: op.operation, entity: op.entity, key: op.key, requestId: chunk.itemIds[i]! }]
    : []));
}
