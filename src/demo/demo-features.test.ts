import { describe, expect, it } from 'vitest';
import { parseMoney } from '../domain/money.js';
import { parseTicket } from '../domain/ticket-schema.js';
import { CATALOG } from './catalog.js';
import { DEMO_LOCATIONS, generateDemoTickets } from './generate-tickets.js';
import type { DemoTicket } from './generate-tickets.js';
import { FEATURE_NAMES, takeCensus } from './test-support/census.js';

/** Four days of the two demo stores with seed 1: what `npm start` would show. */
const tickets: DemoTicket[] = [...generateDemoTickets({ seed: 1, locations: [...DEMO_LOCATIONS], dates: ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'] })];
const cents = (m: string | undefined) => {
  const r = parseMoney(m ?? '0');
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('a few days of demo data show everything a real store does (seed 1)', () => {
  const census = takeCensus(tickets);

  it.each(FEATURE_NAMES)('%s occurs', (feature) => {
    expect(census[feature], feature).toBeGreaterThan(0);
  });

  it('is mostly ordinary sales: refunds, exchanges, comps and voids are the exception', () => {
    const sales = tickets.filter((t) => t.status === 'closed' && cents(t.total) > 0).length;
    expect(sales / tickets.length).toBeGreaterThan(0.8);
    expect(census.refund as number).toBeLessThan(tickets.length * 0.1);
  });

  it('weighed goods are priced per kg and rung up with three decimals, like "0.750" and "1.255"', () => {
    const weighed = tickets.flatMap((t) => t.lines).filter((l) => l.name.endsWith('(per kg)'));
    expect(weighed.length).toBeGreaterThan(10);
    for (const l of weighed) expect(l.quantity).toMatch(/^-?\d+\.\d{3}$/);
    expect(weighed.some((l) => !/0$/.test(l.quantity))).toBe(true);
  });

  it('cash back is a negative cash tender on a card sale, the card charged that much more', () => {
    const t = tickets.find((x) => x.payments.some((p) => p.method === 'cash' && cents(p.amount) < 0) && cents(x.total) > 0);
    expect(t).toBeDefined();
    const card = t?.payments.find((p) => p.method === 'credit_card');
    const cash = t?.payments.find((p) => p.method === 'cash');
    expect(cents(card?.amount) + cents(cash?.amount)).toBe(cents(t?.total));
    expect(cents(card?.amount)).toBeGreaterThan(cents(t?.total));
  });

  it('a refund onto the customer balance is a negative customerBalanceUsed, and pays out the rest (if any)', () => {
    const onBalance = tickets.filter((t) => cents(t.customerBalanceUsed) < 0);
    expect(onBalance.length).toBeGreaterThan(0);
    for (const t of onBalance) {
      expect(cents(t.total)).toBeLessThanOrEqual(0);
      expect(t.lines.every((l) => l.quantity.startsWith('-'))).toBe(true);
    }
  });

  it('taxes are each named rate on the taxable amount, rounded half up to the cent', () => {
    // Tickets whose lines are all taxed and have no ticket discount: the base is the lines' sum.
    const plain = tickets.filter((t) => !t.discounts && t.lines.every((l) => CATALOG.find((c) => c.sku === l.sku)?.taxable));
    expect(plain.length).toBeGreaterThan(50);
    // Each rate as an exact fraction: 2.9% = 29/1000.
    const rates: Record<string, [bigint, bigint]> = {
      'CO state 2.9%': [29n, 1000n], 'RTD 1%': [1n, 100n], 'Denver city 4.81%': [481n, 10_000n],
      'NY state 4%': [4n, 100n], 'NYC 4.5%': [45n, 1000n], 'MCTD 0.375%': [375n, 100_000n],
    };
    for (const t of plain) {
      const parsed = parseTicket(t);
      if (!parsed.ok) throw new Error('invalid');
      const base = BigInt(parsed.ticket.lines.reduce((s, l) => s + l.amount, 0));
      for (const tax of t.taxes ?? []) {
        const [num, den] = rates[tax.name] as [bigint, bigint];
        const abs = (base < 0n ? -base : base) * num; // in 1/den cents
        const rounded = (2n * abs + den) / (2n * den); // half up
        expect(BigInt(cents(tax.amount)), `${t.id} ${tax.name}`).toBe(base < 0n ? -rounded : rounded);
      }
    }
  });

  it('an edit keeps the id and closedAt, raises the version, and still adds up', () => {
    const edits = tickets.filter((t) => t.version === 2);
    expect(edits.length).toBeGreaterThan(3);
    for (const e of edits) {
      const original = tickets.find((t) => t.locationId === e.locationId && t.id === e.id && t.version === 1);
      expect(original?.closedAt).toBe(e.closedAt);
      const { version: _v1, note: _n1, ...before } = original as DemoTicket;
      const { version: _v2, note: _n2, ...after } = e;
      expect(after, `${e.id}: an edit changes something besides its version and note`).not.toEqual(before);
      expect(parseTicket(e).ok).toBe(true);
    }
  });
});
