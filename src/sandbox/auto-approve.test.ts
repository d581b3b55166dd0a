/**
 * `autoApprove` (issue 18): the simulator as a stand-in QuickBooks server without a consent
 * page. A valid authorization request is answered at once with the redirect a person's approval
 * would give (for one company, made on first use); an invalid one is refused as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from './server.js';
import type { Simulator } from './types.js';
import { DEFAULT_APP } from './types.js';

const REDIRECT = 'http://localhost:3000/quickbooks/callback';
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ autoApprove: 'Stand-in Books' });
});
afterAll(async () => {
  await sim?.close();
});

function authorize(extra: Record<string, string> = {}): Promise<Response> {
  const url = new URL(sim.urls.authorize);
  const params = { client_id: DEFAULT_APP.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'com.intuit.quickbooks.accounting', state: 's-1', ...extra };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return fetch(url, { redirect: 'manual' });
}

describe('a simulator that approves at once', () => {
  it('redirects with a code, the state and the same company every time', async () => {
    const realms: string[] = [];
    for (const state of ['s-1', 's-2']) {
      const res = await authorize({ state });
      expect(res.status).toBe(302);
      const to = new URL(res.headers.get('location')!);
      expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
      expect(to.searchParams.get('state')).toBe(state);
      expect(to.searchParams.get('code')).toBeTruthy();
      realms.push(to.searchParams.get('realmId')!);
    }
    expect(realms[0]).toBe(realms[1]);
  });

  it('still refuses an unknown client, and a request without the accounting scope', async () => {
    expect((await authorize({ client_id: 'nobody' })).status).toBe(400);
    const res = await authorize({ scope: 'openid' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
  });
});
