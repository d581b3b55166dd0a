/**
 * Summary days end to end (issue 14 acceptance; both backends, the simulator over HTTP): three
 * days × two stores in two time zones, a daylight-saving day among them; a cut-over with tickets
 * on both sides; late tickets, edits and voids after posting; a closed period; a receipt deleted
 * in QuickBooks. QuickBooks' answers are read from the simulator, not from our own facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrivateNote } from '../../src/mapping/index.js';
import { takeDrawerOperations } from '../../src/intake/take-drawer-operations.js';
import { backends } from '../support/stores.js';
import { dayDocs, debitTotal, expectedCogs, expectedReceiptLines, receiptLineAmounts, totalCents, wireTicket } from '../support/summary-days.js';
import type { DayTicketSpec } from '../support/summary-days.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const DENVER = 'denver-1';
const PARIS = 'paris-1';
const FIRST_DAYS = ['2026-03-07', '2026-03-08', '2026-03-09'];

// 2026-03-08 is Denver's daylight-saving day (02:00 → 03:00): 06:30Z is 23:30 the day before in
// winter time (UTC−7), and 00:30 the same day in summer time (UTC−6).
const TICKETS: DayTicketSpec[] = [
  { id: 'D0', loc: DENVER, at: '2026-03-06T12:00:00-07:00', date: '2026-03-06', category: 'Coffee', qty: 2, price: 450, tax: 60, method: 'cash' },
  { id: 'D1', loc: DENVER, at: '2026-03-07T09:00:00-07:00', date: '2026-03-07', category: 'Coffee', qty: 3, price: 450, tax: 95, method: 'credit_card', cost: 120 },
  { id: 'D2', loc: DENVER, at: '2026-03-08T06:30:00Z', date: '2026-03-07', category: 'Bakery', qty: 1, price: 300, tax: 21, method: 'cash', cost: 90 },
  { id: 'D3', loc: DENVER, at: '2026-03-08T20:00:00Z', date: '2026-03-08', category: 'Coffee', qty: 1, price: 450, tax: 32, method: 'cash', cost: 120 },
  { id: 'D4', loc: DENVER, at: '2026-03-09T06:30:00Z', date: '2026-03-09', category: 'Bakery', qty: 4, price: 300, tax: 84, method: 'credit_card', cost: 90 },
  { id: 'D5', loc: DENVER, at: '2026-03-09T18:00:00Z', date: '2026-03-09', category: 'Coffee', qty: 2, price: 450, tax: 63, method: 'cash' },
  { id: 'P0', loc: PARIS, at: '2026-03-06T12:00:00+01:00', date: '2026-03-06', category: 'Wine', qty: 1, price: 900, tax: 180, method: 'credit_card' },
  { id: 'P1', loc: PARIS, at: '2026-03-07T12:00:00+01:00', date: '2026-03-07', category: 'Wine', qty: 2, price: 900, tax: 360, method: 'credit_card', cost: 400 },
  { id: 'P2', loc: PARIS, at: '2026-03-07T23:30:00Z', date: '2026-03-08', category: 'Cheese', qty: 1, price: 1200, tax: 240, method: 'cash', cost: 500 },
  { id: 'P3', loc: PARIS, at: '2026-03-08T19:00:00+01:00', date: '2026-03-08', category: 'Wine', qty: 3, price: 900, tax: 540, method: 'cash', cost: 400 },
  { id: 'P4', loc: PARIS, at: '2026-03-09T10:00:00+01:00', date: '2026-03-09', category: 'Cheese', qty: 2, price: 1200, tax: 480, method: 'credit_card', cost: 500 },
];

interface DrawerSpec { id: string; loc: string; at: string; date: string; kind: 'paid_in' | 'paid_out'; cents: number }

const DRAWER: DrawerSpec[] = [
  { id: 'W1', loc: DENVER, at: '2026-03-08T15:00:00-06:00', date: '2026-03-08', kind: 'paid_out', cents: 1500 },
  { id: 'W2', loc: PARIS, at: '2026-03-07T08:00:00+01:00', date: '2026-03-07', kind: 'paid_in', cents: 5000 },
];

describe.each(backends())('summary days end to end on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const tickets = TICKETS.map((t) => ({ ...t }));
  const DAYS = [...FIRST_DAYS];

  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return (await world.runQueued()).at(-1)!;
  };
  const log = () => world.sim.requestLog(realmId);
  const dayTickets = (loc: string, date: string) => tickets.filter((t) => t.loc === loc && t.date === date && (t.status ?? 'closed') === 'closed');
  const day = async (loc: string, date: string) => (await world.sync.days.list(TENANT, loc, { from: date, to: date }))[0]!;
  const take = (...specs: DayTicketSpec[]) => world.take(specs.map(wireTicket));
  const drawer = DRAWER.map((d) => ({ ...d }));
  const takeDrawer = (...specs: DrawerSpec[]) => takeDrawerOperations(world.database.db, TENANT, specs.map((d, i) => ({
    raw: JSON.stringify({ id: d.id, locationId: d.loc, at: d.at, kind: d.kind, amount: (d.cents / 100).toFixed(2), reason: 'drawer' }), ref: i })));
  const change = (id: string, patch: Partial<DayTicketSpec>) => {
    const t = tickets.find((x) => x.id === id)!;
    Object.assign(t, patch, { version: (t.version ?? 1) + 1 });
    return t;
  };

  /** Per store-day: exactly one live receipt of total 0 whose lines are the POS sums, and one COGS entry equal to its sum. */
  const expectDaysInLine = (revisions: Record<string, number> = {}) => {
    for (const loc of [DENVER, PARIS]) {
      for (const date of DAYS) {
        const receipts = dayDocs(world.sim, realmId, 'salesReceipt', loc, date);
        expect(receipts, `${loc} ${date}`).toHaveLength(1);
        const receipt = receipts[0]!;
        expect(totalCents(receipt)).toBe(0);
        expect(receiptLineAmounts(receipt), `${loc} ${date}`).toEqual(expectedReceiptLines(dayTickets(loc, date)));
        expect(receipt.PrivateNote).toMatch(new RegExp(` ${date} r${revisions[`${loc} ${date}`] ?? 1}$`));
        const cogs = dayDocs(world.sim, realmId, 'cogs', loc, date);
        const want = expectedCogs(dayTickets(loc, date));
        expect(cogs.map(debitTotal), `${loc} ${date} COGS`).toEqual(want === 0 ? [] : [want]);
        const cash = drawer.filter((d) => d.loc === loc && d.date === date).reduce((sum, d) => sum + d.cents, 0);
        expect(dayDocs(world.sim, realmId, 'drawer', loc, date).map(debitTotal), `${loc} ${date} drawer`).toEqual(cash === 0 ? [] : [cash]);
      }
    }
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend });
    await world.addLocation(DENVER, 'America/Denver');
    await world.addLocation(PARIS, 'Europe/Paris');
    ({ connectionId, realmId } = await world.connect(DENVER));
    await world.sync.useConnection(TENANT, PARIS, connectionId);
    for (const loc of [DENVER, PARIS]) await world.sync.days.setMode(TENANT, loc, { mode: 'summary', from: DAYS[0]! });
    await take(...tickets);
    expect((await takeDrawer(...drawer)).map((r) => r.outcome)).toEqual(['taken', 'taken']);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it('posts each store-day once as a zero-total receipt and a COGS entry; tickets before the cut-over line by line, none after', async () => {
    const run = await sync();
    expect(run).toMatchObject({ status: 'finished', posted: 2, skipped: 0 });
    const [last] = await world.sync.recentRuns(TENANT, { limit: 1 });
    expect(await world.sync.days.runDays(TENANT, last!.id)).toEqual({ done: 6, posted: 6, skipped: 0, changed: 0, pending: 0 });
    expectDaysInLine();
    const lineByLine = world.sim.documents(realmId, 'Invoice').map((d) => parsePrivateNote(String(d.PrivateNote ?? ''))?.ticketId).sort();
    expect(lineByLine).toEqual(['D0', 'P0']);
    for (const loc of [DENVER, PARIS]) {
      const days = await world.sync.days.list(TENANT, loc);
      expect(days.map((d) => [d.date, d.stateWords])).toEqual([...DAYS].reverse().map((d) => [d, 'posted r1']));
      expect(days[0]!.documents.map((d) => d.entity).sort()).toEqual(['JournalEntry', 'SalesReceipt']);
    }
  });

  it('a rerun with nothing to do sends nothing; new days send one batch and read nothing', async () => {
    const before = log().length;
    expect(await sync()).toMatchObject({ status: 'finished', httpRequests: 0 });
    expect(log().length).toBe(before);
    DAYS.push('2026-03-10');
    tickets.push({ id: 'D6', loc: DENVER, at: '2026-03-10T12:00:00-06:00', date: '2026-03-10', category: 'Coffee', qty: 1, price: 450, tax: 32, method: 'cash', cost: 120 },
      { id: 'P5', loc: PARIS, at: '2026-03-10T12:00:00+01:00', date: '2026-03-10', category: 'Wine', qty: 1, price: 900, tax: 180, method: 'cash', cost: 400 });
    await take(...tickets.slice(-2));
    const mark = log().length;
    await sync();
    const sent = log().slice(mark);
    expect(sent.map((r) => r.path)).toEqual(['batch']);
    expectDaysInLine();
  });

  it('a late ticket, an edit and a void after posting rewrite each day once, in place, at r2', async () => {
    const tokens = new Map(DAYS.flatMap((d) => [DENVER, PARIS].map((loc) => [`${loc} ${d}`, dayDocs(world.sim, realmId, 'salesReceipt', loc, d)[0]!.SyncToken])));
    tickets.push({ id: 'D7', loc: DENVER, at: '2026-03-07T18:00:00-07:00', date: '2026-03-07', category: 'Coffee', qty: 1, price: 350, tax: 25, method: 'cash', cost: 50 });
    await take(tickets.at(-1)!, change('P3', { qty: 1 }), change('D5', { status: 'voided' }));
    // A late drawer operation on a day rewritten anyway: its entry is created in the same rewrite.
    drawer.push({ id: 'W3', loc: PARIS, at: '2026-03-08T21:00:00+01:00', date: '2026-03-08', kind: 'paid_out', cents: 700 });
    await takeDrawer(drawer.at(-1)!);
    for (const [loc, date] of [[DENVER, '2026-03-07'], [PARIS, '2026-03-08'], [DENVER, '2026-03-09']] as const) expect((await day(loc, date)).stateWords).toBe('out of date');
    const mark = log().length;
    await sync();
    expect(log().slice(mark).map((r) => r.path)).toEqual(['batch']);
    const rewritten: Record<string, number> = { [`${DENVER} 2026-03-07`]: 2, [`${PARIS} 2026-03-08`]: 2, [`${DENVER} 2026-03-09`]: 2 };
    expectDaysInLine(rewritten);
    for (const [key, token] of tokens) {
      const [loc, date] = key.split(' ') as [string, string];
      expect(Number(dayDocs(world.sim, realmId, 'salesReceipt', loc, date)[0]!.SyncToken), key).toBe(Number(token) + (rewritten[key] ? 1 : 0));
    }
    expect((await day(DENVER, '2026-03-07')).stateWords).toBe('posted r2');
  });

  it('a closed period skips the day with the difference it would make; reopened and resynced, it is posted', async () => {
    world.sim.setPreferences(realmId, { BookCloseDate: '2026-03-08' });
    await take(change('D3', { qty: 2 }));
    await sync();
    const skipped = await day(DENVER, '2026-03-08');
    expect(skipped).toMatchObject({ state: 'skipped', action: 'resync', revision: 1 });
    expect(skipped.stateWords).toMatch(/^skipped: /);
    expect(skipped.difference).toEqual(expect.arrayContaining([expect.objectContaining({ group: 'totals.sales', difference: 450 })]));
    world.sim.setPreferences(realmId, { BookCloseDate: null });
    const outcome = await world.sync.days.resync(TENANT, DENVER, ['2026-03-08', '2026-03-09']);
    expect(outcome.queued).toEqual([{ locationId: DENVER, date: '2026-03-08' }]);
    expect(outcome.ignored.map((i) => i.date)).toEqual(['2026-03-09']);
    await world.runQueued();
    expect((await day(DENVER, '2026-03-08')).stateWords).toBe('posted r2');
    expectDaysInLine({ [`${DENVER} 2026-03-07`]: 2, [`${PARIS} 2026-03-08`]: 2, [`${DENVER} 2026-03-09`]: 2, [`${DENVER} 2026-03-08`]: 2 });
  });

  it('a receipt deleted in QuickBooks marks its day "changed in QuickBooks"; "Repost this day" leaves one live receipt', async () => {
    const [receipt] = dayDocs(world.sim, realmId, 'salesReceipt', PARIS, '2026-03-09');
    const client = await world.client(connectionId);
    const [deleted] = await client.batch([{ operation: 'delete', entity: 'SalesReceipt', body: { Id: receipt!.Id, SyncToken: receipt!.SyncToken }, key: 'accountant-deletes' }]);
    expect(deleted!.ok).toBe(true);
    await take(change('P4', { qty: 3 }));
    await sync();
    expect(await day(PARIS, '2026-03-09')).toMatchObject({ state: 'changed-in-qbo', stateWords: 'changed in QuickBooks', action: 'repost' });
    expect(dayDocs(world.sim, realmId, 'salesReceipt', PARIS, '2026-03-09')).toHaveLength(0);
    const outcome = await world.sync.days.repost(TENANT, PARIS, '2026-03-09');
    expect(outcome.queued).toHaveLength(1);
    await world.runQueued();
    expect((await day(PARIS, '2026-03-09')).state).toBe('posted');
    // The run that found the receipt gone still brought the untouched COGS entry in line (r2): the repost is r3.
    const all = { [`${DENVER} 2026-03-07`]: 2, [`${PARIS} 2026-03-08`]: 2, [`${DENVER} 2026-03-09`]: 2, [`${DENVER} 2026-03-08`]: 2, [`${PARIS} 2026-03-09`]: 3 };
    expectDaysInLine(all);
    // The day's history (issues 14, 16) tells the same story, each settlement and the repost once.
    const history = await world.sync.days.history(TENANT, PARIS, '2026-03-09');
    expect(history.map((e) => `${e.kind} r${e.revision}`)).toEqual(['posted r1', 'out-of-date r1', 'changed-in-qbo r2', 'repost r2', 'posted r3']);
    expect(history.at(-1)!.documents.map((d) => d.entity)).toContain('SalesReceipt');
  });
});
