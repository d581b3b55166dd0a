import { describe, expect, it } from 'vitest';
import { parseTicket } from '../domain/ticket-schema.js';
import { CATALOG } from './catalog.js';
import type { CatalogItem } from './catalog.js';
import { parseTaxRate } from './tax-rates.js';
import { finishTicket, lineAmount } from './ticket-draft.js';
import type { TicketDraft } from './ticket-draft.js';

const item = (sku: string) => CATALOG.find((c) => c.sku === sku) as CatalogItem;
const rates = [parseTaxRate({ name: 'CO state 2.9%', percent: '2.9' }), parseTaxRate({ name: 'Denver city 4.81%', percent: '4.81' })];
const draft = (patch: Partial<TicketDraft> = {}): TicketDraft => ({
  id: 'R1-261124-0001', locationId: 'denver-1', version: 1, status: 'closed', closedAt: '2026-11-24T19:42:10-07:00',
  lines: [{ item: item('LAT16'), quantity: 2000, discounts: [{ name: 'Staff 10%', amount: 95 }] }, { item: item('SVC-WRAP'), quantity: 1000, discounts: [] }],
  discounts: [{ name: 'Happy hour', amount: 100 }], tip: 200, rewardPointsRedeemed: 100, customerBalanceUsed: 0,
  tenders: [{ method: 'credit_card', amount: 800, reference: 'auth 771203' }, { method: 'cash', amount: 'rest' }],
  ...patch,
});

describe('finishTicket', () => {
  it('computes taxes, total and the rest tender from the parts (the contract example, with demo taxes)', () => {
    const t = finishTicket(draft(), rates);
    // Lines 9.50 − 0.95 + 2.00 (gift wrap, untaxed) = 10.55; taxable 8.55 − 1.00 = 7.55:
    // CO 7.55 × 2.9% = 0.21895 → 0.22, Denver 7.55 × 4.81% = 0.363155 → 0.36.
    expect(t.taxes).toEqual([{ name: 'CO state 2.9%', amount: '0.22' }, { name: 'Denver city 4.81%', amount: '0.36' }]);
    // 10.55 − 1.00 + 0.58 + 2.00 − 1.00 = 11.13 = 8.00 card + 3.13 cash.
    expect(t.total).toBe('11.13');
    expect(t.payments).toEqual([{ method: 'credit_card', amount: '8.00', reference: 'auth 771203' }, { method: 'cash', amount: '3.13' }]);
    expect(parseTicket(t).ok).toBe(true);
  });

  it('writes the fields in the contract order and leaves out what is empty or zero', () => {
    const t = finishTicket(draft({ discounts: [], tip: 0, rewardPointsRedeemed: 0, tenders: [{ method: 'cash', amount: 'rest' }] }), rates);
    expect(Object.keys(t)).toEqual(['id', 'locationId', 'version', 'status', 'closedAt', 'lines', 'taxes', 'payments', 'total']);
    expect(Object.keys(t.lines[1] ?? {})).toEqual(['kind', 'name', 'sku', 'category', 'quantity', 'unitPrice']);
  });

  it('counts a returned line\'s discount negative, as the contract does', () => {
    const back = { item: item('MUG-16'), quantity: -1000, discounts: [{ name: 'Staff 10%', amount: 160 }] };
    expect(lineAmount(back)).toBe(-1440);
    const t = finishTicket(draft({ lines: [back], discounts: [], tip: 0, rewardPointsRedeemed: 0, tenders: [{ method: 'cash', amount: 'rest' }] }), rates);
    expect(t.total).toBe('-15.51'); // −14.40 − 0.42 − 0.69 (taxes round away from zero)
    expect(parseTicket(t).ok).toBe(true);
  });

  it('writes a scale reading with three decimals, and rounds the line half up', () => {
    const t = finishTicket(draft({ lines: [{ item: item('OLV-MIX'), quantity: 1255, discounts: [] }], discounts: [], tip: 0, rewardPointsRedeemed: 0,
      tenders: [{ method: 'cash', amount: 'rest' }] }), rates);
    expect(t.lines[0]?.quantity).toBe('1.255');
    expect(t.total).toBe('23.83'); // 1.255 × 18.99 = 23.83245, untaxed grocery
  });

  it('refuses a tender plan that cannot settle the total (a bug in a scenario)', () => {
    expect(() => finishTicket(draft({ tenders: [{ method: 'cash', amount: 5000 }, { method: 'credit_card', amount: 'rest' }] }), rates)).toThrow('cannot settle');
    expect(() => finishTicket(draft({ tenders: [{ method: 'cash', amount: 100 }] }), rates)).toThrow('cannot settle');
  });
});
