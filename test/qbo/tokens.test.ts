/**
 * Acceptance: access-token expiry mid-run is refreshed transparently; two callers hitting
 * expiry at the same moment make one refresh and both carry on; invalid_grant ends in
 * "reconnect needed" without a retry loop. The two-PROCESS variant runs against the
 * Postgres token store (src/store/); here both callers share one in-memory store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeManualClock } from '../../src/lib/clock.js';
import { customer, startWorld } from './world.js';
import type { World } from './world.js';

let world: World | null = null;
afterEach(async () => { await world?.close(); world = null; });

describe('token refresh against the simulator', () => {
  it('refreshes once, transparently, when QuickBooks starts refusing the access token mid-run', async () => {
    world = await startWorld({ timeScale: 60 });
    const w = world;
    const client = w.client();
    const before = await w.tokens.load();
    const jobs = Array.from({ length: 300 }, async (_, i) => {
      if (i === 100) w.sim.setFaults(w.realmId, { expireAccessTokens: true });
      return client.create('Customer', customer(i, 'Midrun'), { key: `midrun:${i}` });
    });
    const results = await Promise.allSettled(jobs);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(w.sim.counters(w.realmId).tokenRefreshes).toBe(1);
    const after = await w.tokens.load();
    expect(after?.refreshToken).not.toBe(before?.refreshToken); // the rotated one was saved
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(w.sim.documents(w.realmId, 'Customer')).toHaveLength(300);
  }, 60_000);

  it('two concurrent callers reaching expiry at the same moment: one refresh, both carry on', async () => {
    const clock = makeManualClock();
    world = await startWorld({ clock });
    const a = world.client();
    const b = world.client();
    await a.create('Customer', customer(1, 'Before'), { key: 'before:1' });
    await clock.advance(3_600_000); // the access token's hour is over
    const [x, y] = await Promise.all([
      a.create('Customer', customer(1, 'After'), { key: 'after:1' }),
      b.create('Customer', customer(2, 'After'), { key: 'after:2' }),
    ]);
    expect([x.DisplayName, y.DisplayName]).toEqual([customer(1, 'After').DisplayName, customer(2, 'After').DisplayName]);
    const c = world.sim.counters(world.realmId);
    expect(c.tokenRefreshes).toBe(1);
    expect(c.requests).toBe(3); // the refresh happened before sending: no 401 round trip
  });

  it('two concurrent callers refused with 401 at the same moment: one refresh, both carry on', async () => {
    world = await startWorld({ timeScale: 60 });
    const a = world.client();
    const b = world.client();
    world.sim.setFaults(world.realmId, { expireAccessTokens: true });
    const both = await Promise.all([
      a.query('SELECT * FROM Customer'),
      b.query('SELECT * FROM Customer'),
    ]);
    expect(both).toHaveLength(2);
    expect(world.sim.counters(world.realmId).tokenRefreshes).toBe(1);
  });

  it('invalid_grant marks the connection "reconnect needed" and does not loop', async () => {
    world = await startWorld({ timeScale: 60 });
    world.sim.setFaults(world.realmId, { expireAccessTokens: true, invalidGrantOnRefresh: true });
    const client = world.client();
    await expect(client.create('Customer', customer(1), { key: 'k1' })).rejects.toMatchObject({ code: 'QBO_RECONNECT_NEEDED', oauthError: 'invalid_grant' });
    expect(world.tokens.reconnectReason()).toMatch(/invalid_grant/);
    expect(client.requests()).toBe(1); // the 401, then the refused refresh, then nothing
    await expect(client.create('Customer', customer(2), { key: 'k2' })).rejects.toMatchObject({ code: 'QBO_RECONNECT_NEEDED' });
    expect(client.requests()).toBe(1);
    // One refresh attempt (the simulator counts refused ones too), never a second.
    expect(world.sim.counters(world.realmId)).toMatchObject({ requests: 1, tokenRefreshes: 1 });
  });

  it('a company that revoked the app ends in "reconnect needed" too', async () => {
    world = await startWorld({ timeScale: 60 });
    world.sim.setFaults(world.realmId, { disconnected: true });
    const client = world.client();
    await expect(client.query('SELECT * FROM Customer')).rejects.toMatchObject({ code: 'QBO_RECONNECT_NEEDED' });
    expect(world.tokens.reconnectReason()).not.toBeNull();
    expect(client.requests()).toBe(1);
  });
});
