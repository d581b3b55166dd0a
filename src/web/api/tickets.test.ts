import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { simpleTicket } from '../../../test/support/tickets.js';
import { silentLogger } from '../../lib/logger.js';
import { openStore } from '../../store/index.js';
import type { Database } from '../../store/index.js';
import { createApiKey } from '../../store/api-keys.js';
import { upsertLocation } from '../../store/locations.js';
import { ensureTenant } from '../../store/tenants.js';
import { buildApp } from '../app.js';

const example = readFileSync(new URL('../../../test/fixtures/example-ticket.json', import.meta.url), 'utf8');
let database: Database;
let app: FastifyInstance;
let key: string;
let otherKey: string;

beforeAll(async () => {
  database = await openStore({});
  for (const t of ['a', 'b']) await ensureTenant(database.db, { id: t, name: t });
  const loc = { name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null };
  await upsertLocation(database.db, 'a', { id: 'denver-1', ...loc });
  await upsertLocation(database.db, 'b', { id: 'b-1', ...loc });
  key = (await createApiKey(database.db, 'a', 'pos')).key;
  otherKey = (await createApiKey(database.db, 'b', 'pos')).key;
  app = await buildApp({ db: database.db, logger: silentLogger });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

const post = (body: string, headers: Record<string, string> = {}) => app.inject({
  method: 'POST', url: '/api/v1/tickets', payload: body,
  headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
});

describe('POST /api/v1/tickets', () => {
  it('refuses a request without a key, or with a wrong one', async () => {
    expect((await post(example, { authorization: '' })).statusCode).toBe(401);
    expect((await post(example, { authorization: 'Bearer tb_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(401);
  });

  it('takes the contract example, then finds it unchanged', async () => {
    const first = await post(example);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ summary: { taken: 1, unchanged: 0, replaced: 0, refused: 0 },
      results: [{ index: 0, outcome: 'taken', locationId: 'denver-1', id: '1042-0007', version: 1 }] });
    expect((await post(example)).json().results[0].outcome).toBe('unchanged');
  });

  it('answers 207 for a batch with some refused, naming field and values', async () => {
    const bad = { ...simpleTicket({ id: 'api-2' }), total: '12.34' };
    const res = await post(JSON.stringify([simpleTicket({ id: 'api-1' }), bad]));
    expect(res.statusCode).toBe(207);
    const body = res.json();
    expect(body.summary).toEqual({ taken: 1, unchanged: 0, replaced: 0, refused: 1 });
    expect(body.results[1].errors[0]).toEqual({ field: 'total', message: expect.stringContaining('total 12.34 ≠ computed 12.50'), text: expect.stringMatching(/^total: total 12\.34/) });
  });

  it('answers 422 when every ticket is refused', async () => {
    const res = await post(JSON.stringify({ ...simpleTicket({ id: 'api-3' }), lines: [] }));
    expect(res.statusCode).toBe(422);
    expect(res.json().results[0].errors[0].field).toBe('lines');
  });

  it('takes NDJSON', async () => {
    const body = [simpleTicket({ id: 'nd-1' }), simpleTicket({ id: 'nd-2' })].map((t) => JSON.stringify(t)).join('\n');
    const res = await post(body, { 'content-type': 'application/x-ndjson' });
    expect(res.json().summary.taken).toBe(2);
    expect(res.json().results.map((r: { index: number }) => r.index)).toEqual([1, 2]);
  });

  it.each([
    ['', 400, 'empty'],
    ['[{"id": 1},', 400, 'not closed'],
    ['"just a string"', 400, 'must be a ticket object'],
    ['[]', 400, 'batch is empty'],
    ['{"id": ', 422, 'not valid JSON'],
  ])('answers malformed body %j with %i, never 5xx', async (body, status, words) => {
    const res = await post(body);
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain(words);
  });

  it('refuses other content types with 415 and batches over 1,000 with 413', async () => {
    expect((await post('x=1', { 'content-type': 'application/x-www-form-urlencoded' })).statusCode).toBe(415);
    const big = JSON.stringify(Array.from({ length: 1001 }, (_, i) => simpleTicket({ id: `big-${i}` })));
    const res = await post(big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toContain('at most 1000');
  });

  it('keeps tenants apart: a key of tenant b cannot post to tenant a\'s location', async () => {
    const res = await post(JSON.stringify(simpleTicket({ id: 'x-1', locationId: 'denver-1' })), { authorization: `Bearer ${otherKey}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().results[0].errors[0].field).toBe('locationId');
  });
});

describe('/api/v1/locations', () => {
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
    app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${key}` } });

  it('adds, lists, changes, and refuses a bad time zone naming the field', async () => {
    const added = await call('POST', '/api/v1/locations', { id: 'ny-1', name: 'NY', timeZone: 'America/New_York' });
    expect(added.statusCode).toBe(201);
    expect(added.json().location).toMatchObject({ id: 'ny-1', syncTime: '00:00', syncTimeZone: 'America/Denver', enabled: true });
    const bad = await call('POST', '/api/v1/locations', { id: 'x', name: 'X', timeZone: 'Mars/Base' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details).toEqual([{ field: 'timeZone', message: expect.stringContaining('Mars/Base') }]);
    const changed = await call('PATCH', '/api/v1/locations/ny-1', { syncTime: '02:30', syncStartDate: '2026-11-01' });
    expect(changed.json().location).toMatchObject({ syncTime: '02:30', syncStartDate: '2026-11-01' });
    const list = await call('GET', '/api/v1/locations');
    expect(list.json().locations.map((l: { id: string }) => l.id)).toEqual(['denver-1', 'ny-1']);
    expect((await call('GET', '/api/v1/locations/b-1')).statusCode).toBe(404);
  });
});
