/**
 * `tillbooks payouts on|list|repost` (issue 15): real processes of the bin on one embedded data folder,
 * QuickBooks being the built-in simulator. Turning payouts on sets the processor up; imported
 * payouts are posted by `sync --now`, one Deposit each, and `payouts list --json` says so.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTillbooksProcess } from '../support/child-process.js';
import { payout } from '../support/records.js';

const dir = path.join(tmpdir(), `tillbooks-payouts-cli-${randomBytes(4).toString('hex')}`);
const env = { DATA_DIR: path.join(dir, 'data'), DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', SIMULATOR_PORT: '0' };
const tillbooks = (...args: string[]) => startTillbooksProcess(args, env, '\u0000').exited;

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'payouts.ndjson'), [payout({ id: 'po_1' }), payout({ id: 'po_2', processor: 'stripe' })].map((p) => JSON.stringify(p)).join('\n'));
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('tillbooks payouts', () => {
  it('turns payouts on, takes payouts for that processor only, posts each as a Deposit and lists it', { timeout: 300_000 }, async () => {
    for (const args of [['location', 'add', 'denver-1', '--name', 'Denver', '--time-zone', 'America/Denver'], ['connect', '--location', 'denver-1', '--company', 'Payout CLI Co']]) {
      const r = await tillbooks(...args);
      expect(r.code, r.output).toBe(0);
    }
    const on = await tillbooks('payouts', 'on', 'square', '--from', '2026-11-01', '--bank', 'Checking');
    expect(on.code, on.output).toBe(0);
    expect(on.output).toContain('payouts on for square from 2026-11-01: into "Checking", gross out of "Card clearing - square", fees on "Merchant fees"');
    expect(on.output).toContain('set up: clearing, fees');

    const imported = await tillbooks('import', '--kind', 'payouts', '--no-progress', path.join(dir, 'payouts.ndjson'));
    expect(imported.output).toContain('taken 1, unchanged 0, replaced 0, refused 1');
    expect(imported.output).toContain('line 2 stripe/po_2: processor: unknown processor "stripe"');

    const sync = await tillbooks('sync', '--location', 'denver-1', '--now', '--no-progress');
    expect(sync.code, sync.output).toBe(0);
    const list = await tillbooks('payouts', 'list', '--json');
    expect(list.code, list.output).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual({ payouts: [expect.objectContaining({ processor: 'square', id: 'po_1', net: '955.70', state: 'posted', postedVersion: 1, depositId: expect.any(String) })] });

    // The clearing account (issue 15 item 4): the payout's gross out, its usual delay set here; a bad delay refused, naming it.
    const delay = await tillbooks('payouts', 'delay', 'square', '3');
    expect(delay.output).toContain('usual delay of square: 3 days');
    const bad = await tillbooks('payouts', 'delay', 'square', 'soon');
    expect(bad.code).not.toBe(0);
    expect(bad.output).toContain('days "soon": give a whole number of days from 0 to 60');
    const clearing = await tillbooks('payouts', 'clearing');
    expect(clearing.code, clearing.output).toBe(0);
    expect(clearing.stdout).toContain('square: clearing account "Card clearing - square" (card tenders from 2026-11-01), payouts into "Checking"; usual delay 3 days');
    expect(clearing.stdout).toMatch(/tenders in 0\.00, payouts out 1000\.00, in transit -1000\.00/);
    expect(clearing.stdout).toMatch(/po_1 v1 +2026-11-26 +1000\.00 +29\.30 +-15\.00 +955\.70 +- +posted \d+/);
    // Only a payout skipped or changed in QuickBooks is reposted: the command says why not, naming it.
    const repost = await tillbooks('payouts', 'repost', 'po_1');
    expect(repost.code).not.toBe(0);
    expect(repost.output).toContain('payout square/po_1 is posted: only a payout skipped or changed in QuickBooks is reposted');
  });
});
