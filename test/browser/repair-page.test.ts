/**
 * The Repair page in a real browser (issue 16), against the real server, worker and the
 * QuickBooks simulator over HTTP: before the first sync the QuickBooks page offers the preview,
 * which shows the documents and accounts a sync would write; after the sync an undo of the
 * day is previewed, refused with a wrong company name, confirmed with the right one, and shows
 * in the audit log. Screenshots at 1280 and 390 px wide go to test-results/screenshots/repair-*.png,
 * each state checked as the Mapping page's test checks it (named controls, unique ids, one h1).
 * Skipped, saying so, where /usr/bin/chromium is missing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, openChromium, screenshotsAndCheck, signInAsOwner } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';
import { approveConsent } from '../../src/cli/consent-client.js';
import { startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const TENANT = 'default';

describe.skipIf(!hasChromium)('the Repair page, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  const cspViolations: string[] = [];

  async function screenshot(name: string): Promise<void> {
    expect(await screenshotsAndCheck(page, 'repair', name)).toEqual([]);
  }
  const flash = () => page.locator('#flash').textContent();
  const posted = async () => Number((await w.t.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', TENANT).where('sync_state', '=', 'posted').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    w = await startWorld();
    const { url, binding } = await w.t.sync.startConnect(TENANT, { locationId: 'denver-1' });
    await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Larimer Holdings' }), { tenantId: TENANT, binding });
    browser = await openChromium(cspViolations);
    ({ page } = browser);
    await signInAsOwner(page, w, '/quickbooks?location=denver-1');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('offers the preview before the first sync; the preview writes nothing', { timeout: 120_000 }, async () => {
    await page.locator('#preview-first a').click();
    await page.waitForSelector('#dry-run-documents');
    expect(await page.locator('#dry-run-documents').textContent()).toContain('Invoice');
    expect(await page.locator('#dry-run-accounts tbody tr').count()).toBeGreaterThan(0);
    expect(await posted()).toBe(0);
    await screenshot('preview');
  });

  it('undoes a day once the company is named, and lists it in the audit log', { timeout: 180_000 }, async () => {
    const { runId } = await w.t.sync.syncNow(TENANT, { locationId: 'denver-1' });
    await w.t.worker!.drain();
    expect((await w.t.sync.run(TENANT, runId))?.status).toBe('finished');
    const before = await posted();
    await page.goto(`${w.t.url}/repair`);
    await page.getByLabel('From').fill(w.demoDate);
    await page.getByLabel('To').fill(w.demoDate);
    await page.locator('#undo-preview-button').click();
    await page.waitForSelector('#undo-rows');
    await page.getByLabel(/Type the company's name/).fill('Larimer');
    await screenshot('undo-preview');
    await page.locator('#undo-confirm').click();
    await expect.poll(flash).toMatch(/Nothing was undone/);
    expect(await posted()).toBe(before);
    await page.getByLabel(/Type the company's name/).fill('Larimer Holdings');
    await page.locator('#undo-confirm').click();
    await expect.poll(flash).toMatch(/Undo of .* started/);
    await w.t.worker!.drain();
    expect(await posted()).toBe(0);
    await page.reload();
    expect(await page.locator('#audit-log').textContent()).toContain(`${w.ownerEmail} (session)`);
    await screenshot('audit');
    expect(cspViolations).toEqual([]);
  });
});
