/**
 * API keys stored hashed, and the intake's rate limit (issue 7), over real HTTP.
 * - The api_keys table holds no key and no piece of one: only its SHA-256 and its public
 *   prefix. A key with one character changed, or a revoked key, opens nothing.
 * - POST /api/v1/tickets answers 429 (JSON, Retry-After) once a key has sent its limit within
 *   the minute, and stores nothing of the refused batch; other keys keep their own budget.
 *   (The sign-in limit, 10 a minute per address, is src/web/session/signin.test.ts.)
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/lib/logger.js';
import { createApiKey, revokeApiKey } from '../../src/store/api-keys.js';
import type { NewApiKey } from '../../src/store/api-keys.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { buildApp } from '../../src/web/app.js';
import { backends, closeTestDatabase } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';

const LIMIT = 5;
let database: Database;
let app: FastifyInstance;
let url: string;
const keys: Record<'a1' | 'a2' | 'b' | 'revoked' | 'victim', NewApiKey> = {} as never;

beforeAll(async () => {
  database = await backends()[0]!.open();
  for (const id of ['a', 'b']) {
    await ensureTenant(database.db, { id, name: id });
    await upsertLocation(database.db, id, { id: 'denver-1', name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
  }
  keys.a1 = await createApiKey(database.db, 'a', 'till 1');
  keys.a2 = await createApiKey(database.db, 'a', 'till 2');
  keys.b = await createApiKey(database.db, 'b', 'other store');
  keys.revoked = await createApiKey(database.db, 'a', 'old till');
  await revokeApiKey(database.db, 'a', keys.revoked.prefix);
  keys.victim = await createApiKey(database.db, 'b', 'victim till');
  app = await buildApp({ db: database.db, logger: silentLogger, intakeRateLimit: LIMIT });
  url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace(/\/$/, '');
});
afterAll(async () => {
  await app?.close();
  if (database) await closeTestDatabase(database);
});

async function postTicket(key: string, id: string): Promise<Response> {
  return fetch(`${url}/api/v1/tickets`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(simpleTicket({ id })),
  });
}

const stored = async (tenantId: string) => (await database.db.selectFrom('tickets').select('ticket_id').where('tenant_id', '=', tenantId).execute()).map((r) => r.ticket_id);

describe('API keys', () => {
  it('are stored as a SHA-256 and a public prefix only: no key, no piece of one', async () => {
    const rows = await database.db.selectFrom('api_keys').selectAll().execute();
    expect(rows).toHaveLength(5);
    const dump = JSON.stringify(rows);
    for (const k of Object.values(keys)) {
      const secret = k.key.slice(`tb_${k.prefix}_`.length);
      expect(secret.length).toBeGreaterThanOrEqual(40);
      for (let i = 0; i + 12 <= secret.length; i += 4) expect(dump).not.toContain(secret.slice(i, i + 12));
      const row = rows.find((r) => r.prefix === k.prefix)!;
      expect(row.key_hash).toBe(createHash('sha256').update(k.key).digest('hex'));
    }
  });

  it('open nothing when one character is changed, or once revoked', async () => {
    const last = keys.b.key.at(-1) === 'A' ? 'B' : 'A';
    expect((await postTicket(`${keys.b.key.slice(0, -1)}${last}`, 'K-1')).status).toBe(401);
    expect((await postTicket(keys.revoked.key, 'K-2')).status).toBe(401);
    expect(await stored('a')).toEqual([]);
    expect(await stored('b')).toEqual([]);
  });
});

describe('the intake rate limit', () => {
  it(`answers 429 after ${LIMIT} requests of one key in a minute, storing nothing of the refused ones`, async () => {
    for (let i = 1; i <= LIMIT; i++) expect((await postTicket(keys.a1.key, `A1-${i}`)).status).toBe(200);
    const refused = await postTicket(keys.a1.key, 'A1-over');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: expect.stringMatching(/rate limit/i) });
    expect(await stored('a')).not.toContain('A1-over');
    expect((await stored('a')).filter((id) => id.startsWith('A1-'))).toHaveLength(LIMIT);
  });

  it('counts each key on its own: another key of the tenant, and another tenant, still get through', async () => {
    expect((await postTicket(keys.a2.key, 'A2-1')).status).toBe(200);
    expect((await postTicket(keys.b.key, 'B-1')).status).toBe(200);
    expect((await postTicket(keys.a1.key, 'A1-still-over')).status).toBe(429);
  });

  it('made-up keys do not escape it: one address sending many different keys is limited too', async () => {
    const forged = (i: number) => `tb_${i.toString(16).padStart(12, '0')}_${'A'.repeat(43)}`;
    const answers: number[] = [];
    for (let i = 0; i < LIMIT * 4 + 2; i++) answers.push((await postTicket(forged(i), `F-${i}`)).status);
    // The address has spent part of its allowance in the tests above: some 401s, then only 429s.
    const first429 = answers.indexOf(429);
    expect(first429).toBeGreaterThan(0);
    expect(answers.slice(0, first429).every((s) => s === 401)).toBe(true);
    expect(answers.slice(first429).every((s) => s === 429)).toBe(true);
  });

  it('cannot be spent by someone who knows only a key\'s public prefix (issue 20): the real key still gets through', async () => {
    // An attacker at another address sends the victim key's 12-character prefix with a made-up
    // secret, more often than the key's own limit. Each is a 401, counted against the
    // attacker's address, never against the key.
    const forged = `tb_${keys.victim.prefix}_${'A'.repeat(43)}`;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT * 3; i++) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/tickets', remoteAddress: '10.66.0.1', payload: JSON.stringify(simpleTicket({ id: `FLOOD-${i}` })),
        headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' } });
      statuses.push(res.statusCode);
    }
    expect(new Set(statuses)).toEqual(new Set([401]));
    // The till, at its own address (this file's other tests spent 127.0.0.1's allowance).
    const till = await app.inject({ method: 'POST', url: '/api/v1/tickets', remoteAddress: '10.77.0.1', payload: JSON.stringify(simpleTicket({ id: 'VICTIM-1' })),
      headers: { authorization: `Bearer ${keys.victim.key}`, 'content-type': 'application/json' } });
    expect(till.statusCode).toBe(200);
    expect(await stored('b')).toContain('VICTIM-1');
    expect((await stored('b')).filter((id) => id.startsWith('FLOOD-'))).toEqual([]);
  });
});
