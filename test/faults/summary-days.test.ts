/**
 * Summary days under faults (issue 14 acceptance, exactly once): 429 storms and 5xx, answers lost
 * after QuickBooks committed the write, and a run that died holding its days before it saved
 * anything. After recovery, per store-day: exactly one live receipt and COGS entry, equal to the
 * POS sums (0 duplicate, 0 missing), and a day settled by a look-up writes nothing again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/stores.js';
import { dayDocs, debitTotal, expectedCogs, expectedReceiptLines, receiptLineAmounts, totalCents, wireTicket } from '../support/summary-days.js';
import type { DayTicketSpec } from '../support/summary-days.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const STORES = [{ id: 'denver-1', zone: 'America/Denver', offset: '-07:00' }, { id: 'brooklyn-1', zone: 'America/New_York', offset: '-05:00' }];

/** Three tickets per store-day, varied enough to give several lines. */
function ticketsOf(dates: readonly string[]): DayTicketSpec[] {
  return dates.flatMap((date, d) => STORES.flatMap((s, i) => [0, 1, 2].map((k) => ({
    id: `${s.id}-${date}-${k}`, loc: s.id, at: `${date}T${10 + k}:00:00${s.offset}`, date, category: ['Coffee', 'Bakery', 'Tea'][k]!,
    qty: 1 + ((d + i + k) % 3), price: 250 + 50 * k, tax: 20 + k, method: k === 1 ? 'cash' as const : 'credit_card' as const, cost: 80 + 10 * k,
  }))));
}

describe.each(backends())('summary days under faults on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const all: DayTicketSpec[] = [];

  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return world.runQueued();
  };
  const expectExactlyOnce = (dates: readonly string[]) => {
    for (const s of STORES) {
      for (const date of dates) {
        const mine = all.filter((t) => t.loc === s.id && t.date === date);
        const receipts = dayDocs(world.sim, realmId, 'salesReceipt', s.id, date);
        expect(receipts, `${s.id} ${date}`).toHaveLength(1);
        expect(totalCents(receipts[0]!)).toBe(0);
        expect(receiptLineAmounts(receipts[0]!)).toEqual(expectedReceiptLines(mine));
        expect(dayDocs(world.sim, realmId, 'cogs', s.id, date).map(debitTotal), `${s.id} ${date} COGS`).toEqual([expectedCogs(mine)]);
      }
    }
  };
  const take = async (dates: string[]) => {
    const specs = ticketsOf(dates);
    all.push(...specs);
    await world.take(specs.map(wireTicket));
  };
  const states = async () => (await world.database.db.selectFrom('summary_days').select(['state']).execute()).map((r) => r.state);

  beforeAll(async () => {
    // A slower clock than the default: consent codes and OAuth states outlive a busy machine.
    world = await startSyncWorld({ backend, timeScale: 60, retryPolicy: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200 } });
    for (const s of STORES) await world.addLocation(s.id, s.zone);
    ({ connectionId, realmId } = await world.connect(STORES[0]!.id));
    await world.sync.useConnection(TENANT, STORES[1]!.id, connectionId);
    await world.sync.initialize(TENANT, connectionId);
    for (const s of STORES) await world.sync.days.setMode(TENANT, s.id, { mode: 'summary', from: '2026-03-01' });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('429 storms and 5xx: days wait, the next runs post each once', async () => {
    await take(['2026-03-02', '2026-03-03']);
    world.sim.setFaults(realmId, { throttleRate: 0.4, serverErrorRate: 0.2 });
    await sync();
    world.sim.clearFaults(realmId);
    for (let i = 0; i < 3 && (await states()).some((s) => s !== 'posted'); i++) await sync();
    expect(new Set(await states())).toEqual(new Set(['posted']));
    expectExactlyOnce(['2026-03-02', '2026-03-03']);
  });

  it('answers lost after QuickBooks committed: the same requestids are replayed, nothing is created twice', async () => {
    await take(['2026-03-04', '2026-03-05']);
    const replays = world.sim.counters(realmId).replays;
    world.sim.setFaults(realmId, { resetAfterCommitRate: 1 });
    await sync();
    world.sim.clearFaults(realmId);
    for (let i = 0; i < 3 && (await states()).some((s) => s !== 'posted'); i++) await sync();
    expect(world.sim.counters(realmId).replays).toBeGreaterThan(replays);
    expect(new Set(await states())).toEqual(new Set(['posted']));
    expectExactlyOnce(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
  });

  it('a run that died holding its days before saving what QuickBooks answered: the next run finds the documents and writes nothing', async () => {
    await take(['2026-03-06']);
    await sync();
    // As if the process died right after the batch went out: the days still posting, their answers never saved.
    const days = await world.database.db.selectFrom('summary_days').select(['location_id', 'business_date', 'docs']).where('business_date', '=', '2026-03-06').execute();
    for (const d of days) {
      const docs = { ...(d.docs as Record<string, unknown>), salesReceipt: null, cogs: null, drawer: null };
      await world.database.db.updateTable('summary_days').set({ state: 'posting', revision: 0, docs: JSON.stringify(docs), uncertain: false })
        .where('location_id', '=', d.location_id).where('business_date', '=', d.business_date).execute();
    }
    const mark = world.sim.requestLog(realmId).length;
    await sync();
    const sent = world.sim.requestLog(realmId).slice(mark);
    expect(sent.filter((r) => r.path === 'batch')).toEqual([]);
    expect(sent.some((r) => r.query?.includes('DocNumber'))).toBe(true);
    expect(new Set(await states())).toEqual(new Set(['posted']));
    expectExactlyOnce(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06']);
    const listed = await world.sync.days.list(TENANT, STORES[0]!.id, { from: '2026-03-06' });
    expect(listed.map((d) => [d.stateWords, d.documents.length])).toEqual([['posted r1', 2]]);
  });
});
