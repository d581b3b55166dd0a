/**
 * The client's request loop against a small scripted HTTP server (a real server on an
 * ephemeral port, answering what each test lists), for behaviours the simulator cannot be
 * made to show on demand. Time is a scaled clock: a QuickBooks minute lasts 60 real ms.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeScaledClock } from '../lib/clock.js';
import type { Clock } from '../lib/clock.js';
import { makeQboClient } from './client.js';
import type { QboClientOptions } from './client.js';
import type { JournalEntry } from './journal.js';
import type { QboRequestLog } from './executor.js';
import { QboNetworkError } from './errors.js';
import { makeLimiterRegistry } from './limiter.js';
import { makeQboProvider } from './provider.js';
import { makeMemoryTokenStore } from './token-store.js';

interface Seen { at: number; method: string; url: URL; headers: IncomingHttpHeaders; body: string }
interface Scripted { status: number; body: string; headers?: Record<string, string> }

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function scriptedServer(clock: Clock, script: Scripted[]) {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      seen.push({ at: clock.now(), method: req.method!, url: new URL(req.url!, 'http://x'), headers: req.headers, body });
      const next = script.shift() ?? { status: 500, body: 'script exhausted' };
      res.writeHead(next.status, { 'content-type': next.body.startsWith('<') ? 'application/xml' : 'application/json', intuit_tid: `tid-${seen.length}`, ...next.headers });
      res.end(next.body);
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen };
}

const ok = (entity: string, value: Record<string, unknown>): Scripted => ({ status: 200, body: JSON.stringify({ [entity]: value, time: 'now' }) });
const throttleXml = '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message></Error></Fault></IntuitResponse>';
const fault = (code: string, type = 'ValidationFault') => JSON.stringify({ Fault: { Error: [{ Message: 'm', Detail: 'd', code, element: 'E' }], type } });

function makeClient(base: string, clock: Clock, extra: Partial<QboClientOptions> = {}) {
  const provider = makeQboProvider('simulator', { apiBase: base, authorize: `${base}/auth`, token: `${base}/token`, revoke: `${base}/revoke` });
  const tokens = makeMemoryTokenStore({ accessToken: 'at-1', refreshToken: 'rt-1', accessExpiresAt: clock.now() + 3_600_000, refreshExpiresAt: null });
  let refreshes = 0;
  const oauth = { refresh: async () => {
    refreshes += 1;
    return { accessToken: `at-${refreshes + 1}`, refreshToken: `rt-${refreshes + 1}`, accessExpiresAt: clock.now() + 3_600_000, refreshExpiresAt: null };
  } };
  const client = makeQboClient({
    provider, realmId: '123', oauth, tokens, clock, limiters: makeLimiterRegistry(), timeoutMs: 3_600_000, random: () => 0.5, ...extra,
  });
  return { client, tokens, refreshes: () => refreshes };
}

describe('client request loop', () => {
  it('sends minorversion=75, a requestid and JSON on a create, and unwraps the entity', async () => {
    const clock = makeScaledClock(1000);
    const { base, seen } = await scriptedServer(clock, [ok('Invoice', { Id: '1', SyncToken: '0' })]);
    const journal: JournalEntry[] = [];
    const { client } = makeClient(base, clock, { journal: { beforeSend: async (e) => { journal.push(e); } } });
    expect(await client.create('Invoice', { Line: [] }, { key: 'ticket:1:v1' })).toEqual({ Id: '1', SyncToken: '0' });
    const req = seen[0]!;
    expect(req.url.pathname).toBe('/v3/company/123/invoice');
    expect(req.url.searchParams.get('minorversion')).toBe('75');
    expect(req.url.searchParams.get('requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers.authorization).toBe('Bearer at-1');
    expect(journal).toEqual([{ requestId: req.url.searchParams.get('requestid'), realmId: '123', operations: [
      { operation: 'create', entity: 'Invoice', key: 'ticket:1:v1', requestId: req.url.searchParams.get('requestid') },
    ] }]);
    expect(client.requests()).toBe(1);
  });

  it('on 429 waits 60 s (clock) in the limiter, then resends the same body with the same requestid', async () => {
    const clock = makeScaledClock(1000);
    const { base, seen } = await scriptedServer(clock, [{ status: 429, body: throttleXml }, ok('Invoice', { Id: '1' })]);
    const logs: QboRequestLog[] = [];
    const { client } = makeClient(base, clock, { log: (e) => logs.push(e) });
    await client.create('Invoice', { Line: [{ Amount: 1 }] }, { key: 'k' });
    expect(seen).toHaveLength(2);
    // A real millisecond is a scaled second: a timer may fire that much early.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(60_000 - 1_000);
    expect(seen[1]!.body).toBe(seen[0]!.body);
    expect(seen[1]!.url.search).toBe(seen[0]!.url.search);
    expect(logs.map((l) => l.errorCode)).toEqual(['QBO_RATE_LIMIT', null]);
    expect(logs[0]!.retry).toMatchObject({ reason: 'rate-limited', waitMs: 60_000 });
    expect(JSON.stringify(logs)).not.toContain('at-1');
  });

  it('honours Retry-After when QuickBooks sends one', async () => {
    const clock = makeScaledClock(1000);
    const { base, seen } = await scriptedServer(clock, [{ status: 429, body: throttleXml, headers: { 'retry-after': '5' } }, ok('Item', { Id: '2' })]);
    const { client } = makeClient(base, clock);
    await client.read('Item', '2');
    const gap = seen[1]!.at - seen[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(5_000 - 1_000);
    expect(gap).toBeLessThan(60_000);
  });

  it('on 401 refreshes once and retries once; a second 401 is an auth error', async () => {
    const clock = makeScaledClock(1000);
    const unauthorized = { status: 401, body: JSON.stringify({ fault: { error: [{ message: 'AuthenticationFailed', code: '3200' }], type: 'AUTHENTICATION' } }) };
    const { base, seen } = await scriptedServer(clock, [unauthorized, ok('Item', { Id: '2' }), unauthorized, unauthorized]);
    const { client, refreshes, tokens } = makeClient(base, clock);
    await client.read('Item', '2');
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer at-1', 'Bearer at-2']);
    expect((await tokens.load())?.refreshToken).toBe('rt-2');
    await expect(client.read('Item', '2')).rejects.toMatchObject({ code: 'QBO_AUTH', status: 401, qboCode: '3200' });
    expect(refreshes()).toBe(2);
    expect(seen).toHaveLength(4);
  });

  it('retries 5xx with backoff and gives up with an unknown outcome once the budget is spent', async () => {
    const clock = makeScaledClock(1000);
    const { base, seen } = await scriptedServer(clock, [
      { status: 503, body: 'Service Unavailable' }, { status: 500, body: fault('10000', 'SystemFault') }, { status: 502, body: '<html>bad</html>' },
    ]);
    const logs: QboRequestLog[] = [];
    const { client } = makeClient(base, clock, { retryPolicy: { maxAttempts: 3 }, log: (e) => logs.push(e) });
    const error = await client.create('Invoice', {}, { key: 'k' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'QBO_SERVER', status: 502, outcomeUnknown: true, intuitTid: 'tid-3' });
    // Equal jitter at 0.5: half the backoff fixed, the other half scaled (1 s, then 2 s).
    expect(logs.map((l) => l.retry?.waitMs ?? null)).toEqual([750, 1_500, null]);
    // And the waits really happened (a real millisecond is a scaled second: allow one of slack).
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(750 - 1_000);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(1_500 - 1_000);
    expect(new Set(seen.map((s) => s.url.searchParams.get('requestid'))).size).toBe(1);
  });

  it('keeps "outcome unknown" on the final error when an earlier attempt went unanswered', async () => {
    const clock = makeScaledClock(1000);
    const { base } = await scriptedServer(clock, [{ status: 500, body: '' }, { status: 400, body: fault('6000') }]);
    const { client } = makeClient(base, clock);
    await expect(client.create('Invoice', {}, { key: 'k' })).rejects.toMatchObject({ code: 'QBO_VALIDATION', outcomeUnknown: true });
  });

  it('never retries a validation fault, and reports a Fault inside HTTP 200', async () => {
    const clock = makeScaledClock(1000);
    const { base, seen } = await scriptedServer(clock, [{ status: 400, body: fault('6240') }, { status: 200, body: fault('6140') }]);
    const { client } = makeClient(base, clock);
    await expect(client.create('Customer', {}, { key: 'a' })).rejects.toMatchObject({ code: 'QBO_VALIDATION', qboCode: '6240', element: 'E', detail: 'd', outcomeUnknown: false });
    await expect(client.create('Customer', {}, { key: 'b' })).rejects.toMatchObject({ code: 'QBO_VALIDATION', qboCode: '6140', status: 200 });
    expect(seen).toHaveLength(2);
  });

  it('voids and deletes with the right operation parameters and only Id and SyncToken', async () => {
    const clock = makeScaledClock(1000);
    const { base, seen } = await scriptedServer(clock, [ok('Invoice', { Id: '1' }), ok('SalesReceipt', { Id: '2' }), ok('Invoice', { Id: '1', status: 'Deleted' })]);
    const { client } = makeClient(base, clock);
    await client.void('Invoice', { Id: '1', SyncToken: '3' }, { key: 'v1' });
    await client.void('SalesReceipt', { Id: '2', SyncToken: '0' }, { key: 'v2' });
    await client.delete('Invoice', { Id: '1', SyncToken: '4' }, { key: 'd1' });
    expect(seen.map((s) => [s.url.searchParams.get('operation'), s.url.searchParams.get('include'), JSON.parse(s.body)])).toEqual([
      ['void', null, { Id: '1', SyncToken: '3' }],
      ['update', 'void', { Id: '2', SyncToken: '0', sparse: true }],
      ['delete', null, { Id: '1', SyncToken: '4' }],
    ]);
  });

  it('pages queryAll to the end, stepping by the page size and dropping a repeated row', async () => {
    const clock = makeScaledClock(1000);
    const page = (ids: number[]) => ({ status: 200, body: JSON.stringify({ QueryResponse: { Item: ids.map((i) => ({ Id: String(i) })),
      startPosition: 1, maxResults: ids.length } }) });
    // The first page holds one row more than asked, as has been seen in the field.
    const { base, seen } = await scriptedServer(clock, [page([1, 2, 3]), page([3, 4]), { status: 200, body: '{"QueryResponse":{}}' }, { status: 200, body: '{"QueryResponse":{}}' }]);
    const { client } = makeClient(base, clock);
    const rows = await client.queryAll('Item', "Name LIKE 'A%'", { pageSize: 2 });
    expect(rows.map((r) => r.Id)).toEqual(['1', '2', '3', '4']);
    expect(seen.map((s) => s.url.searchParams.get('query'))).toEqual([
      "SELECT * FROM Item WHERE Name LIKE 'A%' STARTPOSITION 1 MAXRESULTS 2",
      "SELECT * FROM Item WHERE Name LIKE 'A%' STARTPOSITION 3 MAXRESULTS 2",
      "SELECT * FROM Item WHERE Name LIKE 'A%' STARTPOSITION 5 MAXRESULTS 2",
    ]);
    // An empty result has no entity key at all.
    expect(await client.findByName('Item', "Joe's")).toBeNull();
    expect(seen[3]!.url.searchParams.get('query')).toBe("SELECT * FROM Item WHERE Name = 'Joe\\'s' AND Active IN (true, false)");
  });

  it('a write that never got past a failing token refresh is not an unknown outcome', async () => {
    const clock = makeScaledClock(1000);
    const { base, seen } = await scriptedServer(clock, []);
    const tokens = makeMemoryTokenStore({ accessToken: 'old', refreshToken: 'rt', accessExpiresAt: clock.now(), refreshExpiresAt: null });
    const oauth = { refresh: async () => { throw new QboNetworkError({ outcomeUnknown: true, message: 'token endpoint unreachable' }); } };
    const { client } = makeClient(base, clock, { tokens, oauth, retryPolicy: { maxAttempts: 2 } });
    await expect(client.create('Invoice', {}, { key: 'k' })).rejects.toMatchObject({ code: 'QBO_NETWORK', outcomeUnknown: false });
    expect(seen).toHaveLength(0);
    expect(client.requests()).toBe(0);
  });
});
