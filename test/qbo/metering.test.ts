/**
 * Metered reads as the client counts them, checked against what the simulator metered: every
 * call classified (read / write / OAuth), each query item of a batch a read of its own, and a
 * quota block recognised as its own error (not a throttle: one request, no retry, no pause).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchItemClass, classifyRequest, makeUsageTally, QboQuotaExceededError, QboRateLimitError } from '../../src/qbo/index.js';
import type { QboClient, UsageTally } from '../../src/qbo/index.js';
import { customer, startWorld } from './world.js';
import type { World } from './world.js';

describe('classification of QuickBooks calls', () => {
  it('GETs and queries are metered reads, other POSTs are writes; batch items each by their payload', () => {
    expect(classifyRequest({ method: 'GET', path: 'query', isWrite: false })).toBe('read');
    expect(classifyRequest({ method: 'GET', path: 'invoice/12', isWrite: false })).toBe('read');
    expect(classifyRequest({ method: 'GET', path: 'reports/ProfitAndLoss', isWrite: false })).toBe('read');
    expect(classifyRequest({ method: 'GET', path: 'cdc', isWrite: false })).toBe('read');
    expect(classifyRequest({ method: 'POST', path: 'query', isWrite: false })).toBe('read');
    expect(classifyRequest({ method: 'POST', path: 'invoice', isWrite: true })).toBe('write');
    expect(batchItemClass({ bId: '1', Query: 'SELECT * FROM Item' })).toBe('read');
    expect(batchItemClass({ bId: '2', CDCQuery: { entities: 'Invoice' } })).toBe('read');
    expect(batchItemClass({ bId: '3', operation: 'create', Invoice: {} })).toBe('write');
  });
});

describe('metered reads counted by the client', () => {
  let world: World;
  let tally: UsageTally;
  let client: QboClient;
  const drained = () => {
    const rows = tally.drain();
    return { reads: rows.reduce((n, r) => n + r.reads, 0), writes: rows.reduce((n, r) => n + r.writes, 0), blocked: rows.some((r) => r.blockedAt !== null) };
  };

  beforeAll(async () => {
    world = await startWorld({ timeScale: 600 });
    tally = makeUsageTally();
    client = world.client({ usage: tally });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('counts exactly what the simulator metered: queries, reads, reports, and each query item of a batch', async () => {
    const created = await client.create<{ Id: string }>('Customer', customer(1), { key: 'c1' });
    await client.read('Customer', created.Id);
    await client.query('SELECT * FROM Account');
    await client.report('ProfitAndLoss', { start_date: '2026-11-01', end_date: '2026-11-30' });
    await client.batch([
      { operation: 'query', query: 'SELECT * FROM Item' },
      { operation: 'create', entity: 'Customer', body: customer(2), key: 'c2' },
      { operation: 'query', query: 'SELECT * FROM PaymentMethod' },
    ]);
    const counted = drained();
    expect(counted).toEqual({ reads: 5, writes: 2, blocked: false });
    expect(world.sim.counters(world.realmId).meteredReads).toBe(5);
  });

  it('a quota block is its own error: one request, no retry, no pause; writes go on; lifted, reads work again', async () => {
    const before = world.sim.counters(world.realmId);
    world.sim.setQuota(world.realmId, { monthlyReads: before.meteredReads });
    const err = await client.query('SELECT * FROM Account').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QboQuotaExceededError);
    expect(err).not.toBeInstanceOf(QboRateLimitError);
    expect((err as QboQuotaExceededError).qboCode).toBe('3002');
    const [item] = await client.batch([{ operation: 'query', query: 'SELECT * FROM Item' }]);
    expect(item).toMatchObject({ ok: false, error: { code: 'QBO_QUOTA_EXCEEDED' } });
    await client.create('Customer', customer(3), { key: 'c3' });
    const after = world.sim.counters(world.realmId);
    expect(after.requests - before.requests).toBe(3);
    expect(after.quotaBlocked - before.quotaBlocked).toBe(2);
    expect(drained()).toEqual({ reads: 0, writes: 1, blocked: true });

    world.sim.setQuota(world.realmId, { monthlyReads: null });
    await client.query('SELECT * FROM Account');
    const rows = tally.drain();
    expect(rows[0]).toMatchObject({ reads: 1, blockedAt: null });
    expect(rows[0]!.lastReadAt).not.toBeNull();
  });
});
