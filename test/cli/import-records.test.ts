/**
 * `tillbooks import --kind drawer-operations|payouts FILE` (issue 14 item 4, issue 15 item 1):
 * the real bin, on both backends, takes the file through the same intake as the API; the
 * summary names each refused record by its line, field and value; the good ones are kept. A
 * payout is refused for its arithmetic, an unknown processor and a processor not turned on (issue 15 acceptance).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDrawerOperationsForDay } from '../../src/store/drawer-operations.js';
import { openStore } from '../../src/store/index.js';
import type { Database } from '../../src/store/index.js';
import { listPayouts } from '../../src/store/payouts.js';
import { startTillbooksProcess } from '../support/child-process.js';
import { drawerOperation, payout, recordsTenant } from '../support/records.js';
import { TEST_DATABASE_URL, closeTestDatabase, openServerTestDatabase, schemaOf } from '../support/stores.js';

interface Setup { name: string; env: Record<string, string>; open: () => Promise<Database>; done: (d: Database) => Promise<void> }

const dir = path.join(tmpdir(), `tillbooks-import-records-${randomBytes(4).toString('hex')}`);
beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'ops.ndjson'), [
    drawerOperation({ id: 'op-1' }), drawerOperation({ id: 'op-2', kind: 'paid_in', amount: '40.00' }), drawerOperation({ id: 'op-3', amount: '0.00' }),
  ].map((o) => JSON.stringify(o)).join('\n'));
  await writeFile(path.join(dir, 'payouts.json'), JSON.stringify([
    payout({ id: 'po_1' }), payout({ id: 'po_2', net: '1.00' }), payout({ id: 'po_3', processor: 'adyen' }),
    payout({ id: 'po_4', processor: 'stripe' }), payout({ id: 'po_5', arrivalDate: '2026-11-27' }),
  ], null, 1));
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

function setups(): Setup[] {
  const embedded = () => path.join(dir, 'data');
  const list: Setup[] = [{ name: 'pglite', env: { DATA_DIR: embedded(), DATABASE_URL: '' }, open: () => openStore({ dataDir: embedded() }), done: (d) => d.close() }];
  if (TEST_DATABASE_URL) {
    let server: Database | null = null;
    const env: Record<string, string> = { DATABASE_URL: TEST_DATABASE_URL, TILLBOOKS_SECRET_KEY: randomBytes(32).toString('base64'), DATA_DIR: path.join(dir, 'server') };
    list.push({ name: 'postgres', env, done: async () => undefined, open: async () => {
      server ??= await openServerTestDatabase();
      env.DATABASE_SCHEMA = schemaOf(server!)!;
      return server!;
    } });
    afterAll(async () => { if (server) await closeTestDatabase(server); });
  }
  return list;
}

describe.each(setups())('tillbooks import --kind on $name', (s) => {
  const tillbooks = (...args: string[]) => startTillbooksProcess(args, { LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', ...s.env }, '\u0000').exited;

  it('imports drawer operations and payouts, refusing the bad ones by line, field and value', { timeout: 120_000 }, async () => {
    const setup = await s.open();
    await recordsTenant(setup.db, 'default');
    await s.done(setup);

    const ops = await tillbooks('import', '--kind', 'drawer-operations', '--no-progress', path.join(dir, 'ops.ndjson'));
    expect(ops.code, ops.output).toBe(2);
    expect(ops.output).toContain('3 drawer operations in');
    expect(ops.output).toContain('taken 2, unchanged 0, replaced 0, refused 1');
    expect(ops.output).toContain('line 3 denver-1/op-3: amount: must be greater than 0, got "0.00"');

    const payouts = await tillbooks('import', '--kind', 'payouts', '--no-progress', path.join(dir, 'payouts.json'));
    expect(payouts.output).toContain('taken 2, unchanged 0, replaced 0, refused 3');
    expect(payouts.output).toMatch(/line \d+ square\/po_2: net: net 1\.00 ≠ gross 1000\.00 − fees 29\.30 \+ adjustments -15\.00 = 955\.70/);
    expect(payouts.output).toMatch(/line \d+ adyen\/po_3: processor: unknown processor "adyen"/);
    expect(payouts.output).toMatch(/line \d+ stripe\/po_4: processor: payouts are not turned on for processor "stripe"/);

    if (s.name === 'pglite') {
      // Said before anything is opened: the same on both backends.
      const wrong = await tillbooks('import', '--kind', 'refunds', path.join(dir, 'payouts.json'));
      expect(wrong.code).not.toBe(0);
      expect(wrong.output).toContain('--kind: "refunds" is not one of tickets, drawer-operations, payouts');
    }

    const check = await s.open();
    try {
      expect((await listDrawerOperationsForDay(check.db, 'default', 'denver-1', '2026-11-24')).map((o) => [o.id, o.amount])).toEqual([['op-1', 1250], ['op-2', 4000]]);
      expect((await listPayouts(check.db, 'default')).map((p) => [p.processor, p.id, p.net])).toEqual([['square', 'po_5', 95570], ['square', 'po_1', 95570]]);
    } finally {
      await s.done(check);
    }
  });
});
