/**
 * A backfill's run on the QuickBooks page in a real browser (issue 16, Build 5): the progress
 * box with its ETA from the company's limits while the run waits for a worker, then the page
 * after the run posted everything. Screenshots at 1280 and 390 px in
 * test-results/screenshots/backfill-*.png, axe-core clean. Skipped where /usr/bin/chromium is missing.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { runInForeground } from '../../src/jobs/index.js';
import { startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM, hasChromium, openChromium, signInAsOwner } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';

const SHOTS = path.resolve('test-results/screenshots');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const TENANT = 'default';

describe.skipIf(!hasChromium)('a backfill on the QuickBooks page, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  const cspViolations: string[] = [];

  async function check(name: string): Promise<void> {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `backfill-${name}-1280.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `backfill-${name}-390.png`), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    // No worker in this process: the backfill's run waits, so the page shows it queued with its estimate.
    w = await startWorld({ TILLBOOKS_WORKER: 'false' });
    const { url, binding } = await w.t.sync.startConnect(TENANT, { locationId: 'denver-1' });
    await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Backfill Bakery' }), { tenantId: TENANT, binding });
    browser = await openChromium(cspViolations);
    ({ page } = browser);
    await signInAsOwner(page, w, '/quickbooks');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('shows the run with its ETA, then the run done', { timeout: 120_000 }, async () => {
    const { runs } = await w.t.sync.backfill(TENANT, { locationIds: ['denver-1'], from: w.demoDate });
    const runId = runs[0]!.runId;
    await page.goto(`${w.t.url}/quickbooks?location=denver-1&run=${runId}`);
    expect(await page.locator('[data-run-eta]').textContent()).toBe('less than a minute left');
    // Queued, the run has no total of its own yet: the tickets left are the total.
    const left = /^\((\d+) tickets/.exec((await page.locator('[data-run-eta-why]').textContent())!)![1];
    expect(await page.locator('[data-run-text]').textContent()).toBe(`0 of ${left} tickets settled`);
    expect(await page.locator('[data-run-eta-why]').textContent()).toMatch(/^\(\d+ tickets, about \d+ documents to write; QuickBooks takes 500 requests and 40 batches a minute/);
    await check('queued');
    const run = await runInForeground(w.t.syncDeps, TENANT, runId, { leaseMs: 60_000 });
    expect(run).toMatchObject({ status: 'finished', pending: 0, skipped: 0 });
    // The page's script sees the run end and reloads with the final counts.
    await expect.poll(() => page.locator('#run-progress').getAttribute('data-run-active'), { timeout: 20_000 }).toBe('false');
    expect(await page.locator('[data-run-eta]').count()).toBe(0);
    await check('done');
    expect(cspViolations).toEqual([]);
  });
});
