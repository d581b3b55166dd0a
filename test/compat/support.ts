/**
 * The compatibility suite's world: `tillbooks simulator` started as a real separate process (the
 * bin a user runs), Intuit's own OAuth client (intuit-oauth) connecting through the simulator's
 * consent page as a browser would, and node-quickbooks pointed at it. Nothing is mocked; both
 * libraries only have their endpoint URLs changed, which both allow.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import OAuthClient from 'intuit-oauth';
import type { QuickBooks as QuickBooksClass, QuickBooksCallback } from 'node-quickbooks';
import { approveConsent } from '../../src/cli/consent-client.js';
import { DEFAULT_APP } from '../../src/sandbox/index.js';
import { startTillbooksProcess } from '../support/child-process.js';

// node-quickbooks is CommonJS (module.exports = QuickBooks) while its types say `export default`: required, typed as the class.
const QuickBooks = createRequire(import.meta.url)('node-quickbooks') as typeof QuickBooksClass;

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const REDIRECT_URI = 'http://localhost:8000/quickbooks/callback';

export interface SimulatorProcess {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no free port');
  return address.port;
}

/** `node bin/tillbooks.mjs simulator --port N` in a process of its own. */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const port = await freePort();
  const child = startTillbooksProcess(['simulator', '--port', String(port)], {}, 'listening on');
  await child.ready;
  const url = /listening on (http:\/\/\S+)/.exec(child.output())?.[1];
  if (child.proc.exitCode !== null || !url) throw new Error(`the simulator did not start:\n${child.output()}`);
  return {
    url,
    async stop() {
      child.proc.kill('SIGTERM');
      await child.exited;
    },
  };
}

/** Intuit's OAuth client, its endpoints pointed at the simulator (setAuthorizeURLs sets them for the whole process). */
export function oauthClient(sim: SimulatorProcess): OAuthClient {
  const client = new OAuthClient({
    clientId: DEFAULT_APP.clientId, clientSecret: DEFAULT_APP.clientSecret, environment: 'sandbox', redirectUri: REDIRECT_URI,
  });
  client.setAuthorizeURLs({
    authorizeEndpoint: `${sim.url}/connect/oauth2`,
    tokenEndpoint: `${sim.url}/oauth2/v1/tokens/bearer`,
    revokeEndpoint: `${sim.url}/v2/oauth2/tokens/revoke`,
    userInfoEndpoint: `${sim.url}/v1/openid_connect/userinfo`,
  });
  return client;
}

/** The code flow: authorize URL → consent page submitted like a browser → redirect → createToken. */
export async function connect(client: OAuthClient, companyName: string): Promise<{ realmId: string; redirect: string }> {
  const uri = client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'compat-state' });
  const params = await approveConsent(uri, { newCompany: companyName });
  const redirect = `${REDIRECT_URI}?${new URLSearchParams(params).toString()}`;
  await client.createToken(redirect);
  return { realmId: client.getToken().realmId, redirect };
}

/** node-quickbooks on OAuth 2.0 against the simulator (its base URL is a class-level setting read by the constructor). */
export function quickbooks(sim: SimulatorProcess, client: OAuthClient): QuickBooksClass {
  QuickBooks.V3_ENDPOINT_BASE_URL = `${sim.url}/v3/company/`;
  QuickBooks.TOKEN_URL = `${sim.url}/oauth2/v1/tokens/bearer`;
  QuickBooks.REVOKE_URL = `${sim.url}/v2/oauth2/tokens/revoke`;
  const token = client.getToken();
  return new QuickBooks(DEFAULT_APP.clientId, DEFAULT_APP.clientSecret, token.access_token, false, token.realmId, true, false, '75', '2.0',
    token.refresh_token);
}

/** A node-quickbooks callback method as a promise: resolves its data, rejects with what the client passes as the error. */
export function call<T = Json>(fn: (cb: QuickBooksCallback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, data) => (err ? reject(err as unknown) : resolve(data as T))));
}

/** The Fault behind a rejection: node-quickbooks rejects with axios' error, whose response carries the body (JSON, or bytes for a PDF call). */
export function faultOf(error: unknown): { status: number; type: string; code: string; detail: string; element: string } {
  const response = (error as { response?: { status: number; data: unknown } }).response;
  if (!response) throw error;
  const data = Buffer.isBuffer(response.data) || response.data instanceof ArrayBuffer
    ? JSON.parse(Buffer.from(response.data as ArrayBuffer).toString('utf8')) as Json
    : response.data as Json;
  const fault = data.Fault ?? data.fault;
  const first = fault?.Error?.[0] ?? fault?.error?.[0] ?? {};
  return { status: response.status, type: fault?.type, code: first.code, detail: first.Detail ?? first.detail, element: first.element };
}

/** What a promise rejected with (fails the test when it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection, got an answer');
}

export async function counters(sim: SimulatorProcess, realmId: string): Promise<Json> {
  return (await fetch(`${sim.url}/__sim/companies/${realmId}/counters`)).json() as Promise<Json>;
}
