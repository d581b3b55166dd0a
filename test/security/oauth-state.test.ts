/**
 * OAuth `state` (issue 7): single use, tied to what started it, and kept only as a hash.
 * Through the back office as a person connects: Connect → the simulator's consent page →
 * our callback. Replaying the callback, or bringing a fresh code back under a state that was
 * already used, connects nothing and exchanges no code; neither does a made-up state. The
 * state is bound to the tenant and session that started it (issue 20: another tenant's
 * callback used to store the connection before the tenant was checked): a callback brought
 * to another account or browser stores nothing anywhere and leaves the state to its starter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { OTHER, OWNER_PASSWORD, signedIn, startWorld } from '../../src/web/test-support/world.js';
import type { Agent, World } from '../../src/web/test-support/world.js';

let w: World;
let owner: Agent;

beforeAll(async () => {
  w = await startWorld();
  owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
});
afterAll(async () => { await w?.stop(); });

async function startConnect(agent: Agent): Promise<string> {
  const res = await agent.submit('/quickbooks?location=denver-1', '/quickbooks/connect', { location: 'denver-1' });
  expect(res.status).toBe(303);
  return res.location!;
}

/** The callback as the browser brings it back; returns the message the next page shows. */
async function callback(agent: Agent, params: Record<string, string>): Promise<string> {
  const res = await agent.get(`/quickbooks/callback?${new URLSearchParams(params)}`);
  expect(res.status).toBe(303);
  const page = await agent.get(res.location!);
  return /class="flash[^"]*"[^>]*>([\s\S]*?)<\//.exec(page.body)?.[1]?.trim() ?? page.body;
}

const connections = async (tenantId: string) => w.t.database.db.selectFrom('qbo_connections').select(['id', 'token_version', 'realm_id'])
  .where('tenant_id', '=', tenantId).execute();
/** Every connection of every tenant. */
const everywhere = async () => w.t.database.db.selectFrom('qbo_connections').select(['id', 'tenant_id', 'realm_id', 'token_version'])
  .orderBy('id').execute();
const states = async () => w.t.database.db.selectFrom('oauth_states').selectAll().execute();

describe('OAuth state', () => {
  it('connects once; the same callback again connects nothing', async () => {
    const authorize = await startConnect(owner);
    const state = new URL(authorize).searchParams.get('state')!;
    expect(state.length).toBeGreaterThanOrEqual(32);
    // Kept only as a hash while it waits.
    expect(JSON.stringify(await states())).not.toContain(state);

    const params = await approveConsent(authorize, { newCompany: 'State Café' });
    expect(params.state).toBe(state);
    expect(await callback(owner, params)).toMatch(/Connected to QuickBooks company State Café/);
    const after = await connections('default');
    expect(after).toHaveLength(1);
    expect(await states()).toEqual([]);

    expect(await callback(owner, params)).toMatch(/did not connect/i);
    expect(await connections('default')).toEqual(after);
  });

  it('refuses a fresh code brought back under a state already used', async () => {
    const authorize = await startConnect(owner);
    const first = await approveConsent(authorize, { newCompany: 'Replay Café' });
    expect(await callback(owner, first)).toMatch(/Connected/);
    const before = await connections('default');
    // The consent page approves the same authorization URL again: a new code, the old state.
    const second = await approveConsent(authorize, { newCompany: 'Replay Café 2' });
    expect(second.code).not.toBe(first.code);
    expect(second.state).toBe(first.state);
    expect(await callback(owner, second)).toMatch(/did not connect/i);
    expect(await connections('default')).toEqual(before);
  });

  it('refuses a state it never issued', async () => {
    const authorize = await startConnect(owner);
    const real = await approveConsent(authorize, { newCompany: 'Forged Café' });
    const before = await connections('default');
    expect(await callback(owner, { ...real, state: 'x'.repeat(43) })).toMatch(/did not connect/i);
    expect(await connections('default')).toEqual(before);
  });

  it('gives another account nothing, anywhere, when it brings back someone else\'s callback; the starter still can', async () => {
    const authorize = await startConnect(owner);
    const params = await approveConsent(authorize, { newCompany: 'Someone Else Café' });
    const before = await everywhere();
    const other = await signedIn(w.t, OTHER.email, OTHER.password);
    const refused = await other.get(`/quickbooks/callback?${new URLSearchParams(params)}`);
    // Refused in place (no redirect): its address stays in the browser's bar for whoever started it.
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('nothing was saved');
    expect(await everywhere()).toEqual(before);
    // The code was not exchanged and the state not spent: the owner's own browser completes it.
    expect(await callback(owner, params)).toMatch(/Connected to QuickBooks company Someone Else Café/);
    expect((await everywhere()).filter((c) => c.tenant_id === OTHER.tenantId)).toEqual([]);
  });

  it('gives another browser of the same account nothing either: the state is bound to the session that started it', async () => {
    const authorize = await startConnect(owner);
    const params = await approveConsent(authorize, { newCompany: 'Second Browser Café' });
    const before = await everywhere();
    const laptop = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    expect((await laptop.get(`/quickbooks/callback?${new URLSearchParams(params)}`)).status).toBe(403);
    expect(await everywhere()).toEqual(before);
    expect(await callback(owner, params)).toMatch(/Connected/);
  });

  it('binds a connection started without a browser (the CLI) to its own nonce and tenant', async () => {
    const { url, binding } = await w.t.sync.startConnect('default', { locationId: 'denver-1' });
    expect(binding.length).toBeGreaterThanOrEqual(32);
    const params = await approveConsent(url, { newCompany: 'CLI Café' });
    const before = await everywhere();
    const elsewhere = { name: 'ServiceError', code: 'CONNECT_ELSEWHERE' };
    await expect(w.t.sync.completeConnect(params, { tenantId: OTHER.tenantId, binding })).rejects.toMatchObject(elsewhere);
    await expect(w.t.sync.completeConnect(params, { tenantId: 'default', binding: 'a guess' })).rejects.toMatchObject(elsewhere);
    // No browser session completes it either.
    expect((await owner.get(`/quickbooks/callback?${new URLSearchParams(params)}`)).status).toBe(403);
    expect(await everywhere()).toEqual(before);
    const done = await w.t.sync.completeConnect(params, { tenantId: 'default', binding });
    expect(done.connection.companyName).toBe('CLI Café');
  });
});
