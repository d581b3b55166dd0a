/**
 * The day page (issues 14 and 16): a summary day's history, oldest first — posted r1 with its
 * receipt, out of date, posted r2, undone — with a link from the Days page; another tenant's
 * or a made-up day is not found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, signedIn, startWorld } from '../test-support/world.js';
import type { Agent, World } from '../test-support/world.js';

describe('the day page', () => {
  let w: World;
  let owner: Agent;
  const L = 'denver-1';
  const D = '2026-03-04';

  beforeAll(async () => {
    w = await startWorld();
    owner = await signedIn(w.t, w.ownerEmail, OWNER_PASSWORD);
    const db = w.t.database.db;
    await db.insertInto('summary_days').values({ tenant_id: 'default', location_id: L, business_date: D, state: 'ready', revision: 2 }).execute();
    const event = (kind: string, revision: number, detail: object) =>
      ({ tenant_id: 'default', location_id: L, business_date: D, run_id: 7, revision, kind, detail: JSON.stringify(detail) });
    await db.insertInto('day_events').values([
      event('posted', 1, { outcome: 'posted', docs: { salesReceipt: 'SR-41', drawer: 'JE-9' } }),
      event('out-of-date', 1, { outcome: 'edited', docs: { salesReceipt: 'SR-41' } }),
      event('posted', 2, { outcome: 'posted', docs: { salesReceipt: 'SR-41' } }),
      event('undone', 2, { outcome: 'undone', docs: {} }),
    ]).execute();
  }, 180_000);
  afterAll(async () => w?.stop());

  it('shows every event of the day, oldest first, with its documents', async () => {
    const page = await owner.get(`/days/${L}/${D}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('id="day-history"');
    const rows = [...page.body.matchAll(/<tr class="day-event-([\w-]+)">.*?<th scope="row">([^<]+)<\/th>.*?<td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([
      ['posted', 'posted r1', 'SalesReceipt SR-41, JournalEntry JE-9'],
      ['out-of-date', 'out of date: a ticket of the day arrived while it was being posted', 'SalesReceipt SR-41'],
      ['posted', 'posted r2', 'SalesReceipt SR-41'],
      ['undone', 'undone by an undo run: its documents deleted, to be posted again', '—'],
    ]);
  });

  it('is linked from the Days page; a made-up day or location is not found', async () => {
    expect((await owner.get(`/days?location=${L}`)).body).toContain(`href="/days/${L}/${D}"`);
    expect((await owner.get(`/days/${L}/2026-03-05`)).body).toContain('id="history-none"');
    expect((await owner.get(`/days/nowhere/${D}`)).status).toBe(404);
    expect((await owner.get(`/days/${L}/not-a-date`)).status).toBe(404);
  });
});
