/** Issue item 9: faults switchable at run time, per company or for all. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './test-support/harness.js';
import { startHarness, toAnswer } from './test-support/harness.js';
import { DEFAULT_APP } from './types.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const refresh = async (refreshToken: string) => toAnswer(await fetch(h.sim.urls.token, {
  method: 'POST',
  headers: {
    authorization: `Basic ${Buffer.from(`${DEFAULT_APP.clientId}:${DEFAULT_APP.clientSecret}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
}));

describe('faults', () => {
  it('server errors alternate 500 (SystemFault JSON) and 503 (HTML) before anything happens', async () => {
    const c = h.company();
    h.sim.setFaults(c.realmId, { serverErrorRate: 1 });
    const a = await c.create('Customer', { DisplayName: 'Never Stored' });
    const b = await c.call('GET', 'preferences');
    expect(a.status).toBe(500);
    expect(a.body.Fault).toMatchObject({ type: 'SystemFault', Error: [{ code: '10000' }] });
    expect(b.status).toBe(503);
    expect(b.headers.get('content-type')).toContain('text/html');
    expect(h.sim.documents(c.realmId, 'Customer')).toHaveLength(0);
    expect(h.sim.counters(c.realmId).serverErrors).toBe(2);
  });

  it('a throttle fault answers 429 regardless of counts', async () => {
    const c = h.company();
    h.sim.setFaults(c.realmId, { throttleRate: 1 });
    const res = await c.call('GET', 'preferences');
    expect(res.status).toBe(429);
    expect(res.text).toContain('ThrottleExceeded');
    h.sim.setFaults(c.realmId, { throttleRate: 0 });
    expect((await c.call('GET', 'preferences')).status).toBe(200);
  });

  it('expiring access tokens: current ones get 401, a refreshed one works', async () => {
    const { realmId } = h.sim.createCompany();
    const tokens = h.sim.issueTokens(realmId);
    h.sim.setFaults(realmId, { expireAccessTokens: true });
    const url = `${h.sim.urls.api}/v3/company/${realmId}/preferences`;
    const get = (token: string) => fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expect((await get(tokens.access_token)).status).toBe(401);
    const renewed = await refresh(tokens.refresh_token);
    expect((await get(renewed.body.access_token)).status).toBe(200);
  });

  it('invalid_grant on refresh, and a disconnected company', async () => {
    const c = h.company();
    const tokens = h.sim.issueTokens(c.realmId);
    h.sim.setFaults(c.realmId, { invalidGrantOnRefresh: true });
    expect(await refresh(tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    h.sim.clearFaults(c.realmId);
    h.sim.setFaults(c.realmId, { disconnected: true });
    const api = await c.call('GET', 'preferences');
    expect(api.status).toBe(401);
    expect(api.body.fault.type).toBe('AUTHENTICATION');
    expect(await refresh(tokens.refresh_token)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    h.sim.clearFaults(c.realmId);
    expect((await c.call('GET', 'preferences')).status).toBe(200);
  });

  it("'*' applies to every company and clearFaults('*') lifts it", async () => {
    const a = h.company();
    const b = h.company();
    h.sim.setFaults('*', { throttleRate: 1 });
    expect((await a.call('GET', 'preferences')).status).toBe(429);
    expect((await b.call('GET', 'preferences')).status).toBe(429);
    h.sim.clearFaults('*');
    expect((await a.call('GET', 'preferences')).status).toBe(200);
  });

  it('repeats the same fault sequence for the same seed', async () => {
    const pattern = async () => {
      const sim = await startHarness({ seed: 42 });
      try {
        sim.sim.setFaults(sim.realmId, { serverErrorRate: 0.5 });
        const out: number[] = [];
        for (let i = 0; i < 20; i += 1) out.push((await sim.call('GET', 'preferences')).status);
        return out;
      } finally {
        await sim.close();
      }
    };
    const first = await pattern();
    expect(first).toEqual(await pattern());
    expect(new Set(first).size).toBeGreaterThan(1);
  });

  it('refuses unknown faults and out-of-range rates', () => {
    expect(() => h.sim.setFaults(h.realmId, { serverErrorRate: 2 })).toThrow(TypeError);
    expect(() => h.sim.setFaults(h.realmId, { nonsense: true } as never)).toThrow(TypeError);
    expect(() => h.sim.setFaults(h.realmId, { latencyPerItemMs: -1 })).toThrow(TypeError);
  });

  it('takes a latency per batch item (the benchmark\'s 200 ms + 15 ms per item)', () => {
    h.sim.setFaults(h.realmId, { latencyMs: 0, latencyPerItemMs: 0.25 });
    h.sim.clearFaults(h.realmId);
  });
});
