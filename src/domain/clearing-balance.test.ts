import { describe, expect, it } from 'vitest';
import { clearingBalance, coveredDates } from './clearing-balance.js';
import type { ClearingInput, ClearingPayout } from './clearing-balance.js';

const tenders = [
  { date: '2026-11-02', locationId: 'a', cents: 10_000 },
  { date: '2026-11-03', locationId: 'a', cents: 20_000 },
  { date: '2026-11-03', locationId: 'b', cents: 5_000 },
  { date: '2026-11-04', locationId: 'a', cents: -1_500 },
  { date: '2026-11-05', locationId: 'a', cents: 7_000 },
];
const payout = (p: Partial<ClearingPayout> & Pick<ClearingPayout, 'id' | 'gross'>): ClearingPayout =>
  ({ arrivalDate: '2026-11-06', fees: 300, adjustments: 0, net: p.gross - 300 + (p.adjustments ?? 0), ...p });
const base = (over: Partial<ClearingInput> = {}): ClearingInput => ({ from: '2026-11-01', usualDelayDays: 5, today: '2026-11-06', tenders, payouts: [], ...over });

describe('clearingBalance', () => {
  it('adds tenders in and payouts out day by day, with the running balance in transit', () => {
    const r = clearingBalance(base({ payouts: [payout({ id: 'p1', gross: 30_000, arrivalDate: '2026-11-04',
      periodStart: '2026-11-02T00:00:00-07:00', periodEnd: '2026-11-03T23:59:59-07:00', locationId: 'a' })] }));
    expect(r).toMatchObject({ tendersIn: 40_500, payoutsOut: 30_000, balance: 10_500, warnings: [] });
    expect(r.days).toEqual([
      { date: '2026-11-02', tendersIn: 10_000, payoutsOut: 0, balance: 10_000 },
      { date: '2026-11-03', tendersIn: 25_000, payoutsOut: 0, balance: 35_000 },
      { date: '2026-11-04', tendersIn: -1_500, payoutsOut: 30_000, balance: 3_500 },
      { date: '2026-11-05', tendersIn: 7_000, payoutsOut: 0, balance: 10_500 },
    ]);
    expect(r.coverage).toEqual([{ payoutId: 'p1', covered: 30_000, difference: 0 }]);
  });

  it('warns when a payout differs from the tenders it covers by more than its fees and adjustments', () => {
    const r = clearingBalance(base({ payouts: [payout({ id: 'p1', gross: 35_100, adjustments: -2_000,
      periodStart: '2026-11-02T00:00:00Z', periodEnd: '2026-11-04T00:00:00Z' })] }));
    expect(r.coverage).toEqual([{ payoutId: 'p1', covered: 35_000, difference: 100 }]);
    expect(r.warnings).toEqual([expect.objectContaining({ kind: 'mismatch', payoutId: 'p1', difference: 100 })]);
    expect(r.warnings[0]!.message).toBe('Payout p1 (arrived 2026-11-06) does not match the card tenders it covers: its gross is 351.00, '
      + 'the tenders of 2026-11-02 to 2026-11-03 came to 350.00 (1.00 over), a difference its fees (3.00) and adjustments (-20.00) do not explain');
  });

  it('does not check a payout covering days before the tenders went to clearing, nor one without a period', () => {
    const r = clearingBalance(base({ payouts: [payout({ id: 'p1', gross: 1, periodStart: '2026-10-30T00:00:00Z', periodEnd: '2026-11-02T00:00:00Z' }),
      payout({ id: 'p2', gross: 2 })] }));
    expect(r.coverage.map((c) => c.covered)).toEqual([null, null]);
    expect(r.warnings.filter((w) => w.kind === 'mismatch')).toEqual([]);
  });

  it('warns about money older than the usual delay that no payout took out (oldest tenders paid first)', () => {
    const r = clearingBalance(base({ today: '2026-11-09', payouts: [payout({ id: 'p1', gross: 12_000 })] }));
    // Older than 5 days on 11-09: 11-02 (100.00, paid by the 120.00) and 11-03 (250.00, of which 20.00 paid): 230.00 late since 11-03.
    expect(r.warnings).toEqual([{ kind: 'aged', since: '2026-11-03', days: 6, amount: 23_000,
      message: '230.00 of card tenders has been in clearing longer than the usual 5 days (the oldest from 2026-11-03, 6 days ago): a payout may be missing' }]);
    expect(clearingBalance(base({ today: '2026-11-09', payouts: [payout({ id: 'p1', gross: 35_000 })] })).warnings).toEqual([]);
    expect(clearingBalance(base({ today: '2026-11-09', usualDelayDays: 7, payouts: [] })).warnings).toEqual([]);
    const later = clearingBalance(base({ today: '2026-11-10', payouts: [payout({ id: 'p1', gross: 12_000 })] }));
    // A day of refunds (11-04) lowers what is late.
    expect(later.warnings[0]).toMatchObject({ kind: 'aged', since: '2026-11-03', amount: 21_500 });
  });

  it('warns when more was paid out than went in', () => {
    const r = clearingBalance(base({ tenders: [], payouts: [payout({ id: 'p1', gross: 500 })] }));
    expect(r.balance).toBe(-500);
    expect(r.warnings.map((w) => w.kind)).toEqual(['negative']);
  });

  it('reads the covered dates from the timestamps, an end at midnight excluding its day', () => {
    expect(coveredDates({ periodStart: '2026-11-02T00:00:00-05:00', periodEnd: '2026-11-05T00:00:00-05:00' })).toEqual({ start: '2026-11-02', end: '2026-11-04' });
    expect(coveredDates({ periodStart: '2026-11-02T06:00:00Z', periodEnd: '2026-11-02T23:00:00Z' })).toEqual({ start: '2026-11-02', end: '2026-11-02' });
    expect(coveredDates({ periodStart: '2026-11-02T06:00:00Z' })).toBeNull();
  });
});
