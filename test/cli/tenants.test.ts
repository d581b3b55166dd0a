/**
 * Tenants from the command line (issue 20): the product is multi-tenant, but the CLI could only
 * fill the default tenant (`api-key create --tenant t2` died on a foreign key with a stack
 * trace). Now `tillbooks tenant add|list`, then a user and an API key for the new tenant, each
 * a real process of the `tillbooks` bin on one embedded data folder; the key and the password
 * then open that tenant and no other. An unknown tenant is a clear error, never a stack trace.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../src/store/api-keys.js';
import { openStore } from '../../src/store/index.js';
import { checkCredentials } from '../../src/store/users.js';
import { startTillbooksProcess } from '../support/child-process.js';

let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-tenants-'));
  env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false' };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** `tillbooks ARGS`, to its end: exit code and everything it printed. */
async function tillbooks(...args: string[]): Promise<{ code: number | null; output: string }> {
  const end = await startTillbooksProcess(args, env, '\u0000').exited;
  return { code: end.code, output: end.output };
}

describe('tillbooks tenant', () => {
  it('adds and lists tenants; a user and an API key made for a new tenant open it, and only it', { timeout: 120_000 }, async () => {
    const added = await tillbooks('tenant', 'add', 't2', '--name', 'Second store');
    expect(added, added.output).toMatchObject({ code: 0 });
    expect(added.output).toContain('added tenant t2 "Second store"');

    const again = await tillbooks('tenant', 'add', 't2', '--name', 'Other name');
    expect(again.code).toBe(1);
    expect(again.output).toContain('tillbooks: tenant "t2" already exists');
    const badId = await tillbooks('tenant', 'add', 'Two Stores', '--name', 'x');
    expect(badId.code).toBe(1);
    expect(badId.output).toContain('tenant id "Two Stores": use 1 to 64 lower-case letters');

    const key = await tillbooks('api-key', 'create', 'till 1', '--tenant', 't2');
    expect(key, key.output).toMatchObject({ code: 0 });
    const apiKey = /\n\s+(tb_\S+)/.exec(key.output)?.[1];
    expect(apiKey).toBeTruthy();
    const user = await tillbooks('user-add', 'owner@second.example', '--tenant', 't2');
    expect(user, user.output).toMatchObject({ code: 0 });
    const password = /password \(shown once\): (\S+)/.exec(user.output)?.[1];
    expect(password).toBeTruthy();
    expect(user.output).toContain('added to tenant t2');

    const list = await tillbooks('tenant', 'list');
    expect(list.code).toBe(0);
    expect(list.output).toMatch(/^t2\s+Second store\s+1 users, 1 API keys, 0 locations$/m);
    expect(list.output).toMatch(/^default\s/m);

    const database = await openStore({ dataDir });
    try {
      expect(await authenticateApiKey(database.db, apiKey!)).toMatchObject({ tenantId: 't2' });
      expect(await checkCredentials(database.db, 'owner@second.example', password!)).toMatchObject({ tenantId: 't2' });
      const rows = await database.db.selectFrom('api_keys').select('tenant_id').execute();
      expect(rows.map((r) => r.tenant_id)).toEqual(['t2']);
    } finally {
      await database.close();
    }
  });

  it('says plainly that a tenant does not exist: no stack trace, nothing made', { timeout: 120_000 }, async () => {
    for (const args of [['api-key', 'create', 'pos', '--tenant', 'nope'], ['user-add', 'someone@example.com', '--tenant', 'nope']]) {
      const end = await tillbooks(...args);
      expect([args.join(' '), end.code]).toEqual([args.join(' '), 1]);
      expect(end.output).toContain('tillbooks: no tenant "nope": add it first (tillbooks tenant add nope --name NAME)');
      expect(end.output).not.toMatch(/\n\s+at /);
    }
    const dup = await tillbooks('user-add', 'OWNER@second.example', '--tenant', 't2');
    expect(dup.code).toBe(1);
    expect(dup.output).toContain('a user with the email OWNER@second.example already exists');
    expect(dup.output).not.toMatch(/\n\s+at /);
  });
});
