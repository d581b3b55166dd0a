/**
 * The pages issue 20 changed, in a real browser (Debian's chromium), at 1280 and 390 px:
 * - ids holding bidi overrides and zero-width characters read as visible `\u202E` escapes on
 *   the Tickets list and the ticket page (the links still open the ticket);
 * - a huge ticket an older build stored is shown cut, with a note saying how long it is;
 * - a QuickBooks callback brought to another account's browser is refused in place.
 * Screenshots under test-results/screenshots/issue20-*.png. Skipped where chromium is missing.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, openChromium } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';
import { approveConsent } from '../../src/cli/consent-client.js';
import { parseTicket } from '../../src/domain/ticket-schema.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { writeTickets } from '../../src/store/tickets.js';
import { OTHER, OWNER_PASSWORD, startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';
import { simpleTicket } from '../support/tickets.js';

const SHOTS = path.resolve('test-results/screenshots');

describe.skipIf(!hasChromium)('issue 20\'s pages, in a browser', () => {
  let w: World;
  let context: BrowserContext;
  let browser: OpenBrowser | undefined;
  let page: Page;
  const cspViolations: string[] = [];

  /** The page at both widths; the narrow one must not scroll sideways. */
  async function screenshots(name: string): Promise<void> {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: path.join(SHOTS, `issue20-${name}-${width}.png`), fullPage: true });
      if (width === 390) expect(await page.evaluate('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(390);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function signIn(email: string, password: string): Promise<void> {
    await page.goto(`${w.t.url}/signin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
  }

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    w = await startWorld();
    const ids = ['INV\u202e2-1', 'ZW\u200bSP-7', 'ISO\u2066A\u2069'];
    await takeTickets(w.t.database.db, 'default', ids.map((id, i) => ({ raw: JSON.stringify(simpleTicket({ id, closedAt: '2026-11-24T12:30:00-07:00' })), ref: i })));
    const plain = parseTicket(simpleTicket({ id: 'LEGACY-BIG', closedAt: '2026-11-24T12:30:00-07:00' }));
    if (!plain.ok) throw new Error('the plain ticket should parse');
    // As an older build stored it: today's intake refuses a ticket this long.
    await writeTickets(w.t.database.db, 'default', [{ ticket: plain.ticket, businessDate: '2026-11-24', initialState: 'pending',
      raw: JSON.stringify({ ...simpleTicket({ id: 'LEGACY-BIG', closedAt: '2026-11-24T12:30:00-07:00' }), padding: 'y'.repeat(1_000_000) }) }]);
    browser = await openChromium(cspViolations);
    ({ context, page } = browser);
  });

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('shows invisible characters in ids as escapes, and a huge old ticket cut with a note', async () => {
    await signIn(w.ownerEmail, OWNER_PASSWORD);
    await page.goto(`${w.t.url}/tickets?from=2026-11-24&to=2026-11-24`);
    const list = await page.locator('main').innerText();
    expect(list).toContain('INV\\u202E2-1');
    expect(list).toContain('ZW\\u200BSP-7');
    expect(list).toContain('ISO\\u2066A\\u2069');
    expect(list).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200b-\u200f]/);
    await screenshots('tickets-invisible-ids');

    await page.getByRole('link', { name: 'INV\\u202E2-1' }).click();
    await page.waitForURL(/\/tickets\/denver-1\/INV/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('INV\\u202E2-1');
    await screenshots('ticket-invisible-id');

    await page.goto(`${w.t.url}/tickets/denver-1/LEGACY-BIG`);
    expect(await page.locator('#raw-cut').innerText()).toContain('only the first 65,536 are shown');
    expect((await page.locator('pre.json').innerText()).length).toBeLessThan(70_000);
    await screenshots('ticket-raw-cut');
    expect(cspViolations).toEqual([]);
  });

  it('refuses, in place, a QuickBooks callback another account started', async () => {
    const { url } = await w.t.sync.startConnect('default', { locationId: 'denver-1' });
    const params = await approveConsent(url, { newCompany: 'Not Yours Café' });
    await context.clearCookies();
    await signIn(OTHER.email, OTHER.password);
    await page.goto(`${w.t.url}/quickbooks/callback?${new URLSearchParams(params)}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Started elsewhere');
    expect(await page.locator('main').innerText()).toContain('nothing was saved');
    expect(page.url()).toContain('/quickbooks/callback?');
    await screenshots('callback-started-elsewhere');
    expect(await w.t.database.db.selectFrom('qbo_connections').select('id').execute()).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
