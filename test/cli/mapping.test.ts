/**
 * `tillbooks mapping` as a user runs it (issue 13, Build 5): real processes of the bin on one
 * embedded data folder, QuickBooks being the built-in simulator (its companies kept in the
 * folder). A mapping written by names is imported into company A, listing what A lacks (and
 * refusing to save it until told to); `set` refuses an expense account for a category naming
 * the POS name and the account, and a stale revision; an export of A imported into company B
 * is saved with B's own ids. Exit codes as README says.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCompanyList, getMapping } from '../../src/store/account-mappings.js';
import { openStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { startTillbooksProcess } from '../support/child-process.js';

let dataDir: string;
let env: Record<string, string>;
const TENANT = 'default';

async function tillbooks(...args: string[]): Promise<{ code: number | null; output: string }> {
  const end = await startTillbooksProcess(args, env, '\u0000').exited;
  return { code: end.code, output: end.output };
}

/** The store of the data folder, while no command runs. */
async function withStore<T>(fn: (db: Database['db']) => Promise<T>): Promise<T> {
  const database = await openStore({ dataDir });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

const file = async (name: string, value: unknown) => {
  const p = path.join(dataDir, name);
  await writeFile(p, JSON.stringify(value));
  return p;
};
const named = (name: string) => ({ id: '0', name });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'tillbooks-mapping-'));
  env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', SIMULATOR_PORT: '0' };
  await withStore(async (db) => {
    await ensureTenant(db, { id: TENANT, name: 'Default' });
    for (const id of ['store-a', 'store-b']) {
      await upsertLocation(db, TENANT, { id, name: id, timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
    }
  });
  for (const [location, company] of [['store-a', 'Company A'], ['store-b', 'Company B']]) {
    const c = await tillbooks('connect', '--location', location!, '--company', company!);
    expect(c, c.output).toMatchObject({ code: 0 });
  }
}, 180_000);
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('tillbooks mapping', () => {
  it('imports by names listing what the company lacks, set refuses a wrong account and a stale revision, export → import into another company', { timeout: 180_000 },
    async () => {
      const byNames = await file('by-names.json', {
        format: 'tillbooks-mapping', version: 1,
        mapping: {
          categories: { Coffee: { account: named('Sales of Product Income') }, Tea: { account: named('Tea Sales') } },
          methods: { 'label:House account': { paymentMethod: named('cash') } },
          specials: { giftCardSales: { account: named('Office Supplies & Software') } },
        },
      });
      const refused = await tillbooks('mapping', 'import', byNames, '--location', 'store-a', '--save');
      expect(refused.code, refused.output).toBe(8);
      expect(refused.output).toContain('missing in this company (2):');
      expect(refused.output).toContain('categories.Tea.account: no account "Tea Sales" in this company (for "Tea")');
      expect(refused.output).toContain('specials.giftCardSales.account: the account "Office Supplies & Software" is of the type Expense (mapped for "Gift card sales")');
      expect(refused.output).toContain('not saved');
      const saved = await tillbooks('mapping', 'import', byNames, '--location', 'store-a', '--save', '--allow-missing');
      expect(saved, saved.output).toMatchObject({ code: 0 });
      expect(saved.output).toContain('category Coffee → account "Sales of Product Income"');
      expect(saved.output).toContain('saved: revision 1');

      const { a, expense } = await withStore(async (db) => {
        const [ca] = await db.selectFrom('locations').select('connection_id').where('id', '=', 'store-a').execute();
        const accounts = (await getCompanyList(db, ca!.connection_id!, 'Account'))!.rows as { id: string; name: string; type: string }[];
        return { a: (await getMapping(db, TENANT, ca!.connection_id!)).mapping, expense: accounts.find((x) => x.type === 'Expense')! };
      });
      expect(Object.keys(a.categories)).toEqual(['Coffee']);
      const wrong = await file('wrong.json', { ...a, categories: { Coffee: { account: { id: expense.id, name: expense.name } } } });
      const bad = await tillbooks('mapping', 'set', wrong, '--location', 'store-a');
      expect(bad.code, bad.output).toBe(8);
      expect(bad.output).toContain(`categories.Coffee.account = "${expense.name}": the account "${expense.name}" is of the type Expense (mapped for "Coffee")`);
      const stale = await tillbooks('mapping', 'set', await file('same.json', a), '--location', 'store-a', '--revision', '0');
      expect(stale.code, stale.output).toBe(8);
      expect(stale.output).toContain('saved by someone else meanwhile (revision 1)');

      const exported = path.join(dataDir, 'a.json');
      expect(await tillbooks('mapping', 'export', '--location', 'store-a', '--out', exported)).toMatchObject({ code: 0 });
      expect(JSON.parse(await readFile(exported, 'utf8'))).toMatchObject({ company: 'Company A', mapping: a });
      const intoB = await tillbooks('mapping', 'import', exported, '--location', 'store-b', '--save', '--json');
      expect(intoB, intoB.output).toMatchObject({ code: 0 });
      expect(JSON.parse(intoB.output)).toMatchObject({ missing: [], revision: 1 });
      await withStore(async (db) => {
        const [cb] = await db.selectFrom('locations').select('connection_id').where('id', '=', 'store-b').execute();
        const b = (await getMapping(db, TENANT, cb!.connection_id!));
        const lists = async (entity: string) => (await getCompanyList(db, cb!.connection_id!, entity))!.rows as { id: string; name: string }[];
        const income = (await lists('Account')).find((x) => x.name === 'Sales of Product Income')!;
        const cash = (await lists('PaymentMethod')).find((x) => x.name === 'Cash')!;
        expect(b.revision).toBe(1);
        expect(b.mapping.categories).toEqual({ Coffee: { account: { id: income.id, name: income.name } } });
        expect(b.mapping.methods).toEqual({ 'label:House account': { paymentMethod: { id: cash.id, name: 'Cash' } } });
      });
      const unknown = await tillbooks('mapping', 'show', '--connection', '99');
      expect(unknown.code).toBe(4);
    });
});
