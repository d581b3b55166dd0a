/**
 * Acceptance: connections dropped after QuickBooks committed a write (20 %) do not duplicate
 * anything: retries carry the same requestid and the simulator replays the first answer.
 * Also: 5xx and throttling answers are absorbed by the client.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { QboError } from '../../src/qbo/index.js';
import { customer, startWorld } from './world.js';
import type { World } from './world.js';

let world: World;
beforeEach(async () => { world = await startWorld({ timeScale: 120 }); });
afterEach(async () => { await world.close(); });

async function createAll(n: number, prefix: string) {
  const client = world.client();
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) => client.create('Customer', customer(i, prefix), { key: `${prefix}:${i}:v1` })),
  );
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as QboError).code);
  return { client, results, failures };
}

describe('safe retries against the simulator', () => {
  it('with reset-after-commit at 20 %: 1,000 creates -> exactly 1,000 documents', async () => {
    world.sim.setFaults(world.realmId, { resetAfterCommitRate: 0.2 });
    const { failures, results } = await createAll(1_000, 'Reset');
    expect(failures).toEqual([]);
    const docs = world.sim.documents(world.realmId, 'Customer');
    expect(docs).toHaveLength(1_000);
    expect(new Set(docs.map((d) => d.DisplayName)).size).toBe(1_000);
    // Each caller got the document that was stored for it (the replayed answer, after a reset).
    const ids = results.map((r) => (r.status === 'fulfilled' ? r.value.Id : null));
    expect(new Set(ids).size).toBe(1_000);
    const c = world.sim.counters(world.realmId);
    expect(c.resets).toBeGreaterThan(100);
    expect(c.replays).toBeGreaterThan(100);
    expect(c.writes).toBe(1_000 + c.replays); // every write request beyond the first per document was replayed
    expect(c.writesWithoutRequestId).toBe(0);
  }, 120_000);

  it('with resets before the write too, nothing is lost and nothing doubled', async () => {
    world.sim.setFaults(world.realmId, { resetBeforeWriteRate: 0.1, resetAfterCommitRate: 0.1 });
    const { failures } = await createAll(300, 'Mixed');
    expect(failures).toEqual([]);
    expect(world.sim.documents(world.realmId, 'Customer')).toHaveLength(300);
  }, 120_000);

  it('absorbs 500/503 answers by retrying with backoff', async () => {
    world.sim.setFaults(world.realmId, { serverErrorRate: 0.3 });
    const { failures } = await createAll(200, 'Flaky');
    expect(failures).toEqual([]);
    expect(world.sim.documents(world.realmId, 'Customer')).toHaveLength(200);
    expect(world.sim.counters(world.realmId).serverErrors).toBeGreaterThan(20);
  }, 120_000);

  it('absorbs XML 429 answers: the caller never sees one', async () => {
    world.sim.setFaults(world.realmId, { throttleRate: 0.1 });
    const { failures } = await createAll(100, 'Throttled');
    expect(failures).toEqual([]);
    expect(world.sim.counters(world.realmId).throttled).toBeGreaterThan(0);
    expect(world.sim.documents(world.realmId, 'Customer')).toHaveLength(100);
  }, 120_000);

  it('gives up on a lasting outage with a typed error that says the outcome is unknown', async () => {
    world.sim.setFaults(world.realmId, { resetBeforeWriteRate: 1 });
    const client = world.client({ retryPolicy: { maxAttempts: 3 } });
    const error = await client.create('Customer', customer(1, 'Gone'), { key: 'gone:1' }).catch((e: unknown) => e as QboError);
    // The client cannot tell a drop before the write from one after it: the sync settles it by lookup.
    expect(error).toMatchObject({ code: 'QBO_NETWORK', outcomeUnknown: true });
    expect((error as QboError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(client.requests()).toBe(3);
    expect(world.sim.documents(world.realmId, 'Customer')).toHaveLength(0);
  }, 60_000);

  it('a replayed write returns what the first one stored, even with a different body', async () => {
    const client = world.client();
    const first = await client.create('Customer', customer(1, 'Replay'), { key: 'replay:1' });
    const again = await client.create('Customer', customer(2, 'Replay'), { key: 'replay:1' });
    expect(again.Id).toBe(first.Id);
    expect(world.sim.documents(world.realmId, 'Customer')).toHaveLength(1);
    expect(world.sim.counters(world.realmId).replays).toBe(1);
  });
});
