/**
 * Signing in and out over HTTP: scrypt-checked credentials, a session cookie whose token is
 * never stored, the cookie's attributes, expiry, sign-out, no open redirect, and the sign-in
 * rate limit per address.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, OWNER_PASSWORD, csrfOf, signedIn, startWorld } from '../test-support/world.js';
import type { World } from '../test-support/world.js';

const cookieHeader = (headers: Record<string, unknown>, name: string) =>
  ([] as string[]).concat((headers['set-cookie'] as string | string[] | undefined) ?? []).find((c) => c.startsWith(`${name}=`));

describe('sign-in over http', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(async () => w.stop());

  it('refuses a wrong password with the form again, and no session', async () => {
    const agent = new Agent(w.t, '10.0.0.1');
    const res = await agent.signIn(w.ownerEmail, 'not the password');
    expect(res.status).toBe(401);
    expect(res.body).toContain('That email and password do not match an account.');
    expect(res.body).toContain(`value="${w.ownerEmail}"`);
    expect(agent.cookies.has('tb_session')).toBe(false);
    expect((await new Agent(w.t, '10.0.0.1').signIn('nobody@example.com', OWNER_PASSWORD)).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Lax, Path=/ cookie with an expiry, and stores only its SHA-256', async () => {
    const agent = new Agent(w.t, '10.0.0.2');
    const form = await agent.get('/signin');
    const res = await agent.request('POST', '/signin', { _csrf: csrfOf(form.body), email: w.ownerEmail.toUpperCase(), password: OWNER_PASSWORD });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/');
    const cookie = cookieHeader(res.headers, 'tb_session')!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; Max-Age=43200/);
    expect(cookie).not.toMatch(/Secure/);
    const token = agent.cookies.get('tb_session')!;
    const rows = await w.t.database.db.selectFrom('sessions').select(['id', 'csrf_secret']).execute();
    expect(rows.map((r) => r.id)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(rows.map((r) => r.id)).not.toContain(token);
    expect((await agent.get('/quickbooks')).status).toBe(200);
  });

  it('goes only to a path of this site after signing in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const agent = new Agent(w.t, '10.0.0.3');
      const form = await agent.get(`/signin?next=${encodeURIComponent(next)}`);
      expect(form.body).toContain('name="next" value="/"');
      const res = await agent.request('POST', '/signin', { _csrf: csrfOf(form.body), email: w.ownerEmail, password: OWNER_PASSWORD, next });
      expect([next, res.location]).toEqual([next, '/']);
    }
  });

  it('signs out: the session is deleted, the old cookie opens nothing', async () => {
    const agent = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    const token = agent.cookies.get('tb_session')!;
    const out = await agent.submit('/tickets', '/signout', {});
    expect(out.location).toBe('/signin?signedout=1');
    expect((await agent.get(out.location!)).body).toContain('You are signed out.');
    const replay = await w.t.app.inject({ url: '/tickets', headers: { cookie: `tb_session=${token}` } });
    expect(replay.statusCode).toBe(303);
    expect(replay.headers.location).toBe('/signin?next=%2Ftickets');
  });

  it('refuses an expired session', async () => {
    const agent = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    const id = createHash('sha256').update(agent.cookies.get('tb_session')!).digest('hex');
    await w.t.database.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', id).execute();
    expect((await agent.get('/tickets')).status).toBe(303);
  });

  it('makes a fresh random token at every sign-in, and sends a signed-in visitor of /signin home', async () => {
    const phone = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    const laptop = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    expect(phone.cookies.get('tb_session')).not.toBe(laptop.cookies.get('tb_session'));
    expect(phone.cookies.get('tb_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The sign-in form's own secret is dropped once it served.
    expect(laptop.cookies.has('tb_presession')).toBe(false);
    expect((await laptop.get('/signin?next=%2Ftickets')).location).toBe('/tickets');
    await phone.submit('/tickets', '/signout', {});
    expect((await laptop.get('/tickets')).status).toBe(200);
  });

  it('allows 10 sign-in attempts a minute per address, then answers 429 with a page', async () => {
    const agent = new Agent(w.t, '10.0.0.99');
    const form = await agent.get('/signin');
    const token = csrfOf(form.body);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await agent.request('POST', '/signin', { _csrf: token, email: w.ownerEmail, password: `guess-${i}` })).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const limited = await agent.request('POST', '/signin', { _csrf: token, email: w.ownerEmail, password: OWNER_PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.body).toContain('Too many sign-in attempts');
    expect(limited.headers['content-type']).toMatch(/text\/html/);
    // Another address is not affected.
    expect((await new Agent(w.t, '10.0.0.100').signIn(w.ownerEmail, OWNER_PASSWORD)).status).toBe(303);
  });
});

describe('sign-in behind https', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({ PUBLIC_URL: 'https://books.example.com' });
  });
  afterAll(async () => w.stop());

  it('marks the session cookie Secure when PUBLIC_URL is https', async () => {
    const agent = new Agent(w.t);
    const form = await agent.get('/signin');
    expect(cookieHeader(form.headers, 'tb_presession')).toMatch(/; Secure/);
    const res = await agent.request('POST', '/signin', { _csrf: csrfOf(form.body), email: w.ownerEmail, password: OWNER_PASSWORD });
    expect(cookieHeader(res.headers, 'tb_session')).toMatch(/; Secure/);
  });
});
