/**
 * The company page in a real browser (Debian chromium): a person switches class and location
 * tracking with the "Update tracking" form, and sees a payout deposit among the documents.
 * Screenshots at 1280 and 390 px go to test-results/screenshots/. Skipped, saying so, without
 * chromium.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './test-support/harness.js';
import { salesSetup, startHarness } from './test-support/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.resolve('test-results/screenshots');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`simulator browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

describe.skipIf(!hasChromium)('the simulator company page, in a browser', () => {
  let h: Harness;
  let context: BrowserContext;
  let profile: string;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    h = await startHarness();
    profile = await mkdtemp(path.join(tmpdir(), 'sim-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
    });
    page = context.pages()[0] ?? await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await h?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it('switches tracking through the form and shows a payout deposit', async () => {
    const s = await salesSetup(h);
    const clearing = (await h.create('Account', { Name: 'Card clearing - square', AccountType: 'Other Current Asset' })).body.Account.Id;
    const fees = (await h.create('Account', { Name: 'Merchant fees', AccountType: 'Expense' })).body.Account.Id;
    const line = (Amount: number, id: string) => ({ DetailType: 'DepositLineDetail', Amount, DepositLineDetail: { AccountRef: { value: id } } });
    const deposit = await h.create('Deposit', {
      DepositToAccountRef: { value: s.checkingId }, TxnDate: '2026-03-09', PrivateNote: 'POS payout square/po_1 v1',
      Line: [line(1000, clearing), line(-29.3, fees)],
    });
    expect(deposit.status, deposit.text).toBe(200);
    await h.create('Class', { Name: 'Denver store' });
    await h.create('Department', { Name: 'Denver' });

    await page.goto(`${h.sim.url}/__sim/companies/${h.realmId}`);
    await page.getByLabel('Track locations').check();
    await page.getByLabel('Location label').selectOption('Store');
    await page.getByLabel('Track classes').selectOption('perLine');
    await page.getByRole('button', { name: 'Update tracking' }).click();
    await page.waitForLoadState('load');
    expect(h.sim.setPreferences(h.realmId, {})).toMatchObject({ trackDepartments: true, departmentTerminology: 'Store', classTracking: 'perLine' });
    await expect.poll(() => page.getByLabel('Track classes').inputValue()).toBe('perLine');
    const row = page.locator(`#Deposit-${deposit.body.Deposit.Id}`);
    await expect.poll(() => row.textContent()).toContain('970.70');
    await page.screenshot({ path: path.join(SHOTS, 'simulator-tracking-and-deposit-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.screenshot({ path: path.join(SHOTS, 'simulator-tracking-and-deposit-390.png'), fullPage: true });
    expect(await page.locator('#settings').isVisible()).toBe(true);
    expect(await page.locator('#Class').textContent()).toContain('Denver store');
    expect(await page.locator('#Department').textContent()).toContain('Denver');
  }, 60_000);
});
