/**
 * The help article's story in a real browser (Debian's chromium through playwright-core),
 * against the real server, sync, worker and the QuickBooks simulator over HTTP:
 *
 *   sign in → connect through the simulator's consent page → Initialize → (the books get
 *   closed in QuickBooks) → Sync now → the refused tickets show as skipped with 6210 and a hint
 *   on the Tickets and QuickBooks pages → the period is reopened in QuickBooks → select one →
 *   Batch Actions → Resync selected tickets → it shows as posted.
 *
 * Every page is saved under test-results/screenshots/. Skipped, saying so, where
 * /usr/bin/chromium is missing (.ci/run installs it).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, openChromium } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';
import { OWNER_PASSWORD, startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';

const SHOTS = path.resolve('test-results/screenshots');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

describe.skipIf(!hasChromium)('the article, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  const cspViolations: string[] = [];
  let shot = 0;

  async function screenshot(name: string): Promise<void> {
    shot += 1;
    await page.screenshot({ path: path.join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
  }

  /** Waits until the run the page shows is over (the page reloads itself when it is). */
  async function waitForRunToFinish(): Promise<void> {
    await expect.poll(async () => page.locator('#run-progress [data-run-status]').textContent(), { timeout: 60_000, interval: 250 })
      .toMatch(/finished|failed|stopped/);
    await page.waitForLoadState('load');
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    w = await startWorld();
    browser = await openChromium(cspViolations);
    ({ page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('follows the article from sign-in to a resynced ticket', async () => {
    const sim = w.t.simulator!;

    // Sign in: the page asked for sends us to the form first, then back.
    await page.goto(`${w.t.url}/quickbooks`);
    await expect.poll(() => page.url()).toContain('/signin?next=%2Fquickbooks');
    await screenshot('signin');
    await page.getByLabel('Email').fill(w.ownerEmail);
    await page.getByLabel('Password').fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/quickbooks$/);
    await expect.poll(() => page.getByRole('heading', { name: 'QuickBooks', level: 1 }).isVisible()).toBe(true);
    await screenshot('quickbooks-not-connected');

    // Connect through the simulator's consent page.
    await page.getByRole('button', { name: 'Connect to QuickBooks' }).click();
    await page.waitForURL(new RegExp(`^${sim.url.replace(/[.]/g, '\\.')}/connect/oauth2`));
    await page.locator('input[name="companyName"]').fill('Corner Café');
    await screenshot('simulator-consent');
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.waitForURL(/\/quickbooks\?location=denver-1$/);
    await expect.poll(() => page.locator('#flash').textContent()).toContain('Connected to QuickBooks company Corner Café');
    expect(await page.locator('#company-name').textContent()).toBe('Corner Café');
    // The message takes the focus, so it is read out.
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('flash');
    await screenshot('quickbooks-connected');

    // Initialize: what it found and created.
    await page.getByRole('button', { name: 'Initialize' }).click();
    await expect.poll(() => page.locator('#flash').textContent()).toContain('Initialize finished');
    const report = page.locator('#initialize-report');
    expect(await report.getByRole('rowheader', { name: 'Guest Customer' }).count()).toBe(1);
    expect(await report.locator('tbody tr').count()).toBeGreaterThanOrEqual(10);
    await screenshot('initialized');

    // Someone closes the books in QuickBooks through the demo tickets' date.
    const [connection] = await w.t.sync.connections('default');
    const realm = connection!.realmId;
    await page.goto(`${sim.url}/__sim/companies/${realm}`);
    await page.locator('#book-close-date').fill(w.demoDate);
    await page.getByRole('button', { name: 'Save' }).first().click();
    await expect.poll(() => page.locator('#settings').textContent()).toContain(`closed through ${w.demoDate}`);
    await screenshot('simulator-books-closed');

    // Sync now: live progress, then the refusals.
    await page.goto(`${w.t.url}/quickbooks?location=denver-1`);
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.waitForURL(/run=\d+/);
    expect(await page.locator('#run-progress progress').count()).toBe(1);
    await screenshot('sync-running');
    await waitForRunToFinish();
    const errors = page.locator('#errors .error-group').first();
    await expect.poll(() => errors.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await errors.getByRole('heading').textContent()).toContain('QuickBooks 6210 Account Period Closed');
    expect(await errors.locator('.hint-box').textContent()).toContain('Reopen the period');
    expect(await errors.locator('tbody tr').first().textContent()).toContain('Skipped');
    expect(Number(await page.locator('#runs-table tbody tr').first().locator('td').nth(4).textContent())).toBeGreaterThan(0);
    await screenshot('quickbooks-errors');

    // The Tickets page shows them skipped, with the error.
    await page.getByRole('link', { name: 'Tickets', exact: true }).click();
    await page.getByLabel('Sync state').selectOption('skipped');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/state=skipped/);
    const firstRow = page.locator('#tickets-table tbody tr').first();
    const ticketId = (await firstRow.getAttribute('data-ticket'))!;
    expect(await firstRow.textContent()).toContain('Skipped');
    expect(await firstRow.textContent()).toContain('6210');
    await screenshot('tickets-skipped');

    // Its page tells the same, with its history.
    await firstRow.getByRole('link', { name: ticketId }).click();
    await expect.poll(() => page.locator('#last-error').textContent()).toContain('6210');
    expect(await page.locator('#history-table').textContent()).toContain('skipped');
    await screenshot('ticket-skipped');

    // The cause is fixed in QuickBooks: the period is reopened.
    await page.goto(`${sim.url}/__sim/companies/${realm}`);
    await page.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => page.locator('#settings').textContent()).toContain('The books are open');
    await screenshot('simulator-books-reopened');

    // Select it → Batch Actions → Resync selected tickets.
    await page.goto(`${w.t.url}/tickets?state=skipped`);
    await page.getByLabel(`Select ticket ${ticketId}`, { exact: true }).check();
    await page.getByText('Batch Actions').click();
    await screenshot('batch-actions');
    await page.getByRole('button', { name: 'Resync selected tickets' }).click();
    // It leads to the resync's own page, which follows the run and says how the ticket ended.
    await page.waitForURL(/\/resyncs\/\d+$/);
    await expect.poll(() => page.locator('#flash').textContent()).toContain('1 ticket queued, 0 ignored');
    await screenshot('resync-queued');
    await waitForRunToFinish();
    await expect.poll(() => page.locator(`#resync-table tr[data-ticket="${ticketId}"] .outcome`).textContent()).toBe('Posted to QuickBooks');
    await screenshot('resync-finished');

    // It shows as posted: on its page with its documents, and on the Tickets page.
    await page.goto(`${w.t.url}/tickets/denver-1/${encodeURIComponent(ticketId)}`);
    await expect.poll(() => page.locator('h1 .badge').textContent()).toBe('Posted');
    expect(await page.locator('#documents-table').getByRole('rowheader', { name: 'Invoice' }).count()).toBe(1);
    await screenshot('ticket-posted');
    await page.goto(`${w.t.url}/tickets?state=posted`);
    const row = page.locator(`#tickets-table tbody tr[data-ticket="${ticketId}"]`);
    expect(await row.textContent()).toContain('Posted');
    expect((await row.locator('td.mono').textContent())?.trim()).not.toBe('—');
    await screenshot('tickets-posted');
    expect(cspViolations).toEqual([]);
  }, 240_000);

  it('updates a run\'s progress in place while it runs, then shows the result', async () => {
    const [connection] = await w.t.sync.connections('default');
    // A slow QuickBooks, so the run lasts several polls.
    w.t.simulator!.setFaults(connection!.realmId, { latencyMs: 700 });
    await page.goto(`${w.t.url}/tickets?state=skipped`);
    await page.getByLabel('Select all tickets on this page').check();
    await page.getByText('Batch Actions').click();
    await page.getByRole('button', { name: 'Resync selected tickets' }).click();
    await page.waitForURL(/\/resyncs\/\d+$/);
    await page.evaluate('window.__sameDocument = true');
    const text = page.locator('#run-progress [data-run-text]');
    const rendered = await text.textContent();
    await screenshot('resync-progress');
    // The script changes the figures without reloading the page...
    await expect.poll(() => text.textContent(), { timeout: 30_000, interval: 200 }).not.toBe(rendered);
    expect(await page.evaluate('window.__sameDocument === true')).toBe(true);
    w.t.simulator!.clearFaults(connection!.realmId);
    // ...and reloads once when the run is over, for the final counts and errors.
    await waitForRunToFinish();
    await expect.poll(() => page.evaluate('window.__sameDocument === true')).toBe(false);
    const rows = page.locator('#resync-table tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('#resync-table tbody tr[data-state="posted"]').count()).toBe(await rows.count());
    await screenshot('resync-all-finished');
    expect(cspViolations).toEqual([]);
  }, 120_000);

  it('lets a keyboard select a whole page and reach the content first', async () => {
    await page.goto(`${w.t.url}/tickets`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    const all = page.getByLabel('Select all tickets on this page');
    await all.focus();
    await page.keyboard.press('Space');
    const boxes = page.locator('#tickets-table tbody input[name="ticket"]');
    expect(await boxes.count()).toBeGreaterThan(0);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(true);
    expect(await page.locator('[data-selected-count]').textContent()).toMatch(/\d+ tickets selected/);
    await screenshot('tickets-select-all');
    expect(cspViolations).toEqual([]);
  }, 60_000);
});
