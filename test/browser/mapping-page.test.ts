/**
 * The Mapping page in a real browser (Debian's chromium through playwright-core), against the
 * real server, sync, worker and the QuickBooks simulator over HTTP (issue 13):
 *
 *   a connected, initialized company with yesterday's demo tickets posted → the page lists
 *   every POS name with tickets and money, all new → pick an income account for Coffee and a
 *   class for the store, save → "Create for me" an account for Pastry and a Location for the
 *   store → a refused choice is named with its value next to its field → a ticket with a
 *   category never seen before is flagged New → Apply to what is already posted: the preview
 *   counts the documents and the money moved, confirm, the run rewrites them, a second preview
 *   finds nothing left to change.
 *
 * Screenshots at 1280 and 390 px wide go to test-results/screenshots/mapping-*.png. Each page
 * state is checked for controls without a name, duplicate ids and invalid fields without an
 * error (the project has no axe; this is its accessibility check). Skipped, saying so, where
 * /usr/bin/chromium is missing.
 */
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

describe.skipIf(!hasChromium)('the Mapping page, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  let connectionId: number;
  const cspViolations: string[] = [];

  async function screenshot(name: string): Promise<void> {
    expect(await screenshotsAndCheck(page, 'mapping', name)).toEqual([]);
  }

  /** Until the run is over (a plain loop: beforeAll has no expect.poll). */
  async function waitForRun(runId: number): Promise<void> {
    for (let i = 0; i < 600; i++) {
      const status = (await w.t.sync.run(TENANT, runId))?.status;
      if (status === 'finished') return;
      if (status === 'failed' || status === 'stopped') throw new Error(`run ${runId} ${status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`run ${runId} did not finish in 60 s`);
  }

  const select = (label: string) => page.getByLabel(label, { exact: true });
  const flash = () => page.locator('#flash').textContent();

  beforeAll(async () => {
    w = await startWorld();
    // A company with class and location tracking on, its own income account and a class, and yesterday posted.
    const { url, binding } = await w.t.sync.startConnect(TENANT, { locationId: 'denver-1' });
    const { connection } = await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Larimer Holdings' }), { tenantId: TENANT, binding });
    connectionId = connection.id;
    w.t.simulator!.setPreferences(connection.realmId, { classTracking: 'perLine', trackDepartments: true });
    await w.t.sync.mapping.createTarget(TENANT, connectionId, { role: 'category', posName: 'Coffee Sales' });
    await w.t.sync.mapping.createTarget(TENANT, connectionId, { role: 'location', posName: 'Larimer St', what: 'class' });
    await w.t.sync.initialize(TENANT, connectionId);
    const { runId } = await w.t.sync.syncNow(TENANT, { connectionId });
    await waitForRun(runId);

    browser = await openChromium(cspViolations);
    ({ page } = browser);
    await signInAsOwner(page, w, '/mapping');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('lists every POS name seen with tickets and money, new ones flagged, linked from the navigation', async () => {
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mapping' }).getAttribute('aria-current')).toBe('page');
    const coffee = page.locator('#names-category tr[data-name="Coffee"]');
    expect(await coffee.locator('td').nth(0).textContent()).toMatch(/^\d+$/);
    expect(await coffee.locator('td').nth(1).textContent()).toMatch(/^[\d,]+\.\d{2}$/);
    expect(await coffee.locator('.badge-new').count()).toBe(1);
    expect(await page.locator('#new-names').textContent()).toMatch(/\d+ names were first seen/);
    expect(await page.locator('#names-method').count()).toBe(1);
    expect(await select('Coffee: posts to').inputValue()).toBe('');
    expect(await page.locator('#features').textContent()).toContain('one class per line');
    await screenshot('names');
  });

  it('saves a picked account and class; the pick shows as the current target and the flag goes', async () => {
    await select('Coffee: posts to').selectOption({ label: 'Coffee Sales' });
    await select('Larimer Street Café & Grocer: Class').selectOption({ label: 'Larimer St' });
    await page.locator('#save-names').click();
    await expect.poll(flash).toMatch(/Mapping saved \(revision 1\)/);
    const coffee = page.locator('#names-category tr[data-name="Coffee"]');
    expect(await coffee.locator('.badge-new').count()).toBe(0);
    expect(await coffee.locator('[id$="-now"]').textContent()).toBe('Now: Coffee Sales');
    expect(await select('Larimer Street Café & Grocer: Class').inputValue()).toMatch(/^class:/);
    expect((await w.t.sync.mapping.mapping(TENANT, connectionId)).mapping.categories).toMatchObject({ Coffee: { account: { name: 'Coffee Sales' } } });
  });

  it('creates a record for me, and maps the name to it', async () => {
    await page.getByRole('button', { name: 'Create for me: Pastry' }).click();
    await expect.poll(flash).toContain('Created "Pastry" in QuickBooks and mapped Pastry to it');
    expect(await select('Pastry: posts to').locator('option:checked').textContent()).toBe('Pastry');
    await page.getByRole('button', { name: 'Create for me: Location for Larimer Street Café & Grocer' }).click();
    await expect.poll(flash).toContain('in QuickBooks and mapped Larimer Street Café & Grocer to it');
    const m = (await w.t.sync.mapping.mapping(TENANT, connectionId)).mapping;
    expect(m.categories.Pastry?.account?.name).toBe('Pastry');
    expect(m.locations['denver-1']).toMatchObject({ class: { name: 'Larimer St' }, department: { name: 'Larimer Street Café & Grocer' } });
    // What was saved before stays.
    expect(m.categories.Coffee?.account?.name).toBe('Coffee Sales');
    await screenshot('created');
  });

  it('names a refused choice next to its field, with the value chosen', async () => {
    // A discount (or tip) on a bank-like account: the service refuses it, naming name and account.
    const row = page.locator('#names-discount tbody tr, #names-special tbody tr').first();
    const name = (await row.getAttribute('data-name'))!;
    const picker = row.locator('select');
    await picker.selectOption({ label: 'Undeposited Funds (Other Current Asset)' });
    await page.locator('#save-names').click();
    await page.waitForLoadState('load');
    const summary = (await page.locator('#mapping-problems').textContent())!.replace(/\s+/g, ' ');
    expect(summary).toContain(`${name} (`);
    expect(summary).toContain('(chosen: “Undeposited Funds”)');
    expect(summary).toContain('is of the type Other Current Asset');
    expect(await picker.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await picker.getAttribute('id')}-error`).textContent()).toContain('Undeposited Funds');
    // The form keeps what was sent; nothing was saved.
    expect(await picker.locator('option:checked').textContent()).toBe('Undeposited Funds (Other Current Asset)');
    expect((await w.t.sync.mapping.mapping(TENANT, connectionId)).revision).toBe(3);
    await screenshot('refused');
    await page.goto(`${w.t.url}/mapping`);
  });

  it('flags a name first seen', async () => {
    const yesterday = w.demoDate;
    const ticket = { id: 'NEW-1', locationId: 'denver-1', version: 1, status: 'closed', closedAt: `${yesterday}T12:00:00-07:00`,
      lines: [{ kind: 'product', name: 'Pumpkin loaf', category: 'Seasonal specials', quantity: '1', unitPrice: '6.50' }],
      payments: [{ method: 'cash', amount: '6.50' }], total: '6.50' };
    await takeTickets(w.t.database.db, TENANT, [{ raw: JSON.stringify(ticket), ref: 0 }]);
    await page.reload();
    const row = page.locator('#names-category tr[data-name="Seasonal specials"]');
    expect(await row.locator('.badge-new').count()).toBe(1);
    expect(await row.locator('td').nth(1).textContent()).toBe('6.50');
  });

  it('applies the mapping to what is already posted: a preview, then confirm, then nothing left', async () => {
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/preview=1/);
    const preview = page.locator('#apply-preview');
    expect(await preview.textContent()).toMatch(/\d+ of \d+ posted tickets change: \d+ invoices?(, \d+ refund receipts?)? rewritten in place/);
    const moves = await page.locator('#apply-moves tbody tr').allTextContents();
    expect(moves.join('\n')).toMatch(/Sales of Product Income\s*Coffee Sales\s*[\d,]+\.\d{2}/);
    await screenshot('preview');
    await page.locator('#apply-confirm').click();
    await expect.poll(flash).toMatch(/Applying the mapping to \d+ posted tickets .*: run (\d+) rewrites their documents in place/);
    const runId = Number(/run (\d+) rewrites/.exec((await flash())!)![1]);
    await waitForRun(runId);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/preview=1/);
    expect(await page.locator('#apply-preview').textContent()).toMatch(/0 of \d+ posted tickets change/);
    expect(cspViolations).toEqual([]);
  });
});
