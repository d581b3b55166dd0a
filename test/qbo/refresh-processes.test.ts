/**
 * Issue 4: two PROCESSES hitting access-token expiry at the same moment → one refresh, both
 * carry on. The token store is the production one (encrypted, in PostgreSQL, refresh under an
 * advisory lock, saved by compare-and-swap), so this needs the server (TEST_DATABASE_URL).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { makeConnectionTokenStore } from '../../src/sync/connection-tokens.js';
import { recordConnection, rawTokenEnvelope } from '../../src/store/qbo-connections.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { makeTokenCipher } from '../../src/store/token-crypto.js';
import { closeTestDatabase, openServerTestDatabase, schemaOf, TEST_DATABASE_URL } from '../support/stores.js';

const CHILD = fileURLToPath(new URL('../support/refresh-child.ts', import.meta.url));

interface ChildResult { ok: boolean; requests?: number; error?: string; output: string }

/** A child process: `ready` once it holds its access token, `go()` sends it on, `result` is what it printed. */
function startChild(env: Record<string, string>): { ready: Promise<void>; go: () => void; result: Promise<ChildResult> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let isReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => { isReady = r; });
  proc.stdout.on('data', (c: Buffer) => {
    output += c.toString();
    if (output.includes('ready\n')) isReady();
  });
  proc.stderr.on('data', (c: Buffer) => { output += c.toString(); });
  const result = new Promise<ChildResult>((resolve) => {
    proc.on('exit', () => {
      isReady();
      const line = output.split('\n').find((l) => l.startsWith('{'));
      resolve({ ...(line ? JSON.parse(line) : { ok: false }), output });
    });
  });
  return { ready, go: () => proc.stdin.end('go\n'), result };
}

describe.skipIf(!TEST_DATABASE_URL)('token refresh across processes (needs TEST_DATABASE_URL)', () => {
  let sim: Simulator;
  let database: Database;
  beforeAll(async () => {
    sim = await startSimulator({ limits: { enabled: false } });
    database = (await openServerTestDatabase())!;
  });
  afterAll(async () => {
    await sim?.close();
    if (database) await closeTestDatabase(database);
  });

  it('two processes meeting an expired access token at the same moment make one refresh and both carry on', async () => {
    const key = randomBytes(32);
    const cipher = makeTokenCipher(key);
    const { realmId } = sim.createCompany({ name: 'Two Process Café' });
    const issued = sim.issueTokens(realmId);
    await ensureTenant(database.db, { id: 'rp', name: 'rp' });
    const now = Date.now();
    const connection = await recordConnection(database.db, cipher, { tenantId: 'rp', environment: 'simulator', realmId, companyName: null, tokens: {
      accessToken: issued.access_token, refreshToken: issued.refresh_token, accessExpiresAt: now + 3_600_000, refreshExpiresAt: now + 8_726_400_000 } });
    // The tokens are at rest encrypted: neither appears in the row.
    const envelope = (await rawTokenEnvelope(database.db, connection.id))!;
    expect(envelope).not.toContain(issued.access_token);
    expect(envelope).not.toContain(issued.refresh_token);

    const env = {
      CHILD_DATABASE_URL: TEST_DATABASE_URL!, CHILD_SCHEMA: schemaOf(database)!, CHILD_KEY: key.toString('hex'), CHILD_CONNECTION: String(connection.id),
      CHILD_REALM: realmId, CHILD_SIM_API: sim.urls.api, CHILD_SIM_AUTHORIZE: sim.urls.authorize, CHILD_SIM_TOKEN: sim.urls.token,
      CHILD_SIM_REVOKE: sim.urls.revoke,
    };
    // Both hold the same access token (each made a call with it) before QuickBooks expires it:
    // however slowly either starts, both meet the expiry (a fixed start instant let a late one
    // load the refreshed token instead, on a loaded machine).
    const children = [startChild(env), startChild(env)];
    await Promise.all(children.map((c) => c.ready));
    sim.setFaults(realmId, { expireAccessTokens: true });
    const refreshesBefore = sim.counters(realmId).tokenRefreshes;
    for (const c of children) c.go();
    const [a, b] = await Promise.all([children[0]!.result, children[1]!.result]);
    expect(a.ok, a.output).toBe(true);
    expect(b.ok, b.output).toBe(true);
    // Both met the expired token (a 401, then the call again), and only one refreshed it.
    expect([a.requests, b.requests]).toEqual([2, 2]);
    expect(sim.counters(realmId).tokenRefreshes - refreshesBefore).toBe(1);
    const stored = await makeConnectionTokenStore(database, cipher, connection.id).load();
    expect(stored!.refreshToken).not.toBe(issued.refresh_token);
    expect(stored!.version).toBe(2);
  });
});
