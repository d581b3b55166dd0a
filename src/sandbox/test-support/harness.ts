/**
 * Test harness: a simulator on an ephemeral port, companies with tokens, and a tiny client
 * speaking real HTTP (global fetch) the way a QuickBooks client does.
 */
import { afterAll, beforeAll } from 'vitest';
import { startSimulator } from '../server.js';
import type { CompanyOptions, Simulator, SimulatorOptions } from '../types.js';

export interface Answer {
  status: number;
  /** Parsed JSON when the body is JSON, else the text. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: Headers;
}

export interface CallOptions {
  query?: Record<string, string>;
  /** null sends no Authorization header. */
  token?: string | null;
  headers?: Record<string, string>;
  rawBody?: string;
}

export interface CompanyClient {
  realmId: string;
  token: string;
  call(method: string, path: string, body?: unknown, opts?: CallOptions): Promise<Answer>;
  create(entity: string, body: unknown, query?: Record<string, string>): Promise<Answer>;
  update(entity: string, body: unknown, query?: Record<string, string>): Promise<Answer>;
  read(entity: string, id: string): Promise<Answer>;
  query(sql: string): Promise<Answer>;
}

export interface Harness extends CompanyClient {
  sim: Simulator;
  company(opts?: CompanyOptions): CompanyClient;
  close(): Promise<void>;
}

export async function toAnswer(res: Response): Promise<Answer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, text, headers: res.headers };
}

export function clientFor(sim: Simulator, realmId: string, token: string): CompanyClient {
  const call: CompanyClient['call'] = async (method, path, body, o = {}) => {
    const url = new URL(`${sim.urls.api}/v3/company/${realmId}/${path}`);
    url.searchParams.set('minorversion', '75');
    for (const [k, v] of Object.entries(o.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
    const bearer = o.token === undefined ? token : o.token;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    const payload = o.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    return toAnswer(await fetch(url, { method, headers, body: payload }));
  };
  return {
    realmId, token, call,
    create: (entity, body, query) => call('POST', entity.toLowerCase(), body, query ? { query } : {}),
    update: (entity, body, query) => call('POST', entity.toLowerCase(), body, { query: { operation: 'update', ...query } }),
    read: (entity, id) => call('GET', `${entity.toLowerCase()}/${id}`),
    query: (sql) => call('GET', 'query', undefined, { query: { query: sql } }),
  };
}

export async function startHarness(opts: SimulatorOptions & { company?: CompanyOptions } = {}): Promise<Harness> {
  const { company: companyOptions, ...simOptions } = opts;
  const sim = await startSimulator(simOptions);
  const company = (o: CompanyOptions = {}): CompanyClient => {
    const { realmId } = sim.createCompany({ name: 'Corner Café', ...o });
    return clientFor(sim, realmId, sim.issueTokens(realmId).access_token);
  };
  return { ...company(companyOptions), sim, company, close: () => sim.close() };
}

/** The first Error of a Fault answer, for terse assertions. */
export function faultOf(a: Answer): { status: number; type: string; code: string; detail: string; element: string } {
  const f = a.body?.Fault;
  const e = f?.Error?.[0] ?? {};
  return { status: a.status, type: f?.type, code: e.code, detail: e.Detail, element: e.element };
}

/** Ids every sales test needs: a customer, the default Services item, and key accounts. */
export interface SalesSetup {
  customerId: string;
  itemId: string;
  undepositedId: string;
  checkingId: string;
  incomeId: string;
}

export async function salesSetup(c: CompanyClient, customerName = 'Guest Customer'): Promise<SalesSetup> {
  const customer = await c.create('Customer', { DisplayName: customerName });
  const item = await c.query("SELECT * FROM Item WHERE Name = 'Services'");
  const accounts = await c.query('SELECT * FROM Account MAXRESULTS 1000');
  const rows = accounts.body.QueryResponse.Account as { Id: string; AccountSubType: string; Name: string }[];
  const bySubtype = (s: string) => rows.find((a) => a.AccountSubType === s)?.Id ?? '';
  return {
    customerId: customer.body.Customer.Id,
    itemId: item.body.QueryResponse.Item[0].Id,
    undepositedId: bySubtype('UndepositedFunds'),
    checkingId: bySubtype('Checking'),
    incomeId: rows.find((a) => a.Name === 'Services')?.Id ?? '',
  };
}

export function itemLine(itemId: string, amount: number, detail: Record<string, unknown> = {}): Record<string, unknown> {
  return { DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: { value: itemId }, ...detail } };
}

/**
 * A harness for a whole test file: started before its tests (with the usual sales set-up when
 * asked), closed after them. Read `t.h` and `t.s` inside tests.
 */
export function useHarness(opts: SimulatorOptions & { company?: CompanyOptions; sales?: boolean } = {}): { h: Harness; s: SalesSetup } {
  const t = {} as { h: Harness; s: SalesSetup };
  const { sales, ...simOpts } = opts;
  beforeAll(async () => {
    t.h = await startHarness(simOpts);
    if (sales) t.s = await salesSetup(t.h);
  });
  afterAll(() => t.h?.close());
  return t;
}
