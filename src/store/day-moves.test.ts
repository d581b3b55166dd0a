/**
 * The day outcome table through the store, on every backend: each outcome settles a held day
 * in the state its row names; each named move and each input row (a ticket of the day written)
 * does what the table says and nothing else; a move outside the table throws. And the cut-over:
 * a summarised ticket is never claimed line by line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase, openSummaryStore } from '../../test/support/stores.js';
import { simpleTicket } from '../../test/support/tickets.js';
import { IllegalTransitionError } from '../domain/outcome-table.js';
import { DAY_STATES, DAY_TABLE, dayStateAfterInput } from '../domain/day-outcomes.js';
import type { DayOutcome } from '../domain/day-outcomes.js';
import { takeTickets } from '../intake/take-tickets.js';
import { dayMove } from './day-moves.js';
import type { Database } from './index.js';
import { claimDays, closeDays, finishDays, releaseDayOrphans, requeueDays } from './summary-days.js';
import { claimTickets } from './sync-tickets.js';

const T = 'tenant';
const L = 'denver-1';

describe.each(backends())('the day outcome table through the store on $name', (backend) => {
  let database: Database;
  let day = 0;
  let runId = 2000;

  beforeAll(async () => {
    database = await openSummaryStore(backend, T, L);
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  // Each test gets a day of its own in January 2026 and on.
  const nextDate = () => new Date(Date.UTC(2026, 0, 1 + ++day)).toISOString().slice(0, 10);
  const take = (id: string, date: string, version = 1) =>
    takeTickets(database.db, T, [{ raw: JSON.stringify(simpleTicket({ id, locationId: L, version, closedAt: `${date}T12:00:00-07:00` })), ref: 0 }]);
  const stateOf = async (date: string) => (await database.db.selectFrom('summary_days').select(['state', 'revision', 'post_epoch', 'reread'])
    .where('tenant_id', '=', T).where('location_id', '=', L).where('business_date', '=', date).executeTakeFirstOrThrow());
  const setState = (date: string, state: string) => database.db.updateTable('summary_days').set({ state: state as never })
    .where('tenant_id', '=', T).where('business_date', '=', date).execute();
  const heldDay = async () => {
    const date = nextDate();
    await take(`t-${date}`, date);
    expect((await stateOf(date)).state).toBe('open');
    await closeDays(database.db, T, [{ id: L, today: '2099-01-01', startDate: null }]);
    expect((await stateOf(date)).state).toBe(dayMove('close').to);
    const claimed = await claimDays(database.db, T, [L], ++runId, 100, { requireRunningRun: false });
    expect(claimed.map((c) => c.businessDate)).toContain(date);
    return { date, inputSeq: claimed.find((c) => c.businessDate === date)!.inputSeq };
  };
  const settle = (date: string, outcome: DayOutcome, inputSeq: number) =>
    finishDays(database.db, T, runId, [{ locationId: L, businessDate: date, outcome, inputSeq, revision: outcome === 'posted' ? 1 : 0, totals: null, error: null }]);

  it.each(Object.keys(DAY_TABLE.outcomes) as DayOutcome[])('settles a held day with outcome "%s" in the state of its row', async (outcome) => {
    const { date, inputSeq } = await heldDay();
    await settle(date, outcome, inputSeq);
    expect((await stateOf(date)).state).toBe(DAY_TABLE.outcomes[outcome].next);
  });

  it('settles a day whose ticket arrived while its run held it as "edited", whatever the run made of it', async () => {
    const { date, inputSeq } = await heldDay();
    await take(`late-${date}`, date);
    expect((await stateOf(date)).state).toBe('posting');
    await settle(date, 'posted', inputSeq);
    expect((await stateOf(date)).state).toBe(DAY_TABLE.outcomes.edited.next);
  });

  it('marks a posted day out of date when a late ticket, an edit or a void arrives', async () => {
    const { date, inputSeq } = await heldDay();
    await settle(date, 'posted', inputSeq);
    await take(`t-${date}`, date, 2);
    expect((await stateOf(date)).state).toBe(dayMove('mark-out-of-date').to);
  });

  it('releases the days of a dead run; resyncs only skipped days and reposts only days changed in QuickBooks, each with a new epoch', async () => {
    const held = await heldDay();
    expect(await releaseDayOrphans(database.db, T, [L], runId, { requireRunningRun: false })).toBeGreaterThanOrEqual(1);
    expect((await stateOf(held.date)).state).toBe(dayMove('release').to);
    const skipped = await heldDay();
    await settle(skipped.date, 'closed-period', skipped.inputSeq);
    const changed = await heldDay();
    await settle(changed.date, 'changed-in-qbo', changed.inputSeq);
    const both = [skipped.date, changed.date].map((businessDate) => ({ locationId: L, businessDate }));
    expect(await requeueDays(database.db, T, 'resync', both)).toEqual([both[0]]);
    expect(await stateOf(skipped.date)).toMatchObject({ state: dayMove('resync').to, post_epoch: 1, reread: false });
    expect((await stateOf(changed.date)).state).toBe('changed-in-qbo');
    expect(await requeueDays(database.db, T, 'repost', both)).toEqual([both[1]]);
    expect(await stateOf(changed.date)).toMatchObject({ state: dayMove('repost').to, post_epoch: 1, reread: true });
  });

  it('applies the input rows to every state, as the domain reads them', async () => {
    for (const from of DAY_STATES) {
      const date = nextDate();
      await take(`in-${date}`, date);
      await setState(date, from);
      await take(`in-${date}`, date, 2);
      expect((await stateOf(date)).state, from).toBe(dayStateAfterInput(from));
    }
  });

  it('refuses a move outside the table, loudly', async () => {
    const { date, inputSeq } = await heldDay();
    await expect(settle(date, 'misplaced' as DayOutcome, inputSeq)).rejects.toThrow(IllegalTransitionError);
    expect(() => dayMove('teleport' as never)).toThrow('no day move "teleport"');
    expect((await stateOf(date)).state).toBe('posting');
  });

  it('never claims a summarised ticket line by line; one dated before the cut-over, or already posted line by line, is', async () => {
    await take('before-cut', '2025-12-30');
    const summarised = nextDate();
    await take('summarised', summarised);
    await take('posted-lbl', summarised);
    await database.db.updateTable('tickets').set({ posted_version: 1, sync_state: 'pending' }).where('ticket_id', '=', 'posted-lbl').execute();
    const claimed = await claimTickets(database.db, { tenantId: T, locations: [{ id: L, startDate: null }] }, ++runId, 1000, { requireRunningRun: false });
    const ids = claimed.map((c) => c.ticketId);
    expect(ids).toEqual(expect.arrayContaining(['before-cut', 'posted-lbl']));
    expect(ids.filter((id) => !['before-cut', 'posted-lbl'].includes(id))).toEqual([]);
  });
});
