/** Issue item 1: OAuth through the consent page, code exchange, refresh rotation, expiry, revoke. */
import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../lib/clock.js';
import { makeManualClock } from '../lib/clock.js';

import { clientFor, toAnswer, useHarness } from './test-support/harness.js';
import { DEFAULT_APP } from './types.js';

const clock: ManualClock = makeManualClock();
const t = useHarness({ clock });

const REDIRECT = 'http://localhost:3000/qbo/callback';
const basic = (id = DEFAULT_APP.clientId, secret = DEFAULT_APP.clientSecret) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

async function tokenRequest(fields: Record<string, string>, authorization = basic()) {
  return toAnswer(await fetch(t.h.sim.urls.token, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  }));
}

function authorizeUrl(extra: Record<string, string> = {}): string {
  const url = new URL(t.h.sim.urls.authorize);
  const params = { client_id: DEFAULT_APP.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'com.intuit.quickbooks.accounting openid', state: 'csrf-123', ...extra };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

/** Reads the consent page's form as a browser would: its action and the fields it would submit. */
async function consentForm(): Promise<{ action: string; fields: Record<string, string> }> {
  const res = await fetch(authorizeUrl());
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  const page = await res.text();
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1] as string] = (m[2] as string).replace(/&amp;/g, '&');
  expect(page).toContain('name="realmId" value="new"');
  expect(page).toContain('value="approve"');
  expect(page).toContain('value="cancel"');
  return { action: new URL(action, t.h.sim.url).href, fields };
}

async function submit(form: { action: string; fields: Record<string, string> }, choice: Record<string, string>) {
  const res = await fetch(form.action, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...form.fields, ...choice }).toString(),
  });
  return { status: res.status, location: new URL(res.headers.get('location') ?? 'http://invalid/') };
}

describe('consent page and code exchange', () => {
  it('approving redirects with code, state and realmId; the code buys tokens once', async () => {
    const form = await consentForm();
    const back = await submit(form, { decision: 'approve', realmId: 'new', companyName: 'Bean There' });
    expect(back.status).toBe(302);
    expect(`${back.location.origin}${back.location.pathname}`).toBe(REDIRECT);
    expect(back.location.searchParams.get('state')).toBe('csrf-123');
    const code = back.location.searchParams.get('code') ?? '';
    const realmId = back.location.searchParams.get('realmId') ?? '';
    expect(t.h.sim.documents(realmId, 'CompanyInfo')[0]?.CompanyName).toBe('Bean There');

    const tokens = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8726400 });
    const api = clientFor(t.h.sim, realmId, tokens.body.access_token);
    expect((await api.call('GET', `companyinfo/${realmId}`)).body.CompanyInfo.CompanyName).toBe('Bean There');

    const reused = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('can pick an existing company', async () => {
    const form = await consentForm();
    const back = await submit(form, { decision: 'approve', realmId: t.h.realmId });
    expect(back.location.searchParams.get('realmId')).toBe(t.h.realmId);
  });

  it('Cancel redirects with error=access_denied', async () => {
    const back = await submit(await consentForm(), { decision: 'cancel', realmId: t.h.realmId });
    expect(back.location.searchParams.get('error')).toBe('access_denied');
    expect(back.location.searchParams.get('state')).toBe('csrf-123');
  });

  it('never redirects to an unregistered redirect_uri, and refuses a missing accounting scope', async () => {
    const bad = await fetch(authorizeUrl({ redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' });
    expect(bad.status).toBe(400);
    const noScope = await fetch(authorizeUrl({ scope: 'openid' }), { redirect: 'manual' });
    expect(new URL(noScope.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
  });

  it('refuses wrong client credentials, a wrong redirect_uri and an expired code', async () => {
    const back = await submit(await consentForm(), { decision: 'approve', realmId: t.h.realmId });
    const code = back.location.searchParams.get('code') ?? '';
    expect(await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, basic(DEFAULT_APP.clientId, 'wrong')))
      .toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:3000/other' }))
      .toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const late = await submit(await consentForm(), { decision: 'approve', realmId: t.h.realmId });
    await clock.advance(5 * 60_000);
    expect(await tokenRequest({ grant_type: 'authorization_code', code: late.location.searchParams.get('code') ?? '', redirect_uri: REDIRECT }))
      .toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('tokens over time', () => {
  it('an access token works for 3,600 s, then 401', async () => {
    const c = t.h.company();
    expect((await c.call('GET', 'preferences')).status).toBe(200);
    await clock.advance(3_599_000);
    expect((await c.call('GET', 'preferences')).status).toBe(200);
    await clock.advance(1_000);
    const expired = await c.call('GET', 'preferences');
    expect(expired.status).toBe(401);
    expect(expired.body.fault.error[0]).toMatchObject({ code: '3200', message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401' });
  });

  it('rotates refresh tokens; the previous one keeps working for 24 t.h, then invalid_grant', async () => {
    const { realmId } = t.h.sim.createCompany({ name: 'Rotation' });
    const first = t.h.sim.issueTokens(realmId);
    const second = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await clientFor(t.h.sim, realmId, second.body.access_token).call('GET', 'preferences')).status).toBe(200);

    await clock.advance(23 * 3600 * 1000);
    const graced = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
    expect(graced.status).toBe(200);
    await clock.advance(3600 * 1000);
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await tokenRequest({ grant_type: 'refresh_token', refresh_token: graced.body.refresh_token })).status).toBe(200);
    expect(t.h.sim.counters(realmId).tokenRefreshes).toBe(4);
  });

  it('revoking disconnects: the API says 401 and refresh says invalid_grant', async () => {
    const { realmId } = t.h.sim.createCompany({ name: 'Revoked' });
    const tokens = t.h.sim.issueTokens(realmId);
    const revoked = await fetch(t.h.sim.urls.revoke, {
      method: 'POST', headers: { authorization: basic(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: tokens.refresh_token }),
    });
    expect(revoked.status).toBe(200);
    expect((await clientFor(t.h.sim, realmId, tokens.access_token).call('GET', 'preferences')).status).toBe(401);
    expect(await tokenRequest({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('a token of one company gets 403 on another', async () => {
    const other = t.h.company();
    const res = await clientFor(t.h.sim, other.realmId, t.h.sim.issueTokens(t.h.realmId).access_token).call('GET', 'preferences');
    expect(res.status).toBe(403);
    expect(res.body.fault.error[0].code).toBe('3100');
  });
});
