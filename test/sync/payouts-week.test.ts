/**
 * Deposits that match the bank (issue 15 acceptance; both backends, the simulator over HTTP): a
 * week of tickets for two stores, one posting line by line and one in summary mode, card tenders
 * through two processors (and a card refund), payouts each covering several days. Read back
 * from QuickBooks (queries and its Trial Balance, over HTTP): one Deposit per payout equal to
 * its net to the cent; each clearing account's balance equal to the tenders not yet paid out;
 * the bank's deposits equal to the payouts' nets. Card tenders before the turn-on date stay
 * where they were, in both modes (issue 15 item 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takePayouts } from '../../src/intake/take-payouts.js';
import type { QboEntity } from '../../src/qbo/index.js';
import { turnOnPayouts } from '../../src/sync/payouts/turn-on.js';
import { FROM, PROCESSORS, WEEK, WEEK_PAYOUTS, figures, tendered, toCents, trialBalance, unpaidDays, weekTickets, wirePayout, wireWeekTicket } from '../support/payout-week.js';
import type { Deposit, Processor } from '../support/payout-week.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const LINE_BY_LINE = 'denver-1';
const SUMMARY = 'boulder-1';
const TICKETS = weekTickets([LINE_BY_LINE, SUMMARY]);

type Named = QboEntity & { Id: string; Name: string };

describe.each(backends())('payouts over a week, two stores and two processors, on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  const clearing = {} as Record<Processor, string>;
  let checking: string;
  const client = () => world.client(connectionId);
  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return world.runQueued();
  };

  beforeAll(async () => {
    // A slower clock than the default: consent codes and OAuth states outlive a busy machine.
    world = await startSyncWorld({ backend, timeScale: 60, limits: { enabled: false } });
    await world.addLocation(LINE_BY_LINE, 'America/Denver');
    await world.addLocation(SUMMARY, 'America/Denver');
    ({ connectionId } = await world.connect(LINE_BY_LINE, { newCompany: 'Week Co' }));
    await world.sync.useConnection(TENANT, SUMMARY, connectionId);
    await world.sync.days.setMode(TENANT, SUMMARY, { mode: 'summary', from: WEEK[0]! });
    checking = (await (await client()).findByName<Named>('Account', 'Checking'))!.Id;
    for (const processor of PROCESSORS) {
      const on = await turnOnPayouts(world.deps, TENANT, connectionId, { processor, from: FROM, bank: { id: checking, name: 'Checking' }, by: 'test' });
      clearing[processor] = on.target.clearing!.id;
    }
    expect(new Set((await world.take(TICKETS.map(wireWeekTicket))).map((r) => r.outcome))).toEqual(new Set(['taken']));
    const taken = await takePayouts(world.database.db, TENANT, WEEK_PAYOUTS.map((p, i) => ({ raw: JSON.stringify(wirePayout(TICKETS, p)), ref: i })));
    expect(taken.map((t) => t.outcome)).toEqual(WEEK_PAYOUTS.map(() => 'taken'));
    const runs = await sync();
    expect(runs.map((r) => r.status)).toEqual(['finished']);
  }, 180_000);
  afterAll(async () => world?.close());

  it('QuickBooks holds one Deposit per payout, equal to its net to the cent, in the bank', async () => {
    const deposits = await (await client()).queryAll<Deposit>('Deposit');
    expect(deposits).toHaveLength(WEEK_PAYOUTS.length);
    for (const p of WEEK_PAYOUTS) {
      const mine = deposits.filter((d) => d.PrivateNote === `POS payout ${p.processor}/${p.id} v1`);
      expect(mine, p.id).toHaveLength(1);
      const d = mine[0]!;
      expect([toCents(d.TotalAmt), d.TxnDate, d.DepositToAccountRef.value], p.id).toEqual([figures(TICKETS, p).net, p.arrivalDate, checking]);
    }
    const states = await world.sync.payouts.list(TENANT);
    expect(states.map((s) => s.state)).toEqual(WEEK_PAYOUTS.map(() => 'posted'));
  });

  it('each clearing account holds the tenders not yet paid out; the bank holds the payouts\' nets (Trial Balance read back)', async () => {
    const balances = await trialBalance(await client(), '2026-11-30');
    const nets = WEEK_PAYOUTS.reduce((s, p) => s + figures(TICKETS, p).net, 0);
    expect(balances.get(checking)).toBe(nets);
    const deposited = (await (await client()).queryAll<Deposit>('Deposit')).filter((d) => d.DepositToAccountRef.value === checking);
    expect(deposited.reduce((s, d) => s + toCents(d.TotalAmt), 0)).toBe(nets);
    const inTransit: Record<string, number> = {};
    for (const processor of PROCESSORS) {
      const unpaid = tendered(TICKETS, processor, unpaidDays(processor));
      expect(unpaid, `${processor}: some tenders are still in transit`).toBeGreaterThan(0);
      // Everything tendered from the turn-on date, less every payout's gross: the days not paid out yet.
      const sinceOn = tendered(TICKETS, processor, WEEK.filter((d) => d >= FROM));
      const paidOut = WEEK_PAYOUTS.filter((p) => p.processor === processor).reduce((s, p) => s + figures(TICKETS, p).gross, 0);
      expect(sinceOn - paidOut).toBe(unpaid);
      inTransit[processor] = balances.get(clearing[processor]) ?? 0;
    }
    expect(inTransit).toEqual(Object.fromEntries(PROCESSORS.map((p) => [p, tendered(TICKETS, p, unpaidDays(p))])));
    // The clearing balances view (tenders of both stores, one posted line by line, one by its day's summary)
    // says what QuickBooks' Trial Balance says, to the cent.
    const view = await world.sync.payouts.clearing(TENANT);
    expect(Object.fromEntries(view.processors.map((v) => [v.processor, toCents(v.balance)])))
      .toEqual(Object.fromEntries(PROCESSORS.map((p) => [p, inTransit[p]])));
  });

  it('card tenders before the turn-on date stay where they were, in both modes', async () => {
    const qbo = await client();
    const payments = await qbo.queryAll<QboEntity & { TxnDate: string; TotalAmt: number; DepositToAccountRef: { value: string } }>('Payment');
    const undeposited = (await qbo.findByName<Named>('Account', 'Undeposited Funds'))!.Id;
    const card = (d: string) => payments.filter((p) => p.TxnDate === d && toCents(p.TotalAmt) !== 0);
    // Line by line: 3 payments on the first day (2 cards, cash), all in Undeposited Funds; later card payments in their clearing accounts.
    expect(card(WEEK[0]!).map((p) => p.DepositToAccountRef.value)).toEqual([undeposited, undeposited, undeposited]);
    expect(new Set(card(FROM).map((p) => p.DepositToAccountRef.value))).toEqual(new Set([clearing.square, clearing.stripe, undeposited]));
    // Summary: the day's card tender lines name PMT items on the method's clearing account before, the processor's from the date on.
    const items = new Map((await qbo.queryAll<Named & { IncomeAccountRef?: { value: string } }>('Item')).map((i) => [i.Id, i]));
    const receipts = await qbo.queryAll<QboEntity & { TxnDate: string; Line: { Amount: number; SalesItemLineDetail?: { ItemRef: { value: string } } }[] }>('SalesReceipt');
    const tenderAccounts = (date: string) => {
      const receipt = receipts.find((r) => r.TxnDate === date)!;
      return receipt.Line.filter((l) => l.SalesItemLineDetail && items.get(l.SalesItemLineDetail.ItemRef.value)!.Name.startsWith('PMT'))
        .map((l) => items.get(l.SalesItemLineDetail!.ItemRef.value)!.IncomeAccountRef!.value);
    };
    expect(receipts.map((r) => r.TxnDate).sort()).toEqual(WEEK);
    expect(tenderAccounts(WEEK[0]!).filter((a) => a === clearing.square || a === clearing.stripe)).toEqual([]);
    expect(tenderAccounts(FROM)).toEqual(expect.arrayContaining([clearing.square, clearing.stripe]));
  });
});
