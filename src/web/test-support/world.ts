/**
 * A running tillbooks for the back-office tests: the real composition root (store in memory,
 * the simulator on an ephemeral port, the sync and its worker), the demo tenant "default"
 * with its owner, location denver-1 and yesterday's tickets, plus a second tenant to prove
 * that tenants never see each other. `Agent` is a signed-in browser without a browser: a
 * cookie jar over fastify's inject.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTillbooks } from '../../app/start.js';
import type { Tillbooks } from '../../app/start.js';
import { loadConfig } from '../../config/index.js';
import { takeTickets } from '../../intake/take-tickets.js';
import { silentLogger } from '../../lib/logger.js';
import { createApiKey } from '../../store/api-keys.js';
import { upsertLocation } from '../../store/locations.js';
import { ensureTenant } from '../../store/tenants.js';
import { createUser } from '../../store/users.js';

export const OWNER_PASSWORD = 'owner-password-for-tests';
export const OTHER = { tenantId: 'other', email: 'other@example.com', password: 'other-password-for-tests', locationId: 'paris-1', ticketId: 'P-1' };

export interface World {
  t: Tillbooks;
  ownerEmail: string;
  ownerApiKey: string;
  otherApiKey: string;
  /** Yesterday's business date at denver-1 (the demo tickets' date). */
  demoDate: string;
  stop(): Promise<void>;
}

export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-web-'));
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', SIMULATOR_PORT: '0', TILLBOOKS_DEMO: 'true', LOG_LEVEL: 'silent', ...env });
  const t = await startTillbooks(config, { logger: silentLogger, inMemory: true, firstPassword: OWNER_PASSWORD });
  const first = t.firstStart!;
  const { db } = t.database;
  await ensureTenant(db, { id: OTHER.tenantId, name: 'Other store' });
  await createUser(db, OTHER.tenantId, OTHER.email, OTHER.password);
  await upsertLocation(db, OTHER.tenantId, { id: OTHER.locationId, name: 'Paris', timeZone: 'Europe/Paris', enabled: true, syncTime: '00:00', syncTimeZone: 'Europe/Paris', syncStartDate: null });
  const ticket = { id: OTHER.ticketId, locationId: OTHER.locationId, version: 1, status: 'closed', closedAt: '2026-11-20T12:00:00+01:00',
    lines: [{ kind: 'service', name: 'Secret haircut', quantity: '1', unitPrice: '40.00' }], payments: [{ method: 'cash', amount: '40.00' }], total: '40.00' };
  await takeTickets(db, OTHER.tenantId, [{ raw: JSON.stringify(ticket), ref: 0 }]);
  const otherApiKey = (await createApiKey(db, OTHER.tenantId, 'other POS')).key;
  return {
    t, ownerEmail: first.email, ownerApiKey: first.apiKey!, otherApiKey, demoDate: first.demo!.date,
    async stop() {
      await t.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  body: string;
  location: string | undefined;
  headers: Record<string, unknown>;
}

/** One browser's worth of cookies, talking to the app through inject. */
export class Agent {
  readonly cookies = new Map<string, string>();
  /** `remoteAddress`: the client's address as the server sees it (rate limits count per address). */
  constructor(private readonly t: Tillbooks, private readonly remoteAddress = '127.0.0.1') {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = form ? encodeForm(form) : undefined;
    const res = await this.t.app.inject({
      method, url, payload, remoteAddress: this.remoteAddress,
      headers: { ...(this.cookies.size && { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }),
        ...(form && { 'content-type': 'application/x-www-form-urlencoded' }), ...headers },
    });
    for (const c of ([] as string[]).concat(res.headers['set-cookie'] ?? [])) {
      const [pair, ...attrs] = c.split(';');
      const [name, value = ''] = pair!.split('=');
      if (value === '' || attrs.some((a) => /max-age=0/i.test(a.trim()))) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return { status: res.statusCode, body: res.body, location: res.headers.location as string | undefined, headers: res.headers };
  }

  get(url: string): Promise<Reply> {
    return this.request('GET', url);
  }

  /** Posts a form with the CSRF token of the page it came from. */
  async submit(pageUrl: string, action: string, fields: Record<string, string | string[]>): Promise<Reply> {
    const page = await this.get(pageUrl);
    return this.request('POST', action, { _csrf: csrfOf(page.body), ...fields });
  }

  async signIn(email: string, password: string): Promise<Reply> {
    const form = await this.get('/signin');
    return this.request('POST', '/signin', { _csrf: csrfOf(form.body), email, password });
  }
}

export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('the page has no CSRF token');
  return token;
}

export async function signedIn(t: Tillbooks, email: string, password: string): Promise<Agent> {
  const agent = new Agent(t);
  const res = await agent.signIn(email, password);
  if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
  return agent;
}

function encodeForm(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of ([] as string[]).concat(v)) params.append(k, x);
  return params.toString();
}

/**
 * Connects the agent's location through the simulator's real consent page, as a person
 * would: Connect → consent form (approve, given company or a new one) → our callback.
 */
export async function connectThroughConsent(agent: Agent, locationId: string,
  company: { realmId?: string; newName?: string; cancel?: boolean } = {}): Promise<Reply> {
  const start = await agent.submit(`/quickbooks?location=${locationId}`, '/quickbooks/connect', { location: locationId });
  if (start.status !== 303 || !start.location) throw new Error(`connect answered ${start.status}`);
  const consent = await fetch(start.location);
  const html = await consent.text();
  const hidden = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, decodeEntities(m[2]!)]));
  const action = new URL(/<form method="post" action="([^"]+)"/.exec(html)![1]!, start.location);
  const body = new URLSearchParams({ ...hidden, decision: company.cancel ? 'cancel' : 'approve', realmId: company.realmId ?? 'new', companyName: company.newName ?? 'Corner Café' });
  const decided = await fetch(action, { method: 'POST', body, redirect: 'manual' });
  const callback = new URL(decided.headers.get('location')!);
  return agent.get(`${callback.pathname}${callback.search}`);
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
