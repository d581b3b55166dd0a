/**
 * Secrets at rest and in the logs (issue 7). The product runs as `npm start` builds it
 * (startTillbooks, PGlite on disk in a data folder, the worker on), pointed at a simulator of
 * the test's own, logging at trace level into a stream the test holds. A person signs in,
 * connects QuickBooks through the consent page and syncs; an expired access token forces a
 * refresh (the refresh token rotates), and a later invalid_grant loses the connection.
 * Afterwards:
 * - no access token, refresh token, API key, session token, password or the token key itself
 *   appears in any log line;
 * - none appears in the database (every column of every table, read back as text), and none in
 *   any file of the data folder (the token key only in its own file);
 * - the qbo_connections row holds the tokens only as an AES-GCM envelope that the key opens.
 */
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTillbooks } from '../../src/app/start.js';
import type { Tillbooks } from '../../src/app/start.js';
import { loadConfig } from '../../src/config/index.js';
import { makeLogger } from '../../src/lib/logger.js';
import { OAUTH_PATHS, startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import { makeConnectionTokenStore } from '../../src/sync/connection-tokens.js';
import { approveConsent } from '../../src/cli/consent-client.js';
import { Agent, OWNER_PASSWORD } from '../../src/web/test-support/world.js';
import { simpleTicket } from '../support/tickets.js';

let sim: Simulator;
let t: Tillbooks;
let dataDir: string;
const logLines: string[] = [];
/** Every secret seen during the story, by what it is. */
const secrets = new Map<string, string>();
let dump = '';
let connectionId = 0;

async function tokensNow(label: string): Promise<void> {
  const stored = await makeConnectionTokenStore(t.database, t.runtime.cipher, connectionId).load();
  if (!stored) throw new Error('no tokens stored');
  secrets.set(`${label} access token`, stored.accessToken);
  secrets.set(`${label} refresh token`, stored.refreshToken);
}

async function databaseAsText(): Promise<string> {
  const db = t.database.db;
  const tables = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(db);
  const out: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table_name)}`.execute(db);
    out.push(`${table_name}: ${JSON.stringify(rows.rows)}`);
  }
  return out.join('\n');
}

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

beforeAll(async () => {
  sim = await startSimulator({ limits: { enabled: true } });
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-secrets-'));
  const config = loadConfig({
    DATA_DIR: dataDir, PORT: '0', TILLBOOKS_DEMO: 'true', LOG_LEVEL: 'trace',
    QBO_API_BASE_URL: sim.url, QBO_AUTHORIZE_URL: sim.url + OAUTH_PATHS.authorize, QBO_TOKEN_URL: sim.url + OAUTH_PATHS.token,
    QBO_REVOKE_URL: sim.url + OAUTH_PATHS.revoke,
  });
  const logger = makeLogger({ level: 'trace', destination: { write: (line: string) => { logLines.push(line); } } });
  t = await startTillbooks(config, { logger, firstPassword: OWNER_PASSWORD });
  secrets.set('API key', t.firstStart!.apiKey!);
  secrets.set('owner password', OWNER_PASSWORD);
  secrets.set('token key', (await readFile(path.join(dataDir, 'secret.key'), 'utf8')).trim());

  // A person signs in and connects QuickBooks through the consent page.
  const agent = new Agent(t);
  await agent.signIn(t.firstStart!.email, OWNER_PASSWORD);
  secrets.set('session token', agent.cookies.get('tb_session')!);
  const start = await agent.submit('/quickbooks?location=denver-1', '/quickbooks/connect', { location: 'denver-1' });
  const callback = await approveConsent(start.location!, { newCompany: 'Secrets Café' });
  secrets.set('OAuth code', callback.code!);
  secrets.set('OAuth state', callback.state!);
  expect((await agent.get(`/quickbooks/callback?${new URLSearchParams(callback)}`)).status).toBe(303);
  connectionId = (await t.sync.connections('default'))[0]!.id;
  const realmId = (await t.sync.connections('default'))[0]!.realmId;
  await tokensNow('first');

  // The POS's key starts a sync; QuickBooks has expired the access token, so it is refreshed.
  sim.setFaults(realmId, { expireAccessTokens: true });
  const started = await t.app.inject({ method: 'POST', url: '/api/v1/sync', headers: { authorization: `Bearer ${secrets.get('API key')}` }, payload: { locationId: 'denver-1' } });
  expect(started.statusCode).toBe(202);
  await t.worker!.drain();
  await tokensNow('refreshed');
  expect(secrets.get('refreshed refresh token')).not.toBe(secrets.get('first refresh token'));

  // Then the connection is lost: the refresh is refused with invalid_grant, and errors are logged.
  const more = await t.app.inject({ method: 'POST', url: '/api/v1/tickets', headers: { authorization: `Bearer ${secrets.get('API key')}` }, payload: simpleTicket({ id: 'SECRETS-1' }) });
  expect(more.statusCode).toBe(200);
  sim.setFaults(realmId, { expireAccessTokens: true, invalidGrantOnRefresh: true });
  await t.app.inject({ method: 'POST', url: '/api/v1/sync', headers: { authorization: `Bearer ${secrets.get('API key')}` }, payload: { locationId: 'denver-1' } });
  await t.worker!.drain();
  dump = await databaseAsText();
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await sim?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** The secrets of `secrets` found in `text` (whole, or a 16-character piece of one). */
function leaks(text: string, except: string[] = []): string[] {
  const found: string[] = [];
  for (const [what, value] of secrets) {
    if (except.includes(what)) continue;
    const middle = value.slice(Math.floor(value.length / 2) - 8, Math.floor(value.length / 2) + 8);
    if (text.includes(value) || text.includes(middle)) found.push(what);
  }
  return found;
}

describe('secrets', () => {
  it('went through the whole story: synced, refreshed, then lost the connection', async () => {
    const runs = await t.sync.recentRuns('default', {});
    expect(runs.map((r) => r.status)).toEqual(['failed', 'finished']);
    expect(runs[1]!.posted).toBeGreaterThan(0);
    expect((await t.sync.connections('default'))[0]!.status).toBe('reconnect_needed');
    expect(logLines.length).toBeGreaterThan(30);
    expect(logLines.some((l) => l.includes('"qbo"'))).toBe(true); // the client's request log was on
    expect(secrets.size).toBe(10);
  });

  it('never writes one to the logs', () => {
    expect(leaks(logLines.join('\n'))).toEqual([]);
    // The callback's request is still logged, with its credentials' values replaced.
    const callback = logLines.find((l) => l.includes('"url":"/quickbooks/callback?'));
    expect(callback).toMatch(/code=\[redacted\]/);
    expect(callback).toMatch(/state=\[redacted\]/);
    expect(callback).toMatch(/realmId=\d+/);
  });

  it('stores none in the database in clear: tokens only as an envelope the key opens', () => {
    expect(leaks(dump)).toEqual([]);
    expect(dump).toMatch(/"tokens_enc":"v1\.[\w-]+\.[\w-]+\.[\w-]+"/);
  });

  it('leaves none in the data folder\'s files (the token key only in its own file)', async () => {
    await t.stop();
    const found: string[] = [];
    for (const file of await filesOf(dataDir)) {
      const text = (await readFile(file)).toString('latin1');
      for (const what of leaks(text, path.basename(file) === 'secret.key' ? ['token key'] : [])) found.push(`${path.relative(dataDir, file)}: ${what}`);
    }
    expect(found).toEqual([]);
  });
});
