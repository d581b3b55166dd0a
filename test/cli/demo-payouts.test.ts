/**
 * `npm run demo -- --payouts` (issue 15, Build 6) as the real `tillbooks demo` process: payouts
 * turned on for "square", a week of the demo's tickets posted with their card tenders in its
 * clearing account, then three payouts (fees on each, a chargeback on the second, card refunds
 * netted in the gross) posted as one Deposit each. The output ends with the clearing account by
 * date, at 0.00 in transit.
 */
import { describe, expect, it } from 'vitest';
import { startTillbooksProcess } from '../support/child-process.js';

describe('tillbooks demo --payouts', () => {
  it('pays a week out in three payouts, one Deposit each, and ends with the clearing balance at 0.00', { timeout: 240_000 }, async () => {
    const end = await startTillbooksProcess(['demo', '--payouts', '--tickets-per-day', '6'], { LOG_LEVEL: 'warn' }, '\u0000').exited;
    expect(end.code, end.output).toBe(0);
    const lines = end.output.split('\n');
    expect(end.output).toMatch(/1\. Tickets: 7 days /);
    // Three payouts announced, the second with its chargeback; each posted as its own Deposit.
    const announced = lines.filter((l) => /^ {3}po_\d{8} arrives \d{4}-\d\d-\d\d: covers /.test(l));
    expect(announced).toHaveLength(3);
    expect(announced[1]).toMatch(/chargeback -\d+\.\d\d/);
    expect(end.output).toMatch(/run \d+ finished: payouts 3 posted; Deposits \d+, \d+, \d+/);
    const payoutRows = lines.filter((l) => /^po_\d{8} v1 /.test(l));
    expect(payoutRows).toHaveLength(3);
    const deposits = payoutRows.map((l) => /posted (\d+)$/.exec(l)?.[1]);
    expect(new Set(deposits).size).toBe(3);
    for (const row of payoutRows) {
      // gross = the tenders it covers, net = gross - fees + adjustments, to the cent.
      const [, gross, fees, adjustments, net, covers] = row.split(/\s{2,}/).slice(1).map((c) => c.trim());
      expect(covers).toBe(gross);
      const c = (m: string | undefined) => Math.round(Number(m) * 100);
      expect(c(net)).toBe(c(gross) - c(fees) + c(adjustments));
    }
    // The balance by date ends at 0.00, and so does the total.
    const days = lines.filter((l) => /^\d{4}-\d\d-\d\d +-?\d+\.\d\d +-?\d+\.\d\d +-?\d+\.\d\d$/.test(l));
    expect(days.length).toBeGreaterThanOrEqual(7);
    expect(days.at(-1)!.trim().endsWith(' 0.00')).toBe(true);
    expect(end.output).toMatch(/tenders in (\d+\.\d\d), payouts out \1, in transit 0\.00/);
    expect(end.output).not.toContain('  ! ');
    expect(end.output.trimEnd().endsWith('Clearing balance 0.00: every card tender paid out; 3 payouts, 3 Deposits, each equal to its payout\'s net.')).toBe(true);
  });
});
