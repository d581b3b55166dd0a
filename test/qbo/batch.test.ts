/**
 * Acceptance: a batch of 75 operations with 3 invalid -> 72 succeed, 3 typed errors at the
 * right positions, in 3 HTTP requests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchOp } from '../../src/qbo/index.js';
import { customer, startWorld } from './world.js';
import type { World } from './world.js';

let world: World;
beforeEach(async () => { world = await startWorld({ timeScale: 60 }); });
afterEach(async () => { await world.close(); });

const INVALID = new Set([4, 40, 74]);

describe('batch helper', () => {
  it('75 operations with 3 invalid: 72 succeed, 3 typed errors in place, 3 requests', async () => {
    const client = world.client();
    const ops: BatchOp[] = Array.from({ length: 75 }, (_, i) => ({
      operation: 'create', entity: 'Customer', key: `batch:${i}:v1`,
      // A colon is not allowed in a display name (it separates levels of the hierarchy).
      body: INVALID.has(i) ? { DisplayName: `Bad: ${i}` } : customer(i, 'Batch'),
    }));
    const results = await client.batch(ops);
    expect(results).toHaveLength(75);
    results.forEach((r, i) => {
      if (INVALID.has(i)) {
        expect(r.ok, `operation ${i}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('QBO_VALIDATION');
          expect(r.error.qboCode).toMatch(/^\d+$/);
          expect(r.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
        }
      } else {
        expect(r.ok, `operation ${i}`).toBe(true);
        if (r.ok) expect(r.entity.DisplayName).toBe(customer(i, 'Batch').DisplayName);
      }
    });
    expect(client.requests()).toBe(3);
    const c = world.sim.counters(world.realmId);
    expect(c.requests).toBe(3);
    expect(c.batchRequests).toBe(3);
    expect(c.itemsPerBatch).toEqual([30, 30, 15]);
    expect(world.sim.documents(world.realmId, 'Customer')).toHaveLength(72);
  });

  it('retries a whole batch after a dropped connection with the same requestid: nothing doubles', async () => {
    world.sim.setFaults(world.realmId, { resetAfterCommitRate: 0.5 });
    const client = world.client();
    const ops: BatchOp[] = Array.from({ length: 90 }, (_, i) => ({ operation: 'create', entity: 'Customer', key: `rb:${i}`, body: customer(i, 'Retried') }));
    const results = await client.batch(ops);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(world.sim.documents(world.realmId, 'Customer')).toHaveLength(90);
    expect(world.sim.counters(world.realmId).batchRequests).toBeGreaterThanOrEqual(3);
  });

  it('mixes queries and writes, and gives every operation of a finally failed batch the typed error', async () => {
    const client = world.client({ retryPolicy: { maxAttempts: 2 } });
    const mixed = await client.batch([
      { operation: 'create', entity: 'Customer', key: 'm:1', body: customer(1, "O'Neil") },
      { operation: 'query', query: "SELECT * FROM Customer WHERE DisplayName = 'nobody'" },
    ]);
    expect(mixed[0]).toMatchObject({ ok: true });
    expect(mixed[1]).toMatchObject({ ok: true, entity: {} });

    world.sim.setFaults(world.realmId, { serverErrorRate: 1 });
    const failed = await client.batch([
      { operation: 'create', entity: 'Customer', key: 'f:1', body: customer(1, 'Fail') },
      { operation: 'create', entity: 'Customer', key: 'f:2', body: customer(2, 'Fail') },
    ]);
    expect(failed.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['QBO_SERVER', 'QBO_SERVER']);
    expect(failed.every((r) => !r.ok && r.error.outcomeUnknown)).toBe(true);
  });
});
