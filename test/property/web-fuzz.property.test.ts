/**
 * The back office and the JSON API under fuzzing (issue 20): every route read from the running
 * app, GET and POST/PATCH alike, with path segments, query values, cursors and bodies holding
 * what an attacker sends - U+0000 and unpaired surrogates in every string position, dates at
 * the calendar's edges, percent-encoded and over-encoded paths, non-ASCII redirect targets,
 * repeated parameters - signed in (with the page's CSRF token) and with an API key. 36 such
 * answers were 5xx; the property is that none is.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, csrfOf, signedIn, startWorld } from '../../src/web/test-support/world.js';
import type { Agent, World } from '../../src/web/test-support/world.js';
import { EDGE_TIMESTAMPS } from './support/ticket-mutations.js';

let w: World;
let owner: Agent;
let cookie: string;
let csrf: string;
let routes: { method: string; path: string }[];

/** The routes the running app serves, from its own route tree. */
function routesOf(tree: string): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([\s│]*)(?:└── |├── )(\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    stack.length = m[1]!.length / 4;
    const full = `${stack.at(-1) ?? ''}${m[2]}`;
    stack.push(full);
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.push({ method, path: full });
  }
  return out;
}

beforeAll(async () => {
  w = await startWorld();
  owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
  cookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  csrf = csrfOf((await owner.get('/tickets')).body);
  // Sign-out would end the fuzzer's own session: it has its tests (signin.test.ts).
  routes = routesOf(w.t.app.printRoutes({ commonPrefix: false })).filter((r) => r.path !== '/signout');
});
afterAll(async () => { await w?.stop(); });

/** Percent-encoding that also writes a lone surrogate (as the bytes a careless client sends), where encodeURIComponent throws. */
function enc(text: string): string {
  return [...text].map((ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp < 0xd800 || cp > 0xdfff) return encodeURIComponent(ch);
    return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  }).join('');
}

const dates = fc.constantFrom(...EDGE_TIMESTAMPS.map((t) => t.slice(0, 10)), '0000-01-01', '2026-11-24', '2026-02-30', '+20000-01-01', '2026-1-1', '');
const nasty = fc.constantFrom('\u0000', 'a\u0000b', 'denver-1\u0000', '\u0000\u0000', '\ud800', '\udfff', '\u202e', '\u200b', '\u3002evil.example',
  '//evil.example', '/..//evil.example', '/%E3%80%82evil.example', '%00', '%ED%A0%80', '%E0%A4%A', '..', '%2e%2e', '%2F', ' ', 'x'.repeat(300), 'denver-1', 'P-1', '1', '-1', '99999999999999999999');
const cursor = fc.tuple(fc.oneof(dates, nasty), fc.oneof(nasty, fc.string()), fc.oneof(nasty, fc.string()))
  .map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url'));
const value = fc.oneof({ arbitrary: nasty, weight: 4 }, { arbitrary: dates, weight: 2 }, { arbitrary: cursor, weight: 1 },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 1 });
const QUERY_NAMES = ['from', 'to', 'state', 'location', 'after', 'before', 'select', 'next', 'run', 'locationId', 'limit', 'signedout', 'error', 'code', 'state', 'realmId'];
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 5 })), value), { maxLength: 4 });

/** A path segment as sent on the wire: encoded once, sometimes twice, or raw percent text. */
const segment = fc.oneof(
  value.map((v) => enc(v)),
  value.map((v) => encodeURIComponent(enc(v))),
  fc.constantFrom('%00', '%ED%A0%80', '%E0%A4%A', '%2F', '%61pi', '..', '%2e%2e', 'denver-1', 'P-1', '%E2%80%AE'),
);
const jsonString = fc.oneof(nasty, dates, fc.string({ maxLength: 10 }));
const body = fc.oneof(
  fc.dictionary(fc.oneof(fc.constantFrom('id', 'name', 'timeZone', 'syncTime', 'syncTimeZone', 'syncStartDate', 'enabled', 'locationId', 'connectionId',
    'tickets', '_csrf', 'location', 'ticket', 'startDate', 'return', 'email', 'password', 'next'), fc.string({ maxLength: 4 })),
    fc.oneof(jsonString, fc.array(fc.record({ locationId: jsonString, ticketId: jsonString }), { maxLength: 2 }), fc.integer(), fc.boolean(),
      fc.constant(null)), { maxKeys: 5 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const request = fc.record({
  route: fc.nat(),
  segments: fc.array(segment, { minLength: 3, maxLength: 3 }),
  query,
  body,
  as: fc.constantFrom<'session' | 'key'>('session', 'key'),
  form: fc.boolean(),
});

describe('the web under fuzzing', () => {
  it('finds the routes it fuzzes', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    for (const expected of ['GET /tickets', 'GET /tickets/:locationId/:ticketId', 'GET /signin', 'GET /quickbooks/callback', 'POST /tickets/resync', 'GET /api/v1/locations/:id', 'PATCH /api/v1/locations/:id', 'POST /api/v1/resync']) {
      expect(names).toContain(expected);
    }
  });

  it('answers every request below 500: paths, queries, cursors and bodies', { timeout: 600_000 }, async () => {
    const statuses: Record<number, number> = {};
    await fc.assert(fc.asyncProperty(request, async (r) => {
      const route = routes[r.route % routes.length]!;
      let n = 0;
      const path = route.path.replace(/:[A-Za-z]+|\*/g, () => r.segments[n++ % 3]!);
      const search = r.query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
      const url = `${path}${search ? `?${search}` : ''}`;
      const headers: Record<string, string> = r.as === 'key' ? { authorization: `Bearer ${w.ownerApiKey}` } : { cookie, 'x-csrf-token': csrf };
      let payload: string | undefined;
      if (route.method !== 'GET') {
        const withToken = typeof r.body === 'object' && r.body !== null && !Array.isArray(r.body) ? { ...r.body, _csrf: csrf } : r.body;
        if (r.form && typeof withToken === 'object' && withToken !== null && !Array.isArray(withToken)) {
          payload = new URLSearchParams(Object.entries(withToken).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();
          headers['content-type'] = 'application/x-www-form-urlencoded';
        } else {
          payload = JSON.stringify(withToken);
          headers['content-type'] = 'application/json';
        }
      }
      const res = await w.t.app.inject({ method: route.method as 'GET', url, headers, ...(payload !== undefined && { payload }) });
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      expect([route.method, url, payload, res.statusCode < 500 ? 'below 500' : res.body]).toEqual([route.method, url, payload, 'below 500']);
    }), { numRuns: 1500 });
    console.log(`web fuzz: answers by status ${JSON.stringify(statuses)}`);
    // It reached handlers (2xx/3xx), refusals (4xx), and never a 5xx.
    const codes = Object.keys(statuses).map(Number);
    expect(codes.filter((c) => c >= 500)).toEqual([]);
    expect(codes.some((c) => c < 400)).toBe(true);
    expect(codes.some((c) => c >= 400)).toBe(true);
  });
});
