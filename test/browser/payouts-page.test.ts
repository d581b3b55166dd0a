/**
 * The Payouts page (issue 15 item 4, the browser acceptance point) in a real browser (Debian's
 * chromium through playwright-core), against the real server, sync, worker and the QuickBooks
 * simulator over HTTP:
 *
 *   payouts turned on for "square" from the demo day, its card tickets posted → the page, linked
 *   from the navigation, shows the day's card tenders in the clearing account, in transit, no
 *   warning → the usual delay set to 0 days on the page → the money is older than that: a
 *   warning, first → the payout covering that day arrives (fees, a chargeback) and posts as a
 *   Deposit → in transit 0.00, the Deposit posted, no warning → a payout whose gross is not
 *   the tenders it covers → that mismatch is the first warning and its row is marked → the
 *   first payout's Deposit deleted in QuickBooks and a new version of the payout arriving: the run
 *   marks it "changed in QuickBooks" → "Repost this payout" on its row → posted again, a new Deposit.
 *
 * Each state is shot at 1280 and 390 px wide into test-results/screenshots/payouts-*.png,
 * checked with axe-core (no serious or critical violation), and nothing scrolls sideways at
 * 390 px. Skipped, saying so, where /usr/bin/chromium is missing.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM, hasChromium, openChromium, signInAsOwner } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';
import { approveConsent } from '../../src/cli/consent-client.js';
import { formatCents, parseMoney } from '../../src/domain/money.js';
import { takePayouts } from '../../src/intake/take-payouts.js';
import { startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';

const SHOTS = path.resolve('test-results/screenshots');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const TENANT = 'default';
const ZONE = 'America/Denver';
const cents = (money: string) => {
  const p = parseMoney(money);
  if (!p.ok) throw new Error(`not money: ${money}`);
  return p.value;
};

describe.skipIf(!hasChromium)('the Payouts page, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  let connectionId = 0;
  let realmId = '';
  let dayTenders = 0;
  const cspViolations: string[] = [];
  const today = () => DateTime.now().setZone(ZONE).toISODate()!;
  const card = () => page.locator('section.processor-card').first();
  const balance = async () => (await card().locator('.total-balance .total-value').textContent())?.trim();

  /** Both widths, axe clean, and nothing wider than a phone at 390 px. */
  async function check(name: string): Promise<void> {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `payouts-${name}-1280.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `payouts-${name}-390.png`), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function syncAndWait(): Promise<void> {
    await w.t.sync.syncNow(TENANT, { connectionId });
    await w.t.worker!.drain();
  }

  async function payout(p: { id: string; gross: number; fees: number; adjustments: number }): Promise<void> {
    const next = DateTime.fromISO(w.demoDate).plus({ days: 1 }).toISODate()!;
    const record = { id: p.id, processor: 'square', arrivalDate: today(), gross: formatCents(p.gross), fees: formatCents(p.fees),
      adjustments: formatCents(p.adjustments), net: formatCents(p.gross - p.fees + p.adjustments),
      periodStart: `${w.demoDate}T00:00:00-07:00`, periodEnd: `${next}T00:00:00-07:00` };
    const [taken] = await takePayouts(w.t.database.db, TENANT, [{ raw: JSON.stringify(record), ref: 0 }]);
    expect(taken?.outcome, JSON.stringify(taken)).not.toBe('refused');
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    w = await startWorld();
    const { url, binding } = await w.t.sync.startConnect(TENANT, { locationId: 'denver-1' });
    const { connection } = await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Larimer Holdings' }), { tenantId: TENANT, binding });
    connectionId = connection.id;
    realmId = connection.realmId;
    await w.t.sync.initialize(TENANT, connectionId);
    const bank = (await w.t.sync.mapping.companyLists(TENANT, connectionId)).accounts.find((a) => a.type === 'Bank')!;
    await w.t.sync.payouts.turnOn(TENANT, connectionId, { processor: 'square', from: w.demoDate, bank: { id: bank.id, name: bank.name }, by: 'test' });
    await syncAndWait();
    browser = await openChromium(cspViolations);
    ({ page } = browser);
    await signInAsOwner(page, w);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('shows the card tenders in transit, linked from the navigation, with no warning', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).click();
    await page.waitForURL(/\/payouts$/);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).getAttribute('aria-current')).toBe('page');
    const day = card().locator('table.clearing-table tbody tr');
    expect(await day.count()).toBe(1);
    expect(await day.locator('th').textContent()).toBe(w.demoDate);
    dayTenders = cents((await day.locator('td').first().textContent())!);
    expect(dayTenders).toBeGreaterThan(0);
    expect(await balance()).toBe(formatCents(dayTenders));
    expect(await page.locator('#warnings .all-clear').count()).toBe(1);
    await check('in-transit');
  });

  it('warns, first, when the money is older than the usual delay set on the page', async () => {
    await card().getByLabel('Usual delay to payout (days)').fill('0');
    await card().getByRole('button', { name: 'Save the usual delay of square' }).click();
    await page.locator('#flash').waitFor();
    expect(await page.locator('#flash').textContent()).toContain('Saved: square usually pays out within 0 days.');
    const warning = page.locator('#warnings .warning').first();
    expect(await warning.textContent()).toContain(`${formatCents(dayTenders)} of card tenders has been in clearing longer than the usual 0 days (the oldest from ${w.demoDate}`);
    expect(await page.locator('main h2').first().textContent()).toBe('Warnings');
    await check('aged');
  });

  it('empties the clearing account once the payout covering the day posts as one Deposit', async () => {
    const fees = Math.round(dayTenders * 0.029);
    await payout({ id: 'po_week1', gross: dayTenders, fees, adjustments: -1500 });
    await syncAndWait();
    await page.reload();
    expect(await balance()).toBe('0.00');
    const row = page.locator('#payout-po_week1');
    expect(await row.locator('td[data-label="Net"]').textContent()).toBe(formatCents(dayTenders - fees - 1500));
    expect(await row.locator('td[data-label="Tenders covered"]').textContent()).toBe(formatCents(dayTenders));
    expect(await row.locator('.badge').textContent()).toBe('posted');
    expect(await row.locator('td[data-label="Deposit"]').textContent()).toMatch(/Deposit \d+/);
    expect(await page.locator('#warnings .all-clear').count()).toBe(1);
    await check('paid-out');
  });

  it('puts a payout that does not match the tenders it covers first among the warnings', async () => {
    await payout({ id: 'po_odd', gross: 1234, fees: 40, adjustments: 0 });
    await page.reload();
    const first = page.locator('#warnings .warning').first();
    expect(await first.getAttribute('class')).toContain('warning-mismatch');
    expect(await first.textContent()).toContain(`Payout po_odd (arrived ${today()}) does not match the card tenders it covers: its gross is 12.34, `
      + `the tenders of ${w.demoDate} came to ${formatCents(dayTenders)} (${formatCents(dayTenders - 1234)} short)`);
    expect(await page.locator('#payout-po_odd .off').textContent()).toBe(`gross ${formatCents(dayTenders - 1234)} short`);
    expect(await page.locator('#payout-po_odd').getAttribute('class')).toBe('payout-off');
    expect(await balance()).toBe('-12.34');
    await check('warnings');
  });

  it('offers "Repost this payout" once its Deposit was deleted in QuickBooks, and posts it again', async () => {
    const sim = w.t.simulator!.urls.api;
    const deposits = async () => {
      const res = await fetch(`${sim}/__sim/companies/${realmId}/documents?entity=Deposit`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { Id: string; SyncToken: string; PrivateNote: string }[])
        .filter((d) => d.PrivateNote.startsWith('POS payout square/po_week1 '));
    };
    const [deposit] = await deposits();
    const token = await fetch(`${sim}/__sim/companies/${realmId}/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const { access_token: accessToken } = (await token.json()) as { access_token: string };
    const deleted = await fetch(`${sim}/v3/company/${realmId}/deposit?operation=delete&minorversion=75`, {
      method: 'POST', body: JSON.stringify({ Id: deposit!.Id, SyncToken: deposit!.SyncToken }),
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', 'content-type': 'application/json' },
    });
    expect(deleted.status, await deleted.clone().text()).toBe(200);
    // The processor corrects the payout (a new version): its run finds the Deposit gone and leaves it to a person.
    const row = page.locator('#payout-po_week1');
    const net = cents((await row.locator('td[data-label="Net"]').textContent())!);
    const gross = cents((await row.locator('td[data-label="Gross"]').textContent())!);
    const fees = cents((await row.locator('td[data-label="Fees"]').textContent())!);
    const next = DateTime.fromISO(w.demoDate).plus({ days: 1 }).toISODate()!;
    const [taken] = await takePayouts(w.t.database.db, TENANT, [{ raw: JSON.stringify({ id: 'po_week1', version: 2, processor: 'square', arrivalDate: today(),
      gross: formatCents(gross), fees: formatCents(fees - 100), adjustments: '-15.00', net: formatCents(net + 100),
      periodStart: `${w.demoDate}T00:00:00-07:00`, periodEnd: `${next}T00:00:00-07:00` }), ref: 0 }]);
    expect(taken?.outcome, JSON.stringify(taken)).toBe('replaced');
    await syncAndWait();
    await page.reload();
    expect(await row.locator('.badge').textContent()).toBe('changed in QuickBooks');
    const repost = row.getByRole('button', { name: 'Repost this payout po_week1' });
    expect(await repost.count()).toBe(1);
    expect(await page.locator('#payout-po_odd').getByRole('button').count()).toBe(0);
    await check('changed');

    await repost.click();
    await page.locator('#flash').waitFor();
    expect(await page.locator('#flash').textContent()).toMatch(/Payout square\/po_week1 is posted again by run \d+: its Deposit takes the payout's figures\./);
    await w.t.worker!.drain();
    await page.reload();
    expect(await row.locator('.badge').textContent()).toBe('posted');
    expect(await row.getByRole('button').count()).toBe(0);
    const again = await deposits();
    expect(again).toHaveLength(1);
    expect(again[0]!.Id).not.toBe(deposit!.Id);
    expect(again[0]!.PrivateNote).toBe('POS payout square/po_week1 v2');
    await check('reposted');
    expect(cspViolations).toEqual([]);
  });
});
