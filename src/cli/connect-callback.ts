/**
 * How `tillbooks connect` gets the OAuth callback without the back office: the QuickBooks
 * server may answer the authorize URL at once (a stand-in that approves, or the simulator's
 * consent page, which this process fills in); otherwise a person approves in a browser, and
 * the browser comes back to the redirect URI, which this process listens on when it is a
 * local address (or the person pastes the address it was sent to).
 */
import http from 'node:http';
import { CommandError } from './context.js';
import { EXIT } from './exit-codes.js';
import type { ConsentChoice } from './consent-client.js';
import { consentFormAction, reach, submitConsent } from './consent-client.js';
import { readPastedCallback } from './paste-callback.js';

export interface CallbackOptions {
  authorizeUrl: string;
  redirectUri: string;
  /** Try to approve from here: follow the authorize URL, fill the simulator's consent page. */
  headless: boolean;
  /** The company to choose on the simulator's consent page. */
  choice: ConsentChoice;
  timeoutMs: number;
}

export async function obtainCallback(o: CallbackOptions): Promise<Record<string, string>> {
  if (o.headless) {
    const params = await approveHeadless(o.authorizeUrl, o.redirectUri, o.choice);
    if (params) return params;
  }
  // A person is needed: listen only now, so a connect that needs none never takes the port.
  const listener = isLocalRedirect(o.redirectUri) ? await listenOrExplain(o.redirectUri) : null;
  try {
    return await waitForPerson(listener, o);
  } finally {
    await listener?.close();
  }
}

/** The callback's parameters when the server answers without a person; null when one is needed. */
async function approveHeadless(authorizeUrl: string, redirectUri: string, choice: ConsentChoice): Promise<Record<string, string> | null> {
  const res = await reach(authorizeUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    const target = new URL(location, authorizeUrl);
    return sameEndpoint(target, new URL(redirectUri)) ? Object.fromEntries(target.searchParams) : null;
  }
  if (!res.ok) throw new CommandError(`the authorize URL answered HTTP ${res.status}; nothing was connected`, EXIT.connectFailed);
  const html = await res.text();
  return consentFormAction(html) ? submitConsent(authorizeUrl, html, choice) : null;
}

function sameEndpoint(a: URL, b: URL): boolean {
  return a.origin === b.origin && a.pathname === b.pathname;
}

export function isLocalRedirect(redirectUri: string): boolean {
  const url = new URL(redirectUri);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

async function waitForPerson(listener: CallbackListener | null, o: CallbackOptions): Promise<Record<string, string>> {
  const seconds = Math.round(o.timeoutMs / 1000);
  const paste = !listener || process.stdin.isTTY;
  console.error(`Open it in a browser and approve.${listener ? ` Waiting up to ${seconds} s for the callback at ${o.redirectUri}` : ''}${listener && paste ? ';' : ''}`
    + `${paste ? `${listener ? ' or' : ' Then'} paste here the address the browser was sent back to:` : '.'}`);
  const stop = new AbortController();
  const ways: Promise<Record<string, string>>[] = [];
  let timer: NodeJS.Timeout | undefined;
  if (listener) {
    ways.push(listener.callback);
    ways.push(new Promise((_, reject) => {
      timer = setTimeout(() => reject(new CommandError(`no callback came to ${o.redirectUri} within ${seconds} s; nothing was connected`
        + ' (approve sooner, give --timeout SECONDS, or paste the address)', EXIT.connectFailed)), o.timeoutMs);
    }));
  }
  if (paste) ways.push(readPastedCallback('> ', stop.signal));
  try {
    return await Promise.race(ways);
  } finally {
    clearTimeout(timer);
    stop.abort();
    // The ways that lost settle later (the paste rejects on abort): nobody waits for them.
    for (const w of ways) w.catch(() => undefined);
  }
}

interface CallbackListener {
  callback: Promise<Record<string, string>>;
  close(): Promise<void>;
}

async function listenOrExplain(redirectUri: string): Promise<CallbackListener | null> {
  try {
    return await listenForCallback(redirectUri);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES') throw err;
    console.error(`cannot listen on ${new URL(redirectUri).host} for the callback (${code}: is the service running there?); the address can be pasted instead`);
    return null;
  }
}

/**
 * Serves the redirect URI's path on its port until the first request carrying an OAuth state.
 * "localhost" listens on 127.0.0.1 and ::1, since the browser may pick either.
 */
export async function listenForCallback(redirectUri: string): Promise<CallbackListener> {
  const url = new URL(redirectUri);
  const port = Number(url.port || 80);
  let received: (params: Record<string, string>) => void = () => undefined;
  const callback = new Promise<Record<string, string>>((resolve) => { received = resolve; });
  const handler: http.RequestListener = (req, res) => {
    const got = new URL(req.url ?? '/', redirectUri);
    if (got.pathname !== url.pathname || !got.searchParams.has('state')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not the OAuth callback\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('tillbooks received the answer; the terminal says how connecting ended. This page can be closed.\n');
    received(Object.fromEntries(got.searchParams));
  };
  const hosts = url.hostname === 'localhost' ? ['127.0.0.1', '::1'] : [url.hostname.replace(/^\[|\]$/g, '')];
  const servers: http.Server[] = [];
  const closeAll = () => Promise.all(servers.map((s) => new Promise<void>((resolve) => {
    s.closeAllConnections();
    s.close(() => resolve());
  }))).then(() => undefined);
  for (const [i, host] of hosts.entries()) {
    const server = http.createServer(handler);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      servers.push(server);
    } catch (err) {
      // ::1 missing (no IPv6) is no matter once 127.0.0.1 listens.
      if (i === 0 || (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        await closeAll();
        throw err;
      }
    }
  }
  return { callback, close: closeAll };
}
