/**
 * Undo of a range in summary mode (issue 16, Build 2): the range's days hold the documents (one
 * SalesReceipt and a COGS JournalEntry per store-day). The preview lists them; the undo deletes
 * every one - one the accountant already deleted is simply gone, not "changed" - and returns the
 * days to ready (or, "not to be posted", to skipped until resynced); the next run posts them
 * again and each day holds exactly its documents once more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboEntity } from '../../src/qbo/index.js';
import { backends } from '../support/stores.js';
import { dayDocs, expectedReceiptLines, receiptLineAmounts, wireTicket } from '../support/summary-days.js';
import type { DayTicketSpec } from '../support/summary-days.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const LOC = 'denver-1';
const DAYS = ['2026-03-10', '2026-03-11', '2026-03-12'];
const WHO = { actor: 'owner@example.com', via: 'session' as const };
const TICKETS: DayTicketSpec[] = DAYS.flatMap((date, i) => [
  { id: `A${i}`, loc: LOC, at: `${date}T10:00:00-06:00`, date, category: 'Coffee', qty: 2, price: 450, tax: 60, method: 'cash' as const, cost: 120 },
  { id: `B${i}`, loc: LOC, at: `${date}T15:00:00-06:00`, date, category: 'Bakery', qty: 1, price: 300 + i, tax: 21, method: 'credit_card' as const, cost: 90 },
]);

describe.each(backends())('undo of summary days on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const state = async (date: string) => (await world.sync.days.list(TENANT, LOC, { from: date, to: date }))[0]!.stateWords;
  const live = (date: string) => [...dayDocs(world.sim, realmId, 'salesReceipt', LOC, date), ...dayDocs(world.sim, realmId, 'cogs', LOC, date)];
  const undo = async (from: string, to: string, mode?: 'withheld') => {
    await world.sync.repair.undo(TENANT, { connectionId, from, to, confirm: 'Test Café', ...(mode && { mode }) }, WHO);
    return (await world.runQueued()).at(-1)!;
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend });
    await world.addLocation(LOC, 'America/Denver');
    ({ connectionId, realmId } = await world.connect(LOC));
    await world.sync.days.setMode(TENANT, LOC, { mode: 'summary', from: DAYS[0]! });
    await world.take(TICKETS.map(wireTicket));
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();
    for (const d of DAYS) expect(await state(d)).toBe('posted r1');
  }, 60_000);
  afterAll(async () => world?.close());

  it('previews the days\' documents and deletes them, the days back to ready', async () => {
    // The accountant deleted the second day's COGS entry already: the undo takes it as gone.
    const [cogs] = dayDocs(world.sim, realmId, 'cogs', LOC, DAYS[1]!) as (QboEntity & { Id: string; SyncToken: string })[];
    await (await world.client(connectionId)).delete('JournalEntry', { Id: cogs!.Id, SyncToken: cogs!.SyncToken }, { key: 'accountant:1' });

    const preview = await world.sync.repair.previewUndo(TENANT, { connectionId, from: DAYS[0]!, to: DAYS[1]! });
    expect(preview.documents).toBe(4);
    expect(preview.rows.map((r) => `${r.date} ${r.entity} ${r.action} ${r.documents}`).sort()).toEqual([
      `${DAYS[0]} JournalEntry delete 1`, `${DAYS[0]} SalesReceipt delete 1`, `${DAYS[1]} JournalEntry delete 1`, `${DAYS[1]} SalesReceipt delete 1`,
    ]);

    const run = await undo(DAYS[0]!, DAYS[1]!);
    expect(run).toMatchObject({ status: 'finished', error: null });
    for (const d of DAYS.slice(0, 2)) {
      expect(live(d), d).toEqual([]);
      expect(await state(d)).toBe('ready');
    }
    expect(live(DAYS[2]!)).toHaveLength(2);
    expect(await state(DAYS[2]!)).toBe('posted r1');
    const [job] = await world.database.db.selectFrom('undo_jobs').select(['status', 'documents_done']).execute();
    expect(job).toMatchObject({ status: 'finished', documents_done: 4 });
  });

  it('the next run posts the days again, each holding its documents once', async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();
    for (const d of DAYS) {
      expect(await state(d)).toMatch(/^posted r\d+$/);
      const receipts = dayDocs(world.sim, realmId, 'salesReceipt', LOC, d);
      expect(receipts, d).toHaveLength(1);
      expect(receiptLineAmounts(receipts[0]!)).toEqual(expectedReceiptLines(TICKETS.filter((t) => t.date === d)));
      expect(dayDocs(world.sim, realmId, 'cogs', LOC, d), d).toHaveLength(1);
    }
  });

  it('"not to be posted" leaves the day skipped until resynced', async () => {
    const day = DAYS[2]!;
    expect(await undo(day, day, 'withheld')).toMatchObject({ status: 'finished' });
    expect(live(day)).toEqual([]);
    expect(await state(day)).toMatch(/^skipped: not to be posted/);
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();
    expect(live(day)).toEqual([]);
    await world.sync.days.resync(TENANT, LOC, [day]);
    await world.runQueued();
    expect(live(day)).toHaveLength(2);
    // Recorded in the history of each day (issue 16): the undo run, the resync, the post after it.
    const kinds = async (d: string) => (await world.sync.days.history(TENANT, LOC, d)).map((e) => e.kind);
    expect(await kinds(day)).toEqual(['posted', 'withheld', 'resync', 'posted']);
    for (const d of DAYS.slice(0, 2)) expect(await kinds(d), d).toEqual(['posted', 'undone', 'posted']);
  });
});
