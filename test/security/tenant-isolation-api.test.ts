/**
 * Tenant isolation of the JSON API (issue 7): a second tenant, with its own API key or its own
 * signed-in session, can neither read nor act on the first tenant's tickets, locations,
 * connections or runs - every answer is the one a missing thing gets, and the first tenant's
 * data is unchanged afterwards. The API's routes are read from the running app: a route added
 * later fails the last test until its isolation case is written here. (The pages' own
 * isolation is src/web/tenant-isolation.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTHER, OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../../src/web/test-support/world.js';
import type { Agent, World } from '../../src/web/test-support/world.js';
import { takePayouts } from '../../src/intake/take-payouts.js';
import { payout } from '../support/records.js';
import { simpleTicket } from '../support/tickets.js';

let w: World;
let ownerConnection = 0;
let ownerRun = 0;
let ownerTickets: string[] = [];
let otherSession: Agent;
let csrf = '';

interface Call { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; payload?: unknown }

async function byKey(key: string, c: Call) {
  const res = await w.t.app.inject({ method: c.method, url: c.url, headers: { authorization: `Bearer ${key}` }, ...(c.payload !== undefined && { payload: c.payload as object }) });
  return { status: res.statusCode, body: res.body, json: () => JSON.parse(res.body) as Record<string, unknown> };
}

async function bySession(c: Call) {
  const res = await w.t.app.inject({
    method: c.method, url: c.url,
    headers: { cookie: [...otherSession.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(c.method !== 'GET' && { 'x-csrf-token': csrf }) },
    ...(c.payload !== undefined && { payload: c.payload as object }),
  });
  return { status: res.statusCode, body: res.body, json: () => JSON.parse(res.body) as Record<string, unknown> };
}

/** What the first tenant has, to compare after every attempt. */
async function ownerState() {
  const db = w.t.database.db;
  const [locations, tickets, runs, connections, mappings, processorSettings, payouts] = await Promise.all([
    db.selectFrom('locations').selectAll().where('tenant_id', '=', 'default').orderBy('id').execute(),
    db.selectFrom('tickets').select(['location_id', 'ticket_id', 'version', 'sync_state', 'last_run_id']).where('tenant_id', '=', 'default').orderBy('ticket_id').execute(),
    db.selectFrom('sync_runs').select(['id', 'status']).where('tenant_id', '=', 'default').orderBy('id').execute(),
    db.selectFrom('qbo_connections').select(['id', 'status', 'token_version']).where('tenant_id', '=', 'default').execute(),
    db.selectFrom('account_mappings').select(['connection_id', 'revision']).where('tenant_id', '=', 'default').execute(),
    db.selectFrom('processor_settings').select(['processor_key', 'usual_delay_days']).where('tenant_id', '=', 'default').execute(),
    db.selectFrom('payouts').select(['processor', 'payout_id', 'version', 'sync_state']).where('tenant_id', '=', 'default').orderBy('payout_id').execute(),
  ]);
  return JSON.stringify({ locations, tickets, runs, connections, mappings, processorSettings, payouts });
}

beforeAll(async () => {
  w = await startWorld();
  const owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
  await connectThroughConsent(owner, 'denver-1');
  ownerConnection = (await w.t.sync.connections('default'))[0]!.id;
  const started = await byKey(w.ownerApiKey, { method: 'POST', url: '/api/v1/sync', payload: { locationId: 'denver-1' } });
  ownerRun = Number(started.json().runId);
  await w.t.worker!.drain();
  // Payouts turned on for the first tenant's "square", its usual delay set: the clearing view has something to hide.
  const bank = (await w.t.sync.mapping.companyLists('default', ownerConnection)).accounts.find((a) => a.type === 'Bank')!;
  await w.t.sync.payouts.turnOn('default', ownerConnection, { processor: 'square', from: '2026-11-01', bank: { id: bank.id, name: bank.name }, by: 'test' });
  await w.t.sync.payouts.setUsualDelay('default', 'square', 3, 'test');
  // A payout of its, skipped: what "Repost this payout" would move.
  await takePayouts(w.t.database.db, 'default', [{ raw: JSON.stringify(payout({ id: 'po-owner' })), ref: 0 }]);
  await w.t.database.db.updateTable('payouts').set({ sync_state: 'skipped' }).where('tenant_id', '=', 'default').where('payout_id', '=', 'po-owner').execute();
  ownerTickets = (await w.t.database.db.selectFrom('tickets').select('ticket_id').where('tenant_id', '=', 'default').execute()).map((r) => r.ticket_id);
  otherSession = await signedIn(w.t, OTHER.email, OTHER.password);
  csrf = /<meta name="csrf-token" content="([^"]+)"/.exec((await otherSession.get('/tickets')).body)?.[1] ?? '';
}, 60_000);
afterAll(async () => { await w?.stop(); });

/** Each API route, as the other tenant would aim it at the first tenant's things, and what must come back. */
interface Attempt {
  route: string;
  call: () => Call;
  expect: (r: Awaited<ReturnType<typeof byKey>>) => void | Promise<void>;
  /** The answer repeats what was sent (a ticket's id), so it may name the first tenant's ids. */
  echoes?: boolean;
}

const attempts: Attempt[] = [
  { route: 'GET /api/v1/locations', call: () => ({ method: 'GET', url: '/api/v1/locations' }),
    expect: (r) => expect((r.json().locations as { id: string }[]).map((l) => l.id)).toEqual([OTHER.locationId]) },
  { route: 'GET /api/v1/locations/:id', call: () => ({ method: 'GET', url: '/api/v1/locations/denver-1' }), expect: (r) => expect(r.status).toBe(404) },
  { route: 'PATCH /api/v1/locations/:id', call: () => ({ method: 'PATCH', url: '/api/v1/locations/denver-1', payload: { enabled: false } }), expect: (r) => expect(r.status).toBe(404) },
  // Adding "denver-1" makes a location of the other tenant's own (removed again, so the other
  // attempts still aim at a location it does not have); the first tenant's is untouched.
  { route: 'POST /api/v1/locations', call: () => ({ method: 'POST', url: '/api/v1/locations', payload: { id: 'denver-1', name: 'Hijack', timeZone: 'Europe/Paris' } }),
    expect: async (r) => {
      expect(r.status).toBe(201);
      expect(r.json().location).toMatchObject({ id: 'denver-1', name: 'Hijack', connectionId: null });
      await w.t.database.db.deleteFrom('locations').where('tenant_id', '=', OTHER.tenantId).where('id', '=', 'denver-1').execute();
    } },
  { route: 'POST /api/v1/tickets', echoes: true, call: () => ({ method: 'POST', url: '/api/v1/tickets', payload: simpleTicket({ id: ownerTickets[0]!, locationId: 'denver-1', version: 9 }) }),
    expect: (r) => {
      expect(r.status).toBe(422);
      expect(JSON.stringify(r.json().results)).toContain('unknown location');
    } },
  { route: 'POST /api/v1/drawer-operations', echoes: true,
    call: () => ({ method: 'POST', url: '/api/v1/drawer-operations', payload: { id: 'd-1', locationId: 'denver-1', at: '2026-11-24T10:00:00-07:00', kind: 'paid_out', amount: '5.00', reason: 'x' } }),
    expect: (r) => {
      expect(r.status).toBe(422);
      expect(JSON.stringify(r.json().results)).toContain('unknown location');
    } },
  // The first tenant's processors are not the second's: it has no company, so no processor.
  { route: 'POST /api/v1/payouts', echoes: true,
    call: () => ({ method: 'POST', url: '/api/v1/payouts', payload: { id: 'po-1', processor: 'square', arrivalDate: '2026-11-24', gross: '10.00', fees: '0.30', net: '9.70' } }),
    expect: (r) => {
      expect(r.status).toBe(422);
      expect(JSON.stringify(r.json().results)).toContain('unknown processor');
    } },
  { route: 'POST /api/v1/sync', call: () => ({ method: 'POST', url: '/api/v1/sync', payload: { connectionId: ownerConnection } }), expect: (r) => expect(r.status).toBe(404) },
  { route: 'POST /api/v1/resync', echoes: true, call: () => ({ method: 'POST', url: '/api/v1/resync', payload: { tickets: ownerTickets.slice(0, 5).map((ticketId) => ({ locationId: 'denver-1', ticketId })) } }),
    expect: (r) => {
      expect(r.json().queued).toEqual([]);
      expect((r.json().ignored as { reason: string }[]).every((i) => i.reason === 'no such ticket')).toBe(true);
    } },
  { route: 'GET /api/v1/runs', call: () => ({ method: 'GET', url: '/api/v1/runs' }), expect: (r) => expect(r.json().runs).toEqual([]) },
  { route: 'GET /api/v1/runs/:id', call: () => ({ method: 'GET', url: `/api/v1/runs/${ownerRun}` }), expect: (r) => expect(r.status).toBe(404) },
  // Repair of the first tenant's connection (issue 16): answered as for a connection that does not exist; undo and
  // repost are refused before that to a key without the destructive scope.
  { route: 'POST /api/v1/sync/dry-run', call: () => ({ method: 'POST', url: '/api/v1/sync/dry-run', payload: { connectionId: ownerConnection } }),
    expect: (r) => expect(r.status).toBe(404) },
  { route: 'POST /api/v1/undo/preview', call: () => ({ method: 'POST', url: '/api/v1/undo/preview', payload: { connectionId: ownerConnection, from: '2026-11-01', to: '2026-11-30' } }),
    expect: (r) => expect(r.status).toBe(404) },
  ...(['undo', 'repost'] as const).map((what): Attempt => ({
    route: `POST /api/v1/${what}`,
    call: () => ({ method: 'POST', url: `/api/v1/${what}`, payload: { connectionId: ownerConnection, from: '2026-11-01', to: '2026-11-30', confirm: 'Other' } }),
    expect: (r) => expect([403, 404]).toContain(r.status),
  })),
  { route: 'GET /api/v1/undo/:id', call: () => ({ method: 'GET', url: '/api/v1/undo/1' }), expect: (r) => expect(r.status).toBe(404) },
  { route: 'GET /api/v1/audit', call: () => ({ method: 'GET', url: '/api/v1/audit' }), expect: (r) => expect(r.json().entries).toEqual([]) },
  // The mapping of the first tenant's connection: every route answers as for a connection that does not exist.
  ...([
    ['GET', 'mapping'], ['PUT', 'mapping', { revision: 0, mapping: {} }], ['GET', 'mapping/names'], ['GET', 'company-lists'],
    ['POST', 'mapping/targets', { role: 'category', posName: 'Hijack' }], ['GET', 'mapping/export'], ['POST', 'mapping/import', {}],
    ['POST', 'mapping/apply/preview', { from: '2026-11-01', to: '2026-11-30' }], ['POST', 'mapping/apply', { from: '2026-11-01', to: '2026-11-30' }],
  ] as const).map(([method, path, payload]): Attempt => ({
    route: `${method} /api/v1/connections/:id/${path}`,
    call: () => ({ method, url: `/api/v1/connections/${ownerConnection}/${path}`, ...(payload !== undefined && { payload }) }),
    expect: (r) => expect([r.status, r.json().error]).toEqual([404, `no connection ${ownerConnection}`]),
  })),
  // Changes made in QuickBooks: the first tenant's tickets are as unknown as missing ones.
  { route: 'GET /api/v1/tickets/changed-in-quickbooks', call: () => ({ method: 'GET', url: '/api/v1/tickets/changed-in-quickbooks' }),
    expect: (r) => expect(r.json().tickets).toEqual([]) },
  ...(['repost', 'accept'] as const).map((choice): Attempt => ({
    route: `POST /api/v1/tickets/:locationId/:ticketId/${choice}`, echoes: true,
    call: () => ({ method: 'POST', url: `/api/v1/tickets/denver-1/${encodeURIComponent(ownerTickets[0]!)}/${choice}` }),
    expect: (r) => expect(r.status).toBe(404),
  })),
  // Public (QuickBooks' own notifications, their signature the credential): a key or session is
  // no credential there, and an unsigned notification naming the first tenant's company is refused.
  { route: 'POST /api/v1/quickbooks/webhooks', call: () => ({ method: 'POST', url: '/api/v1/quickbooks/webhooks',
    payload: [{ specversion: '1.0', id: 'x', type: 'qbo.invoice.deleted.v1', intuitentityid: '1', intuitaccountid: 'any', data: {} }] }),
  expect: (r) => expect(r.status).toBe(401) },
  // Summary mode of the first tenant's location: every route answers as for a location that does not exist.
  ...([
    ['GET', 'posting-mode'], ['POST', 'posting-mode/preview', { mode: 'summary', from: '2026-11-01' }], ['PUT', 'posting-mode', { mode: 'summary', from: '2026-11-01' }],
    ['GET', 'days'], ['POST', 'days/resync', { dates: ['2026-11-01'] }], ['POST', 'days/:date/repost'], ['GET', 'days/:date/history'],
  ] as const).map(([method, path, payload]): Attempt => ({
    route: `${method} /api/v1/locations/:id/${path}`,
    call: () => ({ method, url: `/api/v1/locations/denver-1/${path.replace(':date', '2026-11-01')}`, ...(payload !== undefined && { payload }) }),
    expect: (r) => expect([r.status, r.json().error]).toEqual([404, 'no location "denver-1"']),
  })),
  // Clearing balances (issue 15): only its own processors (none); the first tenant's "square" is unknown to it,
  // and a usual delay it sets is its own (the first tenant's stays 3 days, as ownerState checks).
  { route: 'GET /api/v1/payouts/clearing', call: () => ({ method: 'GET', url: '/api/v1/payouts/clearing' }),
    expect: async (r) => {
      expect(r.json().processors).toEqual([]);
      const named = await byKey(w.otherApiKey, { method: 'GET', url: '/api/v1/payouts/clearing?processor=square' });
      expect([named.status, named.json().error]).toEqual([404, 'no processor "square" with payouts turned on']);
    } },
  { route: 'PUT /api/v1/payouts/processors/:processor/usual-delay', echoes: true,
    call: () => ({ method: 'PUT', url: '/api/v1/payouts/processors/square/usual-delay', payload: { days: 9 } }),
    expect: (r) => expect(r.json()).toEqual({ processor: 'square', usualDelayDays: 9 }) },
  // "Repost this payout" aimed at the first tenant's payout (skipped): unknown to it, and left skipped (ownerState).
  { route: 'POST /api/v1/payouts/processors/:processor/payouts/:id/repost',
    call: () => ({ method: 'POST', url: '/api/v1/payouts/processors/square/payouts/po-owner/repost' }),
    expect: (r) => expect([r.status, r.json().error]).toEqual([404, 'no payout "po-owner" of processor "square"']) },
  // Only its own companies (none); the month's total is the installation's, against its budget.
  { route: 'GET /api/v1/quickbooks/usage', call: () => ({ method: 'GET', url: '/api/v1/quickbooks/usage' }),
    expect: (r) => expect(r.json().companies).toEqual([]) },
];

describe('tenant isolation of the API', () => {
  it('has a first tenant with a connection, a finished run and posted tickets', async () => {
    expect(ownerConnection).toBeGreaterThan(0);
    expect((await byKey(w.ownerApiKey, { method: 'GET', url: `/api/v1/runs/${ownerRun}` })).json().run).toMatchObject({ status: 'finished' });
    expect(ownerTickets.length).toBeGreaterThan(10);
    expect(csrf).not.toBe('');
  });

  describe.each([['its API key', 'key'], ['its signed-in session', 'session']])('a second tenant with %s', (_name, how) => {
    it.each(attempts.map((a) => [a.route, a] as const))('%s: sees and changes nothing of the first', async (_route, a) => {
      const before = await ownerState();
      const answer = how === 'key' ? await byKey(w.otherApiKey, a.call()) : await bySession(a.call());
      await a.expect(answer);
      if (!a.echoes) expect(answer.body).not.toContain(ownerTickets[0]!);
      expect(await ownerState()).toBe(before);
    });
  });

  it('covers every API route of the running app', () => {
    // printRoutes draws a tree ("└── api/v1/locations (GET, POST)" and, nested, "└── /:id (GET)").
    const routes: string[] = [];
    const stack: string[] = [];
    for (const line of w.t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const m = /^([\s│]*)(?:└── |├── )(\S+) \(([^)]+)\)/.exec(line);
      if (!m) continue;
      stack.length = m[1]!.length / 4;
      const full = `${stack.at(-1) ?? ''}${m[2]}`.replace(/\/+/g, '/');
      stack.push(full);
      for (const method of m[3]!.split(', ')) if (method !== 'HEAD') routes.push(`${method} ${full}`);
    }
    // /api/docs and /api/openapi.json describe the API to anyone (no tenant data): not in the table.
    const api = routes.filter((r) => r.split(' ')[1]!.startsWith('/api/v1/')).sort();
    expect(api.length).toBeGreaterThan(5);
    expect(attempts.map((a) => a.route).sort()).toEqual(api);
  });
});
