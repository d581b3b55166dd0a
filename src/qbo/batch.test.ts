import { describe, expect, it } from 'vitest';
import { batchBody, planBatches, readBatchAnswer } from './batch.js';
import type { BatchOp } from './batch.js';

const create = (i: number): BatchOp => ({ operation: 'create', entity: 'Customer', body: { DisplayName: `C${i}` }, key: `c:${i}` });

describe('planBatches', () => {
  it('splits any number of operations into chunks of at most 30, keeping positions', () => {
    const chunks = planBatches('1', Array.from({ length: 75 }, (_, i) => create(i)), 30);
    expect(chunks.map((c) => c.ops.length)).toEqual([30, 30, 15]);
    expect(chunks[2]!.indexes[0]).toBe(60);
    expect(chunks.every((c) => c.isWrite)).toBe(true);
    expect(planBatches('1', [], 30)).toEqual([]);
  });

  it('marks a chunk of only queries as a read', () => {
    expect(planBatches('1', [{ operation: 'query', query: 'SELECT * FROM Item' }], 30)[0]!.isWrite).toBe(false);
  });
});

describe('batchBody', () => {
  it('numbers items from 1 (bIds stay within 10 characters) and shapes each operation', () => {
    const [chunk] = planBatches('1', [
      create(0),
      { operation: 'void', entity: 'Invoice', body: { Id: '5', SyncToken: '2', Line: [] }, key: 'v' },
      { operation: 'sparseUpdate', entity: 'Item', body: { Id: '7', SyncToken: '0', Active: false }, key: 'u' },
      { operation: 'query', query: 'SELECT * FROM Item' },
    ], 30);
    expect(batchBody(chunk!)).toEqual({ BatchItemRequest: [
      { bId: '1', operation: 'create', Customer: { DisplayName: 'C0' } },
      { bId: '2', operation: 'update', optionsData: 'void', Invoice: { Id: '5', SyncToken: '2', sparse: true } },
      { bId: '3', operation: 'update', Item: { Id: '7', SyncToken: '0', Active: false, sparse: true } },
      { bId: '4', Query: 'SELECT * FROM Item' },
    ] });
  });
});

describe('readBatchAnswer', () => {
  it('matches items by bId whatever their order; a fault hides nothing else', () => {
    const [chunk] = planBatches('1', [create(0), create(1), { operation: 'query', query: 'SELECT * FROM Item' }], 30);
    const answer = { BatchItemResponse: [
      { bId: '3', QueryResponse: {} },
      { bId: '2', Fault: { type: 'ValidationFault', Error: [{ Message: 'Duplicate Name Exists Error', code: '6240', element: 'DisplayName' }] } },
      { bId: '1', Customer: { Id: '58', DisplayName: 'C0' } },
    ] };
    const results = readBatchAnswer(chunk!, answer, { requestId: 'r', intuitTid: 't' });
    expect(results[0]).toEqual({ ok: true, entity: { Id: '58', DisplayName: 'C0' } });
    expect(results[1]!.ok).toBe(false);
    if (!results[1]!.ok) {
      expect(results[1]!.error.code).toBe('QBO_VALIDATION');
      expect(results[1]!.error.qboCode).toBe('6240');
      expect(results[1]!.error.element).toBe('DisplayName');
      expect(results[1]!.error.intuitTid).toBe('t');
    }
    expect(results[2]).toEqual({ ok: true, entity: {} });
  });

  it('gives a missing write item an unknown-outcome error', () => {
    const [chunk] = planBatches('1', [create(0)], 30);
    const [result] = readBatchAnswer(chunk!, { BatchItemResponse: [] }, { requestId: 'r', intuitTid: null });
    expect(result!.ok).toBe(false);
    if (!result!.ok) {
      expect(result!.error.code).toBe('QBO_UNEXPECTED');
      expect(result!.error.outcomeUnknown).toBe(true);
    }
  });
});
