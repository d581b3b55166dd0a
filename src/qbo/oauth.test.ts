import { describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import { QboAuthError } from './errors.js';
import { makeOAuth } from './oauth.js';
import { makeMemoryStateStore } from './oauth-state-store.js';
import { makeQboProvider } from './provider.js';

// These cases are decided before any token call; the exchange itself is tested against the
// simulator (test/qbo/oauth.test.ts).
function setup() {
  const clock = makeManualClock();
  const states = makeMemoryStateStore({ clock });
  const oauth = makeOAuth({
    provider: makeQboProvider('production'), clientId: 'cid', clientSecret: 'secret',
    redirectUri: 'https://app.example/callback', states, clock,
  });
  return { clock, oauth };
}

describe('OAuth authorization URL and callback checks', () => {
  it('builds Intuit\'s authorization URL with a random state', async () => {
    const { oauth } = setup();
    const a = await oauth.authorizationUrl({ tenant: 't1' });
    const b = await oauth.authorizationUrl({ tenant: 't1' });
    const url = new URL(a.url);
    expect(`${url.origin}${url.pathname}`).toBe('https://appcenter.intuit.com/connect/oauth2');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid', redirect_uri: 'https://app.example/callback', response_type: 'code',
      scope: 'com.intuit.quickbooks.accounting', state: a.state,
    });
    expect(a.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.state).not.toBe(a.state);
  });

  it('refuses a callback whose state was never issued', async () => {
    const { oauth } = setup();
    await expect(oauth.exchangeCode('https://app.example/callback?code=c&state=forged&realmId=1')).rejects.toBeInstanceOf(QboAuthError);
  });

  it('refuses an expired state', async () => {
    const { clock, oauth } = setup();
    const { state } = await oauth.authorizationUrl();
    await clock.advance(10 * 60_000);
    await expect(oauth.exchangeCode({ code: 'c', state, realmId: '1' })).rejects.toMatchObject({ code: 'QBO_AUTH' });
  });

  it('reports a refused consent and uses the state up', async () => {
    const { oauth } = setup();
    const { state } = await oauth.authorizationUrl();
    await expect(oauth.exchangeCode(new URLSearchParams({ error: 'access_denied', state }))).rejects.toMatchObject({ oauthError: 'access_denied' });
    await expect(oauth.exchangeCode({ code: 'c', state, realmId: '1' })).rejects.toThrow(/unknown, used or expired/);
  });

  it('refuses a callback without realmId', async () => {
    const { oauth } = setup();
    const { state } = await oauth.authorizationUrl();
    await expect(oauth.exchangeCode({ code: 'c', state })).rejects.toThrow(/realmId/);
  });
});

describe('provider facts', () => {
  it('needs every URL for the simulator and knows Intuit\'s for sandbox and production', () => {
    expect(() => makeQboProvider('simulator')).toThrow(TypeError);
    const sandbox = makeQboProvider('sandbox');
    expect(sandbox).toMatchObject({
      apiBase: 'https://sandbox-quickbooks.api.intuit.com', minorVersion: 75, allowInsecure: false,
      limits: { perMinute: 500, concurrent: 10, batchPerMinute: 40, batchItems: 30, meterBatchItems: true },
    });
    expect(makeQboProvider('production').apiBase).toBe('https://quickbooks.api.intuit.com');
    const sim = makeQboProvider('simulator', { apiBase: 'http://127.0.0.1:1/', authorize: 'a', token: 't', revoke: 'r' });
    expect(sim.apiBase).toBe('http://127.0.0.1:1');
    expect(sim.allowInsecure).toBe(true);
  });
});
