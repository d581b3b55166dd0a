/**
 * The Repair page (issue 16): before the first sync the QuickBooks page offers the preview; the
 * preview shows what would be written and writes nothing; an undo needs the company's name typed
 * (a wrong name undoes nothing), then runs and shows in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, connectThroughConsent, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

describe('the Repair page', () => {
  let w: World;
  let owner: Agent;
  let connectionId: number;
  const postedCount = async () => Number((await w.t.database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', 'default').where('sync_state', '=', 'posted').executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    await connectThroughConsent(owner, 'denver-1');
    connectionId = (await w.t.database.db.selectFrom('locations').select('connection_id').where('id', '=', 'denver-1').executeTakeFirstOrThrow()).connection_id!;
  }, 180_000);
  afterAll(async () => w?.stop());

  it('offers the preview before the first sync, and the preview writes nothing', async () => {
    const qb = await owner.get('/quickbooks?location=denver-1');
    expect(qb.body).toContain('id="preview-first"');
    const page = await owner.get(`/repair?connection=${connectionId}&dry-run=1`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="dry-run-documents"');
    expect(page.body).toMatch(/<td>create<\/td><td>Invoice<\/td>/);
    expect(await postedCount()).toBe(0);
  });

  it('undoes a range only once the company is named, and lists it in the audit log', async () => {
    await owner.submit('/quickbooks?location=denver-1', '/quickbooks/sync-now', { location: 'denver-1' });
    await w.t.worker!.drain();
    const posted = await postedCount();
    expect(posted).toBeGreaterThan(0);
    expect((await owner.get('/quickbooks?location=denver-1')).body).not.toContain('id="preview-first"');
    const url = `/repair?connection=${connectionId}&undo=1&from=${w.demoDate}&to=${w.demoDate}&mode=pending`;
    const preview = await owner.get(url);
    expect(preview.body).toContain('id="undo-confirm"');
    const token = /name="confirmToken" value="([^"]+)"/.exec(preview.body)![1]!;
    const fields = { connection: String(connectionId), from: w.demoDate, to: w.demoDate, mode: 'pending', confirmToken: token };
    const wrong = await owner.submit(url, '/repair/undo', { ...fields, company: 'Someone Else' });
    expect(wrong.status).toBe(303);
    expect((await owner.get(wrong.location!)).body).toContain('Nothing was undone');
    await w.t.worker!.drain();
    expect(await postedCount()).toBe(posted);

    const right = await owner.submit(url, '/repair/undo', { ...fields, company: 'Corner Café' });
    expect(right.location).toBe('/repair#audit');
    await w.t.worker!.drain();
    expect(await postedCount()).toBe(0);
    const audit = await owner.get('/repair');
    expect(audit.body).toContain('id="audit-log"');
    expect(audit.body).toContain(`${w.ownerEmail} (session)`);
  });
});
