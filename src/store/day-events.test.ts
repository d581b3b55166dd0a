/**
 * A summary day's history (issues 14 and 16), on every backend: the statements that settle and
 * requeue a day, and the intake that makes a posted day out of date, leave its event — a post
 * (r1, with its documents' ids), a late edit, a rewrite (r2), a skip
 * with its reason, an undo, a resync — read back oldest first, and another tenant sees none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase, openSummaryStore } from '../../test/support/stores.js';
import { simpleTicket } from '../../test/support/tickets.js';
import type { DayOutcome } from '../domain/day-outcomes.js';
import { emptyDayDocs } from '../domain/day-docs.js';
import { takeTickets } from '../intake/take-tickets.js';
import { dayEvents } from './day-events.js';
import type { Database } from './index.js';
import { claimDays, claimDaysForUndo, closeDays, finishDays, requeueDays, saveDayFacts } from './summary-days.js';

const T = 'tenant';
const L = 'denver-1';

describe.each(backends())('the history of a summary day on $name', (backend) => {
  let database: Database;
  let runId = 3000;

  beforeAll(async () => {
    database = await openSummaryStore(backend, T, L);
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  const take = (id: string, date: string, version = 1) =>
    takeTickets(database.db, T, [{ raw: JSON.stringify(simpleTicket({ id, locationId: L, version, closedAt: `${date}T12:00:00-07:00` })), ref: 0 }]);
  const claim = async (date: string) => {
    await closeDays(database.db, T, [{ id: L, today: '2099-01-01', startDate: null }]);
    const claimed = await claimDays(database.db, T, [L], ++runId, 100, { requireRunningRun: false });
    return claimed.find((c) => c.businessDate === date)!;
  };
  const settle = (date: string, outcome: DayOutcome, inputSeq: number, revision: number, error: unknown = null) =>
    finishDays(database.db, T, runId, [{ locationId: L, businessDate: date, outcome, inputSeq, revision, totals: null, error }]);
  const receipt = (id: string, revision: number) => ({ ...emptyDayDocs(), salesReceipt: { id, syncToken: String(revision - 1), revision, docNumber: 'D', hash: 'h' } });

  it('records a post (r1, its receipt), a rewrite (r2), an undo and a resync, oldest first', async () => {
    const date = '2026-02-02';
    await take('a', date);
    const first = await claim(date);
    const firstRun = runId;
    await saveDayFacts(database.db, T, [{ locationId: L, businessDate: date, docs: receipt('SR-1', 1), uncertain: false }]);
    await settle(date, 'posted', first.inputSeq, 1);
    await take('a', date, 2);
    const second = await claim(date);
    await saveDayFacts(database.db, T, [{ locationId: L, businessDate: date, docs: receipt('SR-1', 2), uncertain: false }]);
    await settle(date, 'posted', second.inputSeq, 2);
    const undo = (await claimDaysForUndo(database.db, T, { locationIds: [L], from: date, to: date }, ++runId, 10, { requireRunningRun: false }))[0]!;
    await saveDayFacts(database.db, T, [{ locationId: L, businessDate: date, docs: emptyDayDocs(), uncertain: false }]);
    await settle(date, 'withheld', undo.inputSeq, 2, { message: 'not to be posted (undo of 2026-02-02 to 2026-02-02)' });
    expect(await requeueDays(database.db, T, 'resync', [{ locationId: L, businessDate: date }], 'owner@example.com')).toHaveLength(1);

    const events = await dayEvents(database.db, T, L, date);
    expect(events.map((e) => [e.kind, e.revision])).toEqual([['posted', 1], ['out-of-date', 1], ['posted', 2], ['withheld', 2], ['resync', 2]]);
    expect(events[0]).toMatchObject({ runId: firstRun, detail: { outcome: 'posted', docs: { salesReceipt: 'SR-1' } } });
    expect(events[1]).toMatchObject({ runId: null, detail: { outcome: 'input', docs: { salesReceipt: 'SR-1' } } });
    expect(events[3]!.detail).toMatchObject({ outcome: 'withheld', reason: expect.stringContaining('not to be posted') });
    expect(events[3]!.detail?.docs).toEqual({});
    expect(events[4]!.detail).toEqual({ outcome: 'resync', by: 'owner@example.com', docs: {} });
    expect(await dayEvents(database.db, 'other-tenant', L, date)).toEqual([]);
  });

  it('records a skip with its reason, a day edited while held as out of date, and an undo back to ready', async () => {
    const date = '2026-02-03';
    await take('b', date);
    const held = await claim(date);
    await settle(date, 'closed-period', held.inputSeq, 0, { message: 'the books are closed for 2026-02-03' });
    await requeueDays(database.db, T, 'resync', [{ locationId: L, businessDate: date }]);
    const again = await claim(date);
    await take('b2', date);
    await settle(date, 'posted', again.inputSeq, 1);
    const undo = (await claimDaysForUndo(database.db, T, { locationIds: [L], from: date, to: date }, ++runId, 10, { requireRunningRun: false }))[0]!;
    await settle(date, 'undone', undo.inputSeq, 1);
    const events = await dayEvents(database.db, T, L, date);
    expect(events.map((e) => e.kind)).toEqual(['skipped', 'resync', 'out-of-date', 'undone']);
    expect(events[0]!.detail).toMatchObject({ outcome: 'closed-period', reason: 'the books are closed for 2026-02-03' });
    expect(events[2]!.detail).toMatchObject({ outcome: 'edited' });
    expect(events[3]!.runId).toBe(runId);
  });
});
