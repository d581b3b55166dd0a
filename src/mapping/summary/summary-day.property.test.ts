/**
 * Properties of summariseDay over any generated day (the shared ticket arbitrary, some product
 * lines given a unitCost, some lines turned into gift cards sold): the receipt totals exactly 0,
 * each line is Qty × UnitPrice exactly, its lines are the groups, and the groups equal the POS
 * sums computed here independently. Numbers are read back exactly (BigInt), never as floats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketArbitrary } from '../../../test/support/ticket-arbitrary.js';
import { methodKey, posNameKey } from '../../domain/account-mapping.js';
import { extendPrice } from '../../domain/money.js';
import type { Ticket } from '../../domain/ticket.js';
import { DOC_NUMBER_MAX } from '../doc-number.js';
import { centsOf, milliOf } from '../test-support/exact.js';
import { DATE, LOCATION, summariseMet } from '../test-support/summary-fixture.js';
import { parseSummaryNote, summaryDocNumber, summaryPrivateNote } from './doc-ids.js';
import type { DaySummary, SummaryGroup } from './types.js';

const RUNS = { numRuns: 100 };

/** A ticket, with a unitCost on some product lines and some lines sold as gift cards. */
const dayTicket = fc.tuple(ticketArbitrary({ status: 'closed' }), fc.array(fc.nat({ max: 3 }), { maxLength: 5 }), fc.nat({ max: 5000 }))
  .map(([t, marks, cost]): Ticket => ({
    ...t,
    lines: t.lines.map((l, i) => (marks[i] === 1 && l.kind === 'product' ? { ...l, unitCost: cost + i }
      : marks[i] === 2 ? { ...l, kind: 'gift_card' as const } : l)),
  }));
const dayArb = fc.array(dayTicket, { minLength: 1, maxLength: 8 });

const add = (m: Map<string, number>, key: string, cents: number) => m.set(key, (m.get(key) ?? 0) + cents);

/** The POS sums per group and key, straight from the tickets (summary-mode §2's table). */
function posSums(tickets: readonly Ticket[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tickets) {
    for (const l of t.lines) {
      const cat = `${l.kind}|${posNameKey(l.category?.trim() || 'Uncategorized')}`;
      if (l.kind === 'gift_card') add(m, 'giftCardSales/giftCardSales', l.extended);
      else add(m, `${l.quantity > 0 ? 'sales' : 'returns'}/${cat}`, l.extended);
      for (const d of l.discounts) add(m, `discounts/${posNameKey(d.name)}`, l.quantity < 0 ? d.amount : -d.amount);
    }
    for (const d of t.discounts) add(m, `discounts/${posNameKey(d.name)}`, -d.amount);
    for (const x of t.taxes) add(m, `taxes/${posNameKey(x.name)}`, x.amount);
    add(m, 'tips/tips', t.tip);
    add(m, 'rewardPoints/rewardPoints', -t.rewardPointsRedeemed);
    add(m, 'customerBalance/customerBalance', -t.customerBalanceUsed);
    for (const p of t.payments) add(m, `tenders/${methodKey(p)}`, -p.amount);
  }
  for (const [k, v] of m) if (v === 0) m.delete(k);
  return m;
}

const summarise = (tickets: Ticket[]): DaySummary => summariseMet({ locationId: LOCATION, businessDate: DATE, revision: 1, tickets, drawerOperations: [] });

describe('summary day properties', () => {
  it('the receipt totals exactly 0 and every line is Qty × UnitPrice exactly', () => {
    fc.assert(fc.property(dayArb, (tickets) => {
      const lines = summarise(tickets).salesReceipt?.Line ?? [];
      expect(lines.reduce((sum, l) => sum + centsOf(l.Amount), 0n)).toBe(0n);
      for (const l of lines) expect(milliOf(l.SalesItemLineDetail.Qty) * centsOf(l.SalesItemLineDetail.UnitPrice)).toBe(centsOf(l.Amount) * 1000n);
    }), RUNS);
  });

  it('the groups equal the POS sums to the cent, and the lines equal the groups', () => {
    fc.assert(fc.property(dayArb, (tickets) => {
      const day = summarise(tickets);
      expect(new Map(day.groups.map((g) => [`${g.group}/${g.key}`, g.cents]))).toEqual(posSums(tickets));
      expect(day.groups).toHaveLength(new Set(day.groups.map((g) => `${g.group}/${g.key}`)).size);
      expect((day.salesReceipt?.Line ?? []).map((l) => centsOf(l.Amount))).toEqual(day.groups.map((g) => BigInt(g.cents)));
      const totals = new Map<SummaryGroup, number>();
      for (const g of day.groups) totals.set(g.group, (totals.get(g.group) ?? 0) + g.cents);
      for (const [group, cents] of Object.entries(day.totals)) expect(cents).toBe(totals.get(group as SummaryGroup) ?? 0);
    }), RUNS);
  });

  it('the COGS entry balances and equals Σ quantity × unitCost, sign deciding the sides', () => {
    fc.assert(fc.property(dayArb, (tickets) => {
      const day = summarise(tickets);
      const expected = tickets.flatMap((t) => t.lines).filter((l) => l.kind === 'product' && l.unitCost !== undefined)
        .reduce((sum, l) => sum + extendPrice(l.quantity, l.unitCost!), 0);
      expect(day.cogsCents).toBe(expected);
      if (expected === 0) {
        expect(day.cogs).toBeNull();
        return;
      }
      const [debit, credit] = day.cogs!.Line;
      expect(centsOf(debit!.Amount)).toBe(BigInt(Math.abs(expected)));
      expect(centsOf(credit!.Amount)).toBe(BigInt(Math.abs(expected)));
      expect(debit!.JournalEntryLineDetail.AccountRef.value).toBe(expected > 0 ? 'acct-cogs' : 'acct-inventoryAsset');
    }), RUNS);
  });

  it('DocNumbers are ≤ 21 characters, distinct per document, and the note parses back', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.integer({ min: 1, max: 1e6 }), (loc, revision) => {
      const numbers = (['salesReceipt', 'cogs', 'drawer'] as const).map((d) => summaryDocNumber(d, loc, DATE));
      for (const n of numbers) expect(n.length).toBeLessThanOrEqual(DOC_NUMBER_MAX);
      expect(new Set(numbers).size).toBe(3);
      for (const d of ['salesReceipt', 'cogs', 'drawer'] as const) {
        expect(parseSummaryNote(summaryPrivateNote(d, loc, DATE, revision))).toEqual({ document: d, locationId: loc, businessDate: DATE, revision });
      }
    }), RUNS);
  });
});
