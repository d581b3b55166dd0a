/**
 * "Changed in QuickBooks" in a real browser (issue 16), against the real server, worker and the
 * simulator over HTTP with its signed webhooks on: a posted invoice deleted and another edited
 * directly in the simulator (as a bookkeeper would) are flagged after one webhook delivery; the
 * Tickets page lists them as changed in QuickBooks, saying what changed, with "Repost" and "Accept
 * as is"; "Repost" rewrites the deleted one and "Accept as is" keeps the edit, after which the
 * day reconciles clean and nothing is left changed. Screenshots at 1280 and 390 px wide in
 * test-results/screenshots/drift-*.png, axe-core clean. Skipped where /usr/bin/chromium is missing.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { readDocs } from '../../src/domain/ticket-docs.js';
import type { QboEntity } from '../../src/qbo/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { clientFor } from '../../src/sync/deps.js';
import { startWorld } from '../../src/web/test-support/world.js';
import type { World } from '../../src/web/test-support/world.js';
import { seriousViolations } from '../support/axe.js';
import { CHROMIUM, hasChromium, openChromium, signInAsOwner } from '../support/browser.js';
import type { OpenBrowser } from '../support/browser.js';

const SHOTS = path.resolve('test-results/screenshots');
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const TENANT = 'default';
type Doc = QboEntity & { Id: string; SyncToken: string };

describe.skipIf(!hasChromium)('tickets changed in QuickBooks, in a browser', () => {
  let w: World;
  let browser: OpenBrowser | undefined;
  let page: Page;
  let connectionId = 0;
  let n = 0;
  const cspViolations: string[] = [];

  async function check(name: string): Promise<void> {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: path.join(SHOTS, `drift-${name}-1280.png`), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, `drift-${name}-390.png`), fullPage: true });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  }
  const bookkeeper = async () => clientFor(w.t.syncDeps, (await getConnection(w.t.database.db, TENANT, connectionId))!);
  const ticket = async (ticketId: string) => {
    const row = await w.t.database.db.selectFrom('tickets').select(['qbo_docs', 'sync_state']).where('tenant_id', '=', TENANT)
      .where('location_id', '=', 'denver-1').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    return { state: row.sync_state, docs: readDocs(row.qbo_docs) };
  };
  /** Whatever the simulator announced is delivered, and the runs it queued are done. */
  const settle = async () => {
    await w.t.simulator!.flushWebhooks();
    await w.t.worker!.drain();
  };
  const flash = () => page.locator('#flash').textContent();

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    w = await startWorld({ QBO_WEBHOOK_VERIFIER_TOKEN: 'verifier-token-for-the-drift-page' });
    const { url, binding } = await w.t.sync.startConnect(TENANT, { locationId: 'denver-1' });
    ({ connection: { id: connectionId } } = await w.t.sync.completeConnect(await approveConsent(url, { newCompany: 'Drift Bakery' }), { tenantId: TENANT, binding }));
    await w.t.sync.syncNow(TENANT, { connectionId });
    await w.t.worker!.drain();
    // Our own writes are announced too: checked, and nothing is flagged.
    await settle();
    browser = await openChromium(cspViolations);
    ({ page } = browser);
    await signInAsOwner(page, w, '/tickets');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await w?.stop();
  });

  it('flags a deleted and an edited invoice; Repost and Accept as is leave the day reconciled clean', { timeout: 180_000 }, async () => {
    const posted = await w.t.database.db.selectFrom('tickets').select('ticket_id').where('tenant_id', '=', TENANT)
      .where('sync_state', '=', 'posted').where('total_cents', '>', 0).orderBy('ticket_id').execute();
    const [deleted, edited] = [posted[0]!.ticket_id, posted[1]!.ticket_id];
    const client = await bookkeeper();
    // Deleted: its payments first (QuickBooks refuses to delete an invoice that has payments).
    const gone = (await ticket(deleted)).docs;
    for (const p of gone.payments) {
      const pay = await client.read<Doc>('Payment', p.id);
      await client.delete('Payment', { Id: pay.Id, SyncToken: pay.SyncToken }, { key: `bk:${n++}` });
    }
    const inv = await client.read<Doc>('Invoice', gone.invoice!.id);
    await client.delete('Invoice', { Id: inv.Id, SyncToken: inv.SyncToken }, { key: `bk:${n++}` });
    // Edited: the customer's memo only, so keeping QuickBooks' version keeps the money (and our PrivateNote, the link to the ticket) as it was.
    const other = await client.read<Doc>('Invoice', (await ticket(edited)).docs.invoice!.id);
    await client.sparseUpdate('Invoice', { Id: other.Id, SyncToken: other.SyncToken, CustomerMemo: { value: 'Thank you for shopping with us' } }, { key: `bk:${n++}` });
    await settle();
    expect((await ticket(deleted)).state).toBe('changed-in-qbo');
    expect((await ticket(edited)).state).toBe('changed-in-qbo');

    await page.goto(`${w.t.url}/tickets?state=changed-in-qbo`);
    const rows = page.locator('#tickets-table tbody tr');
    expect(await rows.count()).toBe(2);
    const deletedRow = page.locator(`tr[data-ticket="${deleted}"]`);
    expect(await deletedRow.locator('.badge').textContent()).toBe('Changed in QuickBooks');
    expect(await deletedRow.locator('.drift-note').textContent()).toMatch(/Invoice \d+ deleted.* in QuickBooks/);
    expect(await page.locator(`tr[data-ticket="${edited}"] .drift-note`).textContent()).toMatch(/^Invoice \d+ edited in QuickBooks$/);
    await check('changed');

    await deletedRow.getByRole('button', { name: 'Repost' }).click();
    await expect.poll(flash).toMatch(/repost/i);
    await settle();
    expect((await ticket(deleted)).state).toBe('posted');
    await page.goto(`${w.t.url}/tickets?state=changed-in-qbo`);
    await page.locator(`tr[data-ticket="${edited}"]`).getByRole('button', { name: 'Accept as is' }).click();
    await expect.poll(flash).toMatch(/accept|as is/i);
    await settle();
    expect((await ticket(edited)).state).toBe('posted');
    await page.goto(`${w.t.url}/tickets?state=changed-in-qbo`);
    expect(await page.locator('#tickets-table tbody tr').count()).toBe(0);
    await page.goto(`${w.t.url}/tickets?location=denver-1`);
    await check('resolved');

    const recon = await w.t.sync.reconcile(TENANT, { connectionId, from: w.demoDate, to: w.demoDate });
    expect(recon.problems).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
