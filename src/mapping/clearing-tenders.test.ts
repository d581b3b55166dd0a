import { describe, expect, it } from 'vitest';
import { emptyMapping } from '../domain/account-mapping.js';
import { clearingShares } from './clearing-tenders.js';
import { compileRules } from './rules.js';

describe('clearingShares', () => {
  const ref = (id: string) => ({ id, name: id });
  const mapping = { ...emptyMapping(), processors: {
    Square: { bank: ref('1'), fees: ref('2'), clearing: ref('10'), from: '2026-11-01' },
    Stripe: { bank: ref('1'), fees: ref('2'), clearing: ref('11'), from: '2026-11-03' },
  } };
  const rules = compileRules(mapping);
  const card = (amount: number, label: string) => ({ method: 'credit_card' as const, amount, label });

  it('puts each card Payment in its processor\'s clearing, from that processor\'s start date', () => {
    const sale = { total: 5_000, payments: [card(3_000, 'square'), card(1_500, 'Stripe'), { method: 'cash' as const, amount: 500 }] };
    expect(clearingShares(sale, '2026-11-03', rules)).toEqual(new Map([['square', 3_000], ['stripe', 1_500]]));
    expect(clearingShares(sale, '2026-11-02', rules)).toEqual(new Map([['square', 3_000]]));
  });

  it('takes cash back off the largest payment, and a refund out of the tender that paid back most', () => {
    expect(clearingShares({ total: 2_000, payments: [card(2_500, 'square'), { method: 'cash', amount: -500 }] }, '2026-11-03', rules))
      .toEqual(new Map([['square', 2_000]]));
    expect(clearingShares({ total: -1_200, payments: [card(-1_200, 'square')] }, '2026-11-03', rules)).toEqual(new Map([['square', -1_200]]));
    expect(clearingShares({ total: -1_200, payments: [{ method: 'cash', amount: -1_200 }] }, '2026-11-03', rules)).toEqual(new Map());
  });
});
