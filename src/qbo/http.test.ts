import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { makeManualClock, systemClock } from '../lib/clock.js';
import { QboNetworkError, QboTimeoutError } from './errors.js';
import { fetchTransport, sendHttp, nodeTransport } from './http.js';
import type { Transport } from './http.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

// Every case through both transports: the default (node:http) and an injected fetch.
describe.each<[string, Transport]>([['node:http', nodeTransport], ['fetch', fetchTransport(fetch)]])('sendHttp through %s', (name, transport) => {
  const base = { timeoutMs: 60_000, transport, requestId: 'rid', isWrite: true };

  it('returns status, headers and the whole body', async () => {
    const url = await serve((_req, res) => { res.setHeader('intuit_tid', 't-1'); res.end('{"ok":1}'); });
    const answer = await sendHttp({ method: 'GET', url, headers: {} }, { ...base, clock: systemClock });
    expect(answer).toMatchObject({ status: 200, body: '{"ok":1}' });
    expect(answer.headers.get('intuit_tid')).toBe('t-1');
    expect(answer.headers.get('Intuit_TID')).toBe('t-1');
    expect(answer.headers.get('retry-after')).toBeNull();
  });

  it('times out in clock time, leaving a write\'s outcome unknown', async () => {
    const url = await serve(() => { /* never answers */ });
    const clock = makeManualClock();
    const pending = sendHttp({ method: 'POST', url, headers: {}, body: '{}' }, { ...base, clock });
    const outcome = pending.then(() => null, (e: unknown) => e);
    await new Promise((r) => setTimeout(r, 20));
    await clock.advance(60_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(QboTimeoutError);
    expect(error).toMatchObject({ code: 'QBO_TIMEOUT', outcomeUnknown: true, requestId: 'rid' });
    server!.closeAllConnections();
  });

  it('a connection dropped after the request was sent leaves a write\'s outcome unknown', async () => {
    const url = await serve((req) => { req.socket.destroy(); });
    const error = await sendHttp({ method: 'POST', url, headers: {}, body: '{}' }, { ...base, clock: systemClock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QboNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: true });
  });

  it('an answer cut short leaves a write\'s outcome unknown', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"Invoice":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const error = await sendHttp({ method: 'POST', url, headers: {}, body: '{}' }, { ...base, clock: systemClock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QboNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: true });
  });

  it('a refused connection surely did not run the write', async () => {
    const url = await serve(() => undefined);
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    const error = await sendHttp({ method: 'POST', url, headers: {}, body: '{}' }, { ...base, clock: systemClock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QboNetworkError);
    expect(error).toMatchObject({ outcomeUnknown: false });
  });

  it('does not follow a redirect', async () => {
    const url = await serve((_req, res) => { res.statusCode = 302; res.setHeader('location', '/elsewhere'); res.end(); });
    expect((await sendHttp({ method: 'GET', url, headers: {} }, { ...base, clock: systemClock })).status).toBe(302);
  });

  it('leaves non-transport failures (bugs) as they are', async () => {
    const error = await sendHttp({ method: 'GET', url: 'not a url', headers: {} }, { ...base, clock: systemClock }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(QboNetworkError);
    expect(error).toBeInstanceOf(name === 'fetch' ? TypeError : Error);
  });
});

describe('the default transport', () => {
  it('sends the next exchange over the same connection (keep-alive)', async () => {
    const ports = new Set<number>();
    const url = await serve((req, res) => { ports.add(req.socket.remotePort!); req.resume(); req.on('end', () => res.end('{}')); });
    const opts = { timeoutMs: 60_000, transport: nodeTransport, requestId: 'rid', isWrite: true, clock: systemClock };
    for (let i = 0; i < 3; i++) expect((await sendHttp({ method: 'POST', url, headers: {}, body: '{"n":1}' }, opts)).status).toBe(200);
    expect(ports.size).toBe(1);
  });
});
