/**
 * Security headers and cookie flags (issue 7), over every kind of answer the server gives:
 * pages, redirects, the JSON API (200, 401), static files, 404s, the CSRF refusal page. Each
 * carries helmet's headers with a strict CSP (nothing inline, no framing, no plug-ins), and
 * every cookie the server sets anywhere (sign-in form secret, session, flash message, and
 * their clearing) is HttpOnly, SameSite=Lax, Path=/ - and Secure when PUBLIC_URL is https.
 * (The session cookie's own life and storage are src/web/session/signin.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { openStore } from '../../src/store/index.js';
import { buildApp } from '../../src/web/app.js';
import { Agent, OWNER_PASSWORD, startWorld } from '../../src/web/test-support/world.js';
import type { Reply, World } from '../../src/web/test-support/world.js';

/** Walks through the back office as a person does, keeping every answer. */
async function story(w: World): Promise<{ name: string; reply: Reply }[]> {
  const agent = new Agent(w.t);
  const out: { name: string; reply: Reply }[] = [];
  const keep = (name: string, reply: Reply) => { out.push({ name, reply }); return reply; };
  keep('sign-in page', await agent.get('/signin'));
  keep('page without a session (redirect)', await new Agent(w.t).get('/tickets'));
  keep('sign-in (redirect, session cookie)', await agent.signIn(w.ownerEmail, OWNER_PASSWORD));
  keep('Tickets page', await agent.get('/tickets'));
  keep('QuickBooks page', await agent.get('/quickbooks'));
  // "Sync now" without a connection: refused with a flash message (a cookie) and a redirect.
  keep('form action (flash cookie)', await agent.submit('/quickbooks?location=denver-1', '/quickbooks/sync-now', { location: 'denver-1' }));
  keep('page showing the flash (clears it)', await agent.get('/quickbooks?location=denver-1'));
  keep('form without CSRF token (403 page)', await agent.request('POST', '/quickbooks/sync-now', { location: 'denver-1' }));
  keep('API without a key (401)', await agent.request('GET', '/api/v1/runs', undefined, { authorization: 'Bearer nope' }));
  keep('API with a key (200)', await agent.request('GET', '/api/v1/locations', undefined, { authorization: `Bearer ${w.ownerApiKey}` }));
  keep('static file', await agent.get('/static/app.css'));
  keep('unknown URL (404)', await agent.get('/no/such/page'));
  keep('sign-out (clears the session)', await agent.submit('/tickets', '/signout', {}));
  return out;
}

const cookiesOf = (r: Reply): string[] => ([] as string[]).concat((r.headers['set-cookie'] as string | string[] | undefined) ?? []);

function checkHeaders(name: string, h: Record<string, unknown>, https: boolean): void {
  const csp = String(h['content-security-policy'] ?? '');
  const directive = (d: string) => csp.split(';').map((x) => x.trim()).find((x) => x.startsWith(`${d} `)) ?? '';
  expect(directive('default-src'), name).toBe("default-src 'self'");
  expect(directive('script-src'), name).toBe("script-src 'self'");
  expect(directive('style-src'), name).toBe("style-src 'self'");
  expect(directive('object-src'), name).toBe("object-src 'none'");
  expect(directive('frame-ancestors'), name).toBe("frame-ancestors 'none'");
  expect(directive('base-uri'), name).toBe("base-uri 'self'");
  expect(csp, name).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  // frame-ancestors 'none' is the one word on framing (X-Frame-Options SAMEORIGIN beside it contradicted it).
  expect(h['x-frame-options'], name).toBeUndefined();
  expect(h['x-content-type-options'], name).toBe('nosniff');
  expect(h['referrer-policy'], name).toBe('no-referrer');
  // HSTS only where the browser is reached over https: over plain http it was sent anyway.
  if (https) expect(h['strict-transport-security'], name).toMatch(/max-age=\d{7,}/);
  else expect(h['strict-transport-security'], name).toBeUndefined();
  expect(h['cross-origin-opener-policy'], name).toBe('same-origin');
  expect(h['x-powered-by'], name).toBeUndefined();
}

describe.each([
  ['http://localhost (the embedded default)', {}, false],
  ['an https PUBLIC_URL', { PUBLIC_URL: 'https://books.example.com' }, true],
])('served at %s', (_name, env: Record<string, string>, secure) => {
  let w: World;
  let answers: { name: string; reply: Reply }[];
  beforeAll(async () => {
    w = await startWorld(env);
    answers = await story(w);
  });
  afterAll(async () => { await w?.stop(); });

  it('went through every kind of answer', () => {
    expect(answers.map((a) => [a.name, a.reply.status])).toEqual([
      ['sign-in page', 200], ['page without a session (redirect)', 303], ['sign-in (redirect, session cookie)', 303], ['Tickets page', 200],
      ['QuickBooks page', 200], ['form action (flash cookie)', 303], ['page showing the flash (clears it)', 200], ['form without CSRF token (403 page)', 403],
      ['API without a key (401)', 401], ['API with a key (200)', 200], ['static file', 200], ['unknown URL (404)', 404], ['sign-out (clears the session)', 303],
    ]);
  });

  it('sends the security headers on every answer', () => {
    for (const { name, reply } of answers) checkHeaders(name, reply.headers, secure);
  });

  it('keeps the JSON API out of caches too, whatever its answer', () => {
    for (const name of ['API without a key (401)', 'API with a key (200)']) {
      expect(answers.find((a) => a.name === name)!.reply.headers['cache-control'], name).toBe('no-store');
    }
  });

  it('keeps pages with tenant data out of caches', () => {
    for (const name of ['Tickets page', 'QuickBooks page', 'sign-in page']) {
      expect(answers.find((a) => a.name === name)!.reply.headers['cache-control'], name).toBe('no-store');
    }
  });

  it(`sets every cookie HttpOnly, SameSite=Lax, Path=/${secure ? ' and Secure' : ''}`, () => {
    const cookies = answers.flatMap((a) => cookiesOf(a.reply).map((c) => ({ name: a.name, cookie: c })));
    const names = new Set(cookies.map((c) => c.cookie.split('=')[0]));
    expect([...names].sort()).toEqual(['tb_flash', 'tb_presession', 'tb_session']);
    for (const { name, cookie } of cookies) {
      const attrs = cookie.split(';').slice(1).map((a) => a.trim().toLowerCase());
      expect(attrs, `${name}: ${cookie}`).toContain('httponly');
      expect(attrs, `${name}: ${cookie}`).toContain('samesite=lax');
      expect(attrs, `${name}: ${cookie}`).toContain('path=/');
      expect(attrs.includes('secure'), `${name}: ${cookie}`).toBe(secure);
    }
  });
});

describe('HSTS behind a proxy (TRUST_PROXY)', () => {
  it('is sent when the request came over https, and not over plain http', async () => {
    const database = await openStore({});
    const app = await buildApp({ db: database.db, logger: silentLogger, trustProxy: true });
    try {
      const https = await app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      const http = await app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'http' } });
      expect(http.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await app.close();
      await database.close();
    }
  });
});
