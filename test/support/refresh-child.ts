/**
 * One process of the two-process refresh test: makes a first QuickBooks call (its access token
 * is then held in memory, as a running worker holds it), says "ready", waits for "go" on stdin,
 * then makes a call through the PostgreSQL-backed token store, and prints what that one took.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { openStore } from '../../src/store/index.js';
import { makeTokenCipher } from '../../src/store/token-crypto.js';
import { makeConnectionTokenStore } from '../../src/sync/connection-tokens.js';
import { makeLimiterRegistry, makeMemoryStateStore, makeOAuth, makeQboClient, makeQboProvider } from '../../src/qbo/index.js';
import { systemClock } from '../../src/lib/clock.js';

const env = (name: string) => process.env[name] ?? (() => { throw new Error(`${name} is not set`); })();
const database = await openStore({ databaseUrl: env('CHILD_DATABASE_URL'), schema: env('CHILD_SCHEMA'), poolSize: 3 });
const provider = makeQboProvider('simulator', { apiBase: env('CHILD_SIM_API'), authorize: env('CHILD_SIM_AUTHORIZE'), token: env('CHILD_SIM_TOKEN'), revoke: env('CHILD_SIM_REVOKE') });
const oauth = makeOAuth({ provider, clientId: 'tillbooks-simulator', clientSecret: 'tillbooks-simulator-secret', redirectUri: 'http://localhost:9/cb', states: makeMemoryStateStore(), clock: systemClock });
const tokens = makeConnectionTokenStore(database, makeTokenCipher(Buffer.from(env('CHILD_KEY'), 'hex')), Number(env('CHILD_CONNECTION')));
const client = makeQboClient({ provider, realmId: env('CHILD_REALM'), oauth, tokens, clock: systemClock, limiters: makeLimiterRegistry() });
await client.query('SELECT * FROM CompanyInfo');
const before = client.requests();
process.stdout.write('ready\n');
await once(createInterface({ input: process.stdin }), 'line');
try {
  const answer = await client.query('SELECT * FROM CompanyInfo');
  process.stdout.write(`${JSON.stringify({ ok: true, company: (answer.CompanyInfo as { CompanyName: string }[])[0]?.CompanyName, requests: client.requests() - before })}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: String(err) })}\n`);
}
await database.close();
