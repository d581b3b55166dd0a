/**
 * One HTTP exchange with a timeout in clock time, turning transport failures into typed
 * errors. Reads the whole body (QuickBooks answers are small) so the caller can release its
 * limiter slot only once the exchange is really over.
 */
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../lib/clock.js';
import { QboNetworkError, QboTimeoutError } from './errors.js';
import type { HttpAnswer } from './classify.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** How one exchange reaches the server: the answer's status, headers and whole body. */
export type Transport = (req: HttpRequest, signal: AbortSignal) => Promise<HttpAnswer>;

/** A `fetch` (an injected one: a test's, a proxy's) as the transport. */
export function fetchTransport(f: FetchLike): Transport {
  return async (req, signal) => {
    const res = await f(req.url, { method: req.method, headers: req.headers, body: req.body, signal, redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
}

// Idle keep-alive connections close after this (undici's default, which the transport was before).
const IDLE_SOCKET_MS = 4_000;
const CLIENTS = {
  'http:': { request: http.request, agent: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) },
  'https:': { request: https.request, agent: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }) },
};

/**
 * The default transport: Node's own HTTP client (node:http, node:https) with a keep-alive agent
 * per protocol, without fetch's WHATWG Request, Response, Headers and stream objects around
 * every exchange. It was undici's request(): the same cost an exchange (measured: 2,000
 * exchanges of 40 kB, ten at a time, 0.83-1.08 s of CPU against 1.00-1.07), but loading undici
 * cost every command 120-150 ms of CPU before its first request, node:http 6 ms. Against fetch
 * (undici beneath Node's fetch), measured on 2,000-ticket syncs: 1.50 / 1.51 ms of CPU a ticket
 * against 2.06 / 1.94 paced under the strict reading. Like fetch here, it follows no redirect.
 * An idle connection is closed 4 s after its last answer, or a second before the server's own
 * keep-alive hint (Node's agent reads it), so a request seldom goes out on a socket the server
 * is closing.
 */
export const nodeTransport: Transport = (req, signal) => new Promise<HttpAnswer>((resolve, reject) => {
  const url = new URL(req.url);
  const client = CLIENTS[url.protocol as keyof typeof CLIENTS];
  if (!client) throw new TypeError(`not an http(s) address: ${req.url}`);
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  const headers = body ? { ...req.headers, 'content-length': String(body.byteLength) } : req.headers;
  const request = client.request(url, { method: req.method, headers, agent: client.agent, signal }, (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('error', reject);
    res.on('end', () => {
      const answer = res.headers;
      resolve({
        status: res.statusCode ?? 0,
        body: Buffer.concat(chunks).toString('utf8'),
        headers: {
          get: (name: string) => {
            const v = answer[name.toLowerCase()];
            return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
          },
        },
      });
    });
  });
  request.on('error', reject);
  request.end(body);
});

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface SendOptions {
  clock: Clock;
  timeoutMs: number;
  transport: Transport;
  requestId: string | null;
  /** Whether a lost answer leaves a write's outcome unknown. */
  isWrite: boolean;
}

// Failures that happen before a single byte left: the request surely did not run.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

const FINISHED = new Error('exchange finished');
const TIMED_OUT = new Error('timeout');

/** A timeout on the injected clock, like every other wait in this client: `signal` aborts once
 *  `ms` have passed, unless `stop()` (call it in a finally) came first. */
export interface ClockTimeout {
  signal: AbortSignal;
  timedOut(): boolean;
  stop(): void;
}

export function clockTimeout(clock: Clock, ms: number): ClockTimeout {
  const abort = new AbortController();
  const stopTimer = new AbortController();
  let timedOut = false;
  clock.sleep(ms, stopTimer.signal).then(
    () => { timedOut = true; abort.abort(TIMED_OUT); },
    () => { /* the exchange finished first */ },
  );
  return {
    signal: abort.signal,
    timedOut: () => timedOut,
    stop: () => stopTimer.abort(FINISHED), // a reason of our own: abort() alone builds a DOMException each time
  };
}

export async function sendHttp(req: HttpRequest, opts: SendOptions): Promise<HttpAnswer> {
  const timeout = clockTimeout(opts.clock, opts.timeoutMs);
  try {
    return await opts.transport(req, timeout.signal);
  } catch (err) {
    if (timeout.timedOut()) {
      throw new QboTimeoutError({
        message: `no answer from QuickBooks within ${opts.timeoutMs} ms`,
        requestId: opts.requestId, outcomeUnknown: opts.isWrite, cause: err,
      });
    }
    const code = transportCode(err);
    // Anything that is not a transport failure (a bad URL, a bug in a custom fetch) stays
    // what it is, so the retry decision sees an unknown error and does not retry it.
    if (code === null && !(err instanceof TypeError && err.message === 'fetch failed')) throw err;
    throw new QboNetworkError({
      message: `network error talking to QuickBooks: ${code ?? 'fetch failed'}`,
      requestId: opts.requestId,
      outcomeUnknown: opts.isWrite && !(code !== null && NOT_SENT.has(code)),
      cause: err,
    });
  } finally {
    timeout.stop();
  }
}

const UNDICI_TRANSPORT = new Set([
  'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** The system or undici error code of a transport failure behind a fetch error ("ECONNRESET",
 *  "UND_ERR_SOCKET"); null when the failure is something else (ERR_INVALID_URL is a bug). */
export function transportCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNDICI_TRANSPORT.has(code) || (/^E[A-Z_]+$/.test(code) && !code.startsWith('ERR_')))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
