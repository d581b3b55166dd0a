/**
 * Every page and API route refuses a request without a session or an API key (pages send the
 * browser to sign in, the API answers 401), and every form POST without a valid CSRF token is
 * refused with 403 and changes nothing. The routes are read from the running app, so a route
 * added later is covered without editing this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLocation } from '../store/locations.js';
import { Agent, OTHER, csrfOf, signedIn, startWorld } from './test-support/world.js';
import type { World } from './test-support/world.js';
import { routesOf } from './test-support/routes.js';

/**
 * Reachable without signing in: the sign-in form itself, its files, the health check and the API's description;
 * and QuickBooks' webhook notifications, whose credential is their signature (a forged one is refused 401: test/sync/drift.test.ts).
 */
const PUBLIC = new Set(['GET /signin', 'POST /signin', 'GET /static/:name', 'GET /healthz', 'GET /api/openapi.json', 'GET /api/docs',
  'POST /api/v1/quickbooks/webhooks']);

describe('the back office refuses who it does not know', () => {
  let w: World;
  let routes: { method: string; path: string }[];
  let ticketId: string;

  beforeAll(async () => {
    w = await startWorld();
    routes = routesOf(w.t.app.printRoutes({ commonPrefix: false })).filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    const row = await w.t.database.db.selectFrom('tickets').select('ticket_id').where('tenant_id', '=', 'default').limit(1).executeTakeFirstOrThrow();
    ticketId = row.ticket_id;
  });
  afterAll(async () => w.stop());

  const concrete = (path: string) => path.replace(':locationId', 'denver-1').replace(':ticketId', encodeURIComponent(ticketId)).replace(':id', '1');

  it('finds the routes it guards', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of ['GET /quickbooks', 'POST /tickets/resync', 'GET /tickets/:locationId/:ticketId', 'GET /api/v1/runs/:id', 'POST /api/v1/resync', 'POST /signout']) {
      expect(names).toContain(expected);
    }
  });

  it.each([
    ['no cookie and no key', {}],
    ['a made-up session cookie', { cookie: 'tb_session=not-a-session' }],
    ['a made-up API key', { authorization: 'Bearer tb_0123456789ab_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }],
  ])('with %s: pages redirect to /signin, the API answers 401', async (_name, headers: Record<string, string>) => {
    for (const r of routes) {
      const res = await w.t.app.inject({ method: r.method as 'GET', url: concrete(r.path), headers, ...(r.method !== 'GET' && { payload: {} }) });
      if (r.path.startsWith('/api/')) {
        expect([r.path, res.statusCode]).toEqual([r.path, 401]);
      } else {
        expect([r.path, res.statusCode]).toEqual([r.path, 303]);
        expect(res.headers.location).toMatch(/^\/signin/);
        expect(res.body).not.toContain('denver-1');
      }
    }
  });

  it('sends a signed-out visitor back where they were going after signing in', async () => {
    const agent = new Agent(w.t);
    const res = await agent.get('/tickets?state=skipped');
    expect(res.location).toBe('/signin?next=%2Ftickets%3Fstate%3Dskipped');
    const form = await agent.get(res.location!);
    const signin = await agent.request('POST', '/signin', { _csrf: csrfOf(form.body), email: w.ownerEmail, password: 'owner-password-for-tests', next: '/tickets?state=skipped' });
    expect(signin.location).toBe('/tickets?state=skipped');
  });

  it('refuses every form POST without a valid CSRF token, with 403, and changes nothing', async () => {
    const owner = await signedIn(w.t, w.ownerEmail, 'owner-password-for-tests');
    const stranger = await signedIn(w.t, OTHER.email, OTHER.password);
    const foreignToken = csrfOf((await stranger.get('/tickets')).body);
    const posts = routes.filter((r) => r.method === 'POST' && !r.path.startsWith('/api/'));
    expect(posts.length).toBeGreaterThanOrEqual(9);
    for (const r of posts) {
      for (const token of [undefined, '', 'forged-token', foreignToken]) {
        const form: Record<string, string> = { location: 'denver-1', enabled: '', ticket: `denver-1/${ticketId}`, connection: '1' };
        if (token !== undefined) form._csrf = token;
        const res = await owner.request('POST', r.path, form);
        expect([r.path, token, res.status]).toEqual([r.path, token, 403]);
        expect(res.body).toContain('This form has expired');
      }
    }
    // The toggle form was among them: the location is still on, the owner still signed in.
    expect((await getLocation(w.t.database.db, 'default', 'denver-1'))!.enabled).toBe(true);
    expect((await owner.get('/tickets')).status).toBe(200);
  });

  it('refuses a sign-in POST that did not come from the sign-in form', async () => {
    const agent = new Agent(w.t);
    const res = await agent.request('POST', '/signin', { email: w.ownerEmail, password: 'owner-password-for-tests' });
    expect(res.status).toBe(403);
    expect(agent.cookies.has('tb_session')).toBe(false);
  });

  it('refuses a signed-in API call that changes something unless it carries the page\'s token', async () => {
    const owner = await signedIn(w.t, w.ownerEmail, 'owner-password-for-tests');
    const body = JSON.stringify({ tickets: [{ locationId: 'denver-1', ticketId }] });
    const json = { 'content-type': 'application/json' };
    const without = await owner.request('POST', '/api/v1/resync', undefined, json);
    expect(without.status).toBe(403);
    const page = await owner.get('/tickets');
    const token = /<meta name="csrf-token" content="([^"]+)">/.exec(page.body)![1]!;
    const res = await w.t.app.inject({ method: 'POST', url: '/api/v1/resync', payload: body,
      headers: { ...json, 'x-csrf-token': token, cookie: `tb_session=${owner.cookies.get('tb_session')}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ queued: [], ignored: [{ locationId: 'denver-1', ticketId }] });
    // Reading needs no token.
    expect((await owner.get('/api/v1/runs')).status).toBe(200);
  });
});
