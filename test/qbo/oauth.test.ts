/**
 * The OAuth flow against the simulator's real consent page and token endpoint: authorization
 * URL -> consent form -> redirect with code, state and realmId -> code exchange -> API calls;
 * state single use; refresh with rotation; revoke.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeMemoryStateStore, makeMemoryTokenStore, makeOAuth, QboAuthError } from '../../src/qbo/index.js';
import { customer, REDIRECT_URI, startWorld } from './world.js';
import type { World } from './world.js';

let world: World;
beforeEach(async () => { world = await startWorld({ timeScale: 60 }); });
afterEach(async () => { await world.close(); });

/** What a person does on the consent page: pick the company and press Connect (or Cancel). */
async function consent(url: string, decision: 'approve' | 'cancel', realmId: string): Promise<string> {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBeDefined();
  const fields = new URLSearchParams();
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(m[1]!, decodeEntities(m[2]!));
  fields.set('realmId', realmId);
  fields.set('decision', decision);
  const answer = await fetch(new URL(decodeEntities(action!), url), { method: 'POST', body: fields, redirect: 'manual' });
  expect(answer.status).toBe(302);
  const location = answer.headers.get('location')!;
  expect(location.startsWith(REDIRECT_URI)).toBe(true);
  return location;
}

function decodeEntities(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('OAuth against the simulator', () => {
  it('connects a company, and the tokens work for API calls', async () => {
    const { url } = await world.oauth.authorizationUrl({ tenant: 'shop-1' });
    const callback = await consent(url, 'approve', world.realmId);
    const { realmId, tokens, data } = await world.oauth.exchangeCode(callback);
    expect(realmId).toBe(world.realmId);
    expect(data).toEqual({ tenant: 'shop-1' });
    expect(tokens.accessToken).not.toBe('');
    expect(tokens.refreshToken).not.toBe('');
    expect(tokens.accessExpiresAt - world.clock.now()).toBeGreaterThan(3_500_000);
    expect(tokens.refreshExpiresAt).not.toBeNull();

    const store = makeMemoryTokenStore();
    await store.save(tokens, 0);
    const client = world.client({ tokens: store });
    expect((await client.create('Customer', customer(1, 'Connected'), { key: 'c1' })).Id).toBeTruthy();
  });

  it('a second callback with the same state is refused before any code exchange', async () => {
    const { url } = await world.oauth.authorizationUrl();
    const callback = await consent(url, 'approve', world.realmId);
    await world.oauth.exchangeCode(callback);
    await expect(world.oauth.exchangeCode(callback)).rejects.toBeInstanceOf(QboAuthError);
  });

  it('a cancelled consent comes back as access_denied', async () => {
    const { url } = await world.oauth.authorizationUrl();
    const callback = await consent(url, 'cancel', world.realmId);
    await expect(world.oauth.exchangeCode(callback)).rejects.toMatchObject({ code: 'QBO_AUTH', oauthError: 'access_denied' });
  });

  it('refreshes with rotation, and after revoke the grant is dead: reconnect needed', async () => {
    const first = (await world.tokens.load())!;
    const next = await world.oauth.refresh(first.refreshToken);
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.refreshToken).not.toBe('');
    expect(world.sim.counters(world.realmId).tokenRefreshes).toBe(1);
    await world.oauth.revoke(next.refreshToken);
    await expect(world.oauth.refresh(next.refreshToken)).rejects.toMatchObject({ code: 'QBO_RECONNECT_NEEDED', oauthError: 'invalid_grant' });
  });

  it('wrong client credentials are an auth error, not "reconnect needed"', async () => {
    const wrong = makeOAuth({
      provider: world.provider, clientId: 'tillbooks-simulator', clientSecret: 'nope', redirectUri: REDIRECT_URI,
      states: makeMemoryStateStore({ clock: world.clock }), clock: world.clock,
    });
    const error = await wrong.refresh((await world.tokens.load())!.refreshToken).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'QBO_AUTH', status: 401 });
  });
});
