/**
 * The Days page in a real browser (Debian's chromium through playwright-core), against the real
 * server, sync and the QuickBooks simulator over HTTP (issue 14, Build 1 and 6):
 *
 *   a connected store posting line-by-line, yesterday's demo tickets taken in → the page says
 *   so and offers the switch → "Preview the switch" to daily summary from yesterday says how
 *   many tickets and days change hands, nothing saved → "Save the switch" → yesterday is a day
 *   ready to post with its POS totals (groups summing to zero), a ticket rung up today makes
 *   today's day "open" with its running totals → a switch back before a summarised day is refused.
 *
 * Screenshots at 1280 and 390 px wide (cards) go to test-results/screenshots/days-*.png; each
 * state is checked for controls without a name and duplicate ids. Skipped, saying so, where
 * /usr/bin/chromium is missing.
 */
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, openChromium, screenshotsAndCheck, signInAsOwner } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';
import { approveConsent } from '../../src/cli/consent-client.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const TENANT = 'default';
const ZONE = 'America/Denver';

const money = (text: string) => Math.round(Number(text.replace(/[^\d.-]/g, '')) * 100);

describe.skipIf(!hasChromium)('the Days page, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  const cspViolations: string[] = [];

  async function screenshot(name: string): Promise<void> {
    expect(await screenshotsAndCheck(page, 'days', name)).toEqual([]);
  }

  beforeAll(async () => {
    w = await startWorld();
    const { url, binding } = await w.t.sync.startConnect(TENANT, { locationId: 'denver-1' });
    await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Larimer Holdings' }), { tenantId: TENANT, binding });
    browser = await openChromium(cspViolations);
    ({ page } = browser);
    await signInAsOwner(page, w, '/days');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('shows a line-by-line store with no summary day, linked from the navigation', async () => {
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Days' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#mode-now').textContent()).toBe('Line-by-line');
    expect(await page.locator('.empty').textContent()).toContain('this location posts line-by-line');
    await screenshot('line-by-line');
  });

  it('previews the switch to daily summary, saving nothing, then saves it', async () => {
    await page.getByLabel('Daily summary').check();
    await page.getByLabel('From business date').fill(w.demoDate);
    await page.getByRole('button', { name: 'Preview the switch' }).click();
    const preview = page.locator('#mode-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(new RegExp(`\\d+ tickets already taken in, on 1 day from ${w.demoDate}, will be summarised`));
    expect(await page.locator('#mode-now').textContent()).toBe('Line-by-line');
    expect((await w.t.sync.days.mode(TENANT, 'denver-1')).mode).toBe('line-by-line');
    await screenshot('preview');

    await page.getByRole('button', { name: 'Save the switch' }).click();
    await page.locator('#flash').waitFor();
    expect(await page.locator('#flash').textContent()).toContain(`Saved: denver-1 posts one daily summary per day from ${w.demoDate} on.`);
    expect(await page.locator('#mode-now').textContent()).toBe(`Daily summary since ${w.demoDate}`);
  });

  it('lists yesterday ready to post with its POS totals, and today open with its running totals', async () => {
    const today = DateTime.now().setZone(ZONE);
    const ticket = { id: 'TODAY-1', locationId: 'denver-1', version: 1, status: 'closed', closedAt: today.toISO(),
      lines: [{ kind: 'product', name: 'Latte', category: 'Coffee', quantity: '2', unitPrice: '4.50' }], tip: '1.00',
      payments: [{ method: 'credit_card', amount: '10.00' }], total: '10.00' };
    const [taken] = await takeTickets(w.t.database.db, TENANT, [{ raw: JSON.stringify(ticket), ref: 0 }]);
    expect(taken?.outcome, JSON.stringify(taken)).not.toBe('refused');
    await page.reload();
    const yesterday = page.locator(`#day-${w.demoDate}`);
    expect(await yesterday.locator('.badge').textContent()).toBe('ready');
    const cell = async (row: typeof yesterday, label: string) => (await row.locator(`td[data-label="${label}"]`).first().textContent()) ?? '';
    expect(Number(await cell(yesterday, 'Tickets'))).toBeGreaterThan(0);
    expect(money(await cell(yesterday, 'Gross sales'))).toBeGreaterThan(0);
    // The tenders' total is the sum of its methods, each named.
    const methods = await yesterday.locator('.tender-list span').allTextContents();
    expect(methods.length).toBeGreaterThan(0);
    const total = money((await cell(yesterday, 'Tenders')).split(/[A-Za-z]/)[0]!);
    expect(methods.reduce((sum, m) => sum + money(/-?[\d,]+\.\d\d$/.exec(m)![0]), 0)).toBe(total);
    const open = page.locator(`#day-${today.toISODate()}`);
    expect(await open.locator('.badge').textContent()).toBe('open');
    expect(await cell(open, 'Gross sales')).toBe('9.00');
    expect(await cell(open, 'Tips')).toBe('1.00');
    expect(await cell(open, 'Tenders')).toContain('10.00');
    expect(await open.locator('td[data-label="Reconciliation"]').textContent()).toContain('nothing in QuickBooks yet');
    await screenshot('summary');
    expect(cspViolations).toEqual([]);
  });
});
