/** The shared ticket arbitrary (test/support/ticket-arbitrary.ts): valid by the contract, and broad. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketArbitrary, ticketJsonArbitrary } from '../../test/support/ticket-arbitrary.js';
import { isWholeCents } from '../domain/money.js';
import { parseTicket } from '../domain/ticket-schema.js';
import type { Ticket } from '../domain/ticket.js';

describe('ticket-arbitrary', () => {
  it('makes tickets that pass parseTicket (both identities of the contract hold)', () => {
    fc.assert(fc.property(ticketJsonArbitrary(), (json) => {
      const parsed = parseTicket(json);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    }), { numRuns: 1000 });
  });

  it.each([
    ['sale', (t: Ticket) => t.total > 0],
    ['zero', (t: Ticket) => t.total === 0],
    ['refund', (t: Ticket) => t.total < 0],
  ] as const)('honours kind %s', (kind, holds) => {
    fc.assert(fc.property(ticketArbitrary({ kind }), (t) => {
      expect(holds(t)).toBe(true);
    }), { numRuns: 200 });
  });

  it('honours status', () => {
    fc.assert(fc.property(ticketArbitrary({ status: 'voided' }), (t) => {
      expect(t.status).toBe('voided');
    }), { numRuns: 50 });
  });

  it('covers every case the mapping must handle, within a fixed-seed sample', () => {
    const sample = fc.sample(ticketArbitrary(), { numRuns: 1500, seed: 20261124 });
    const has = (test: (t: Ticket) => boolean) => sample.some(test);
    const lines = (t: Ticket) => t.lines;
    const netBy = (t: Ticket) => {
      const net = new Map<string, number>();
      for (const p of t.payments) net.set(`${p.method}/${p.label ?? ''}`, (net.get(`${p.method}/${p.label ?? ''}`) ?? 0) + p.amount);
      return [...net.values()];
    };
    const coverage = {
      product: has((t) => lines(t).some((l) => l.kind === 'product')),
      service: has((t) => lines(t).some((l) => l.kind === 'service')),
      fractionalQuantity: has((t) => lines(t).some((l) => l.quantity % 1000 !== 0)),
      quantity0750: has((t) => lines(t).some((l) => l.quantity === 750)),
      quantity0333: has((t) => lines(t).some((l) => l.quantity === 333)),
      notWholeCents: has((t) => lines(t).some((l) => !isWholeCents(l.quantity, l.unitPrice))),
      returnedItem: has((t) => lines(t).some((l) => l.quantity < 0)),
      exchange: has((t) => lines(t).some((l) => l.quantity < 0) && lines(t).some((l) => l.quantity > 0)),
      lineDiscount: has((t) => lines(t).some((l) => l.discounts.length > 0)),
      discountOnReturn: has((t) => lines(t).some((l) => l.quantity < 0 && l.discounts.length > 0)),
      ticketDiscount: has((t) => t.discounts.length > 0),
      severalTaxes: has((t) => t.taxes.length >= 2),
      tip: has((t) => t.tip > 0),
      rewardPoints: has((t) => t.rewardPointsRedeemed > 0),
      customerBalance: has((t) => t.customerBalanceUsed > 0),
      negativeCustomerBalance: has((t) => t.customerBalanceUsed < 0),
      cash: has((t) => t.payments.some((p) => p.method === 'cash')),
      check: has((t) => t.payments.some((p) => p.method === 'check')),
      creditCard: has((t) => t.payments.some((p) => p.method === 'credit_card')),
      giftCard: has((t) => t.payments.some((p) => p.method === 'gift_card')),
      other: has((t) => t.payments.some((p) => p.method === 'other' && !p.label)),
      customLabel: has((t) => t.payments.some((p) => Boolean(p.label))),
      splitTender: has((t) => t.payments.length >= 3),
      cashBack: has((t) => t.total > 0 && netBy(t).some((n) => n < 0)),
      sale: has((t) => t.total > 0),
      refund: has((t) => t.total < 0),
      zeroTotal: has((t) => t.total === 0),
      voided: has((t) => t.status === 'voided'),
      longId64: has((t) => t.id.length === 64),
      idOver21: has((t) => t.id.length > 21 && t.id.length < 64),
      colonInName: has((t) => lines(t).some((l) => l.name.includes(':') || l.discounts.some((d) => d.name.includes(':')))),
      colonInDiscount: has((t) => [...t.discounts, ...lines(t).flatMap((l) => l.discounts)].some((d) => d.name.includes(':'))),
      longReference: has((t) => t.payments.some((p) => (p.reference?.length ?? 0) > 21)),
      version: has((t) => t.version > 1),
    };
    const missing = Object.entries(coverage).filter(([, seen]) => !seen).map(([name]) => name);
    expect(missing).toEqual([]);
  });
});
