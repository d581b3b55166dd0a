/**
 * A summary day posted, changed in QuickBooks and reposted, in a real browser (issue 14
 * acceptance, issue 16), against the real server, worker and the QuickBooks simulator over HTTP:
 *
 *   denver-1 in daily summary from yesterday (the demo tickets' day) → "Sync now" → yesterday is
 *   "posted r1", links to its QuickBooks documents, and its reconciliation matches to the cent
 *   (read back from the simulator, and equal to the row's POS totals) → an accountant deletes the
 *   day's SalesReceipt through the simulator's API → a late ticket makes the day out of date and
 *   the next run notices the receipt gone (summary-rules §4): "changed in QuickBooks" with
 *   "Repost this day" → clicked, the run leaves it "posted" again with one live receipt → the
 *   day's page (its date links to it) lists that history, oldest first (issues 14, 16).
 *
 * Screenshots at 1280 and 390 px wide go to test-results/screenshots/days-posted-*.png, each state
 * checked for controls without a name and duplicate ids. Skipped,
 * saying so, where /usr/bin/chromium is missing.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, openChromium, screenshotsAndCheck, signInAsOwner } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';
import { approveConsent } from '../../src/cli/consent-client.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { summaryDocNumber } from '../../src/mapping/summary/index.js';
import { startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';

if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const TENANT = 'default';
const LOCATION = 'denver-1';

/** Controls without a name, duplicate ids and more than one h1 (as days-page.test.ts checks the page's other states). */
const money = (text: string) => Math.round(Number(text.replace(/[^\d.-]/g, '')) * 100);
type Doc = { Id: string; SyncToken: string; DocNumber?: string; TotalAmt?: number };

describe.skipIf(!hasChromium)('a summary day posted, changed in QuickBooks and reposted, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  let realmId = '';
  const cspViolations: string[] = [];
  const row = (): Locator => page.locator(`#day-${w.demoDate}`);
  const cell = async (label: string) => (await row().locator(`td[data-label="${label}"]`).first().textContent()) ?? '';
  const simUrl = () => w.t.simulator!.urls.api;

  async function screenshot(name: string): Promise<void> {
    expect(await screenshotsAndCheck(page, 'days-posted', name)).toEqual([]);
  }

  /** The day's live sales receipts, as the simulator's inspection route lists them. */
  async function receipts(): Promise<Doc[]> {
    const res = await fetch(`${simUrl()}/__sim/companies/${realmId}/documents?entity=SalesReceipt`);
    expect(res.status).toBe(200);
    const number = summaryDocNumber('salesReceipt', LOCATION, w.demoDate);
    return ((await res.json()) as Doc[]).filter((d) => d.DocNumber === number);
  }

  /** "Sync now" (or a day's button) clicked: the flash names the run, the worker runs it, the page is read again. */
  async function clickAndRun(button: Locator): Promise<void> {
    await button.click();
    await page.locator('#flash').waitFor();
    expect(await page.locator('#flash').textContent()).toMatch(/run \d+/);
    await w.t.worker!.drain();
    await page.reload();
  }

  beforeAll(async () => {
    w = await startWorld();
    // Summary from the demo tickets' day before the connection, so no run posts them line by line.
    await w.t.sync.days.setMode(TENANT, LOCATION, { mode: 'summary', from: w.demoDate });
    const { url, binding } = await w.t.sync.startConnect(TENANT, { locationId: LOCATION });
    const { connection } = await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Larimer Holdings' }), { tenantId: TENANT, binding });
    realmId = connection.realmId;
    await w.t.worker!.drain();
    browser = await openChromium(cspViolations);
    ({ page } = browser);
    await signInAsOwner(page, w, '/days');
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('"Sync now" posts yesterday: posted r1, its documents linked, the reconciliation matching to the cent', async () => {
    expect(await row().locator('.badge').textContent()).toBe('ready');
    await clickAndRun(page.getByRole('button', { name: 'Sync now' }));
    expect(await row().locator('.badge').textContent()).toBe('posted r1');
    const [receipt, ...more] = await receipts();
    expect(more).toEqual([]);
    expect(money(String(receipt!.TotalAmt))).toBe(0);
    const links = row().locator('td[data-label="QuickBooks"] a');
    const labels = await links.allTextContents();
    expect(labels).toContain(`Sales receipt ${receipt!.DocNumber}`);
    const receiptLink = links.filter({ hasText: 'Sales receipt' });
    expect(await receiptLink.getAttribute('href')).toMatch(new RegExp(`[?&]txnId=${receipt!.Id}(&|$)`));
    expect(await receiptLink.getAttribute('rel')).toContain('noopener');

    const recon = row().locator('td[data-label="Reconciliation"]');
    expect(await recon.locator('summary').textContent()).toMatch(/^✓ matches to the cent \(\d+ groups\)$/);
    await recon.locator('summary').click();
    const groups = await recon.locator('.recon-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(groups.length).toBeGreaterThan(2);
    for (const [group, pos, qbo] of groups) expect(money(qbo!), group).toBe(money(pos!));
    // The groups read back are the row's own POS totals, cent for cent.
    const byGroup = new Map(groups.map(([g, , qbo]) => [g!, money(qbo!)]));
    expect(byGroup.get('Sales')).toBe(money(await cell('Gross sales')));
    expect(byGroup.get('Tax') ?? 0).toBe(money(await cell('Tax')));
    // Tenders: the row shows what was taken in, the receipt's lines carry it as negative amounts.
    expect(byGroup.get('Tenders')).toBe(-money((await cell('Tenders')).split(/[A-Za-z]/)[0]!));
    await screenshot('r1');
  });

  it('a receipt deleted in QuickBooks: the next run marks the day "changed in QuickBooks" and offers "Repost this day"', async () => {
    const [receipt] = await receipts();
    const token = await fetch(`${simUrl()}/__sim/companies/${realmId}/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const deleted = await fetch(`${simUrl()}/v3/company/${realmId}/salesreceipt?operation=delete&minorversion=75`, {
      method: 'POST', body: JSON.stringify({ Id: receipt!.Id, SyncToken: receipt!.SyncToken }),
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', 'content-type': 'application/json' },
    });
    expect(deleted.status, await deleted.clone().text()).toBe(200);
    expect(await receipts()).toEqual([]);
    // A late ticket makes the day out of date: its rewrite is the run that finds the receipt gone.
    const late = { id: 'LATE-1', locationId: LOCATION, version: 1, status: 'closed', closedAt: `${w.demoDate}T20:00:00-07:00`,
      lines: [{ kind: 'product', name: 'Latte', category: 'Coffee', quantity: '1', unitPrice: '4.50' }],
      payments: [{ method: 'cash', amount: '4.50' }], total: '4.50' };
    const [taken] = await takeTickets(w.t.database.db, TENANT, [{ raw: JSON.stringify(late), ref: 0 }]);
    expect(taken?.outcome, JSON.stringify(taken)).not.toBe('refused');
    await page.reload();
    expect(await row().locator('.badge').textContent()).toBe('out of date');

    await clickAndRun(page.getByRole('button', { name: 'Sync now' }));
    expect(await row().locator('.badge').textContent()).toBe('changed in QuickBooks');
    expect(await row().locator('.day-error').textContent()).toMatch(new RegExp(`sales summary \\(SalesReceipt\\) \\(Id ${receipt!.Id}\\) was deleted in QuickBooks`));
    expect(await row().locator('.day-hint').last().textContent()).toContain('"Repost this day" replaces it with the POS totals');
    expect(await receipts()).toEqual([]);
    expect(await row().locator('td[data-label="Reconciliation"]').textContent()).toContain('nothing left in QuickBooks');
    await screenshot('changed');
  });

  it('"Repost this day" leaves the day posted again with one live receipt, matching to the cent', async () => {
    await clickAndRun(page.getByRole('button', { name: `Repost this day: ${w.demoDate}` }));
    expect(await row().locator('.badge').textContent()).toMatch(/^posted r\d+$/);
    const live = await receipts();
    expect(live).toHaveLength(1);
    expect(money(String(live[0]!.TotalAmt))).toBe(0);
    expect(await row().locator('td[data-label="QuickBooks"] a').allTextContents()).toContain(`Sales receipt ${live[0]!.DocNumber}`);
    expect(await row().locator('td[data-label="Reconciliation"] summary').textContent()).toMatch(/^✓ matches to the cent/);
    expect(await row().getByRole('button', { name: /Repost this day/ }).count()).toBe(0);
    expect(await row().locator('.day-error').count()).toBe(0);
    await screenshot('reposted');
    expect(cspViolations).toEqual([]);
  });

  it('the day\'s page tells its history: posted, out of date, changed in QuickBooks, reposted by the owner, posted again', async () => {
    await row().getByRole('link', { name: w.demoDate }).click();
    await page.locator('#day-history').waitFor();
    const words = await page.locator('#day-history tbody th').allTextContents();
    expect(words[0]).toBe('posted r1');
    expect(words.slice(1)).toEqual([
      expect.stringMatching(/^out of date: a late ticket/), expect.stringMatching(/^changed in QuickBooks: .*was deleted in QuickBooks/),
      expect.stringMatching(new RegExp(`^reposted by ${w.ownerEmail.replace(/[.+]/g, '\\$&')}`)), expect.stringMatching(/^posted r\d+$/),
    ]);
    await screenshot('history');
    expect(cspViolations).toEqual([]);
  });
});
