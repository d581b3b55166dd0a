/** The dashboard's chart geometry: sales in dollars (posted, then not yet), tickets on their own axis. */
import { describe, expect, it } from 'vitest';
import { dollars, makeMoneyChart } from './money-chart.js';

describe('the sales chart', () => {
  const days = [
    { date: '2026-12-03', tickets: 40, posCents: 80_000, postedCents: 60_000 },
    { date: '2026-12-01', tickets: 10, posCents: 20_000, postedCents: 20_000 },
  ];

  it('draws every day of the range, sales stacked posted then not posted, tickets as dots on their own scale', () => {
    const ch = makeMoneyChart(days, '2026-11-30', '2026-12-03', 'wide');
    expect(ch.bars.map((b) => b.date)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    const base = ch.plot.top + ch.plot.height;
    const big = ch.bars[3]!;
    // $800 of a $1k axis: 80 % of the plot, three quarters of it posted.
    expect(big.posted.height + big.notPosted.height).toBeCloseTo(ch.plot.height * 0.8, 0);
    expect(big.posted.height).toBeCloseTo(ch.plot.height * 0.6, 0);
    expect(big.notPosted.y + big.notPosted.height).toBeCloseTo(big.posted.y, 0);
    // 40 tickets of a 50 axis.
    expect(big.dot.y).toBeCloseTo(base - ch.plot.height * 0.8, 0);
    expect(ch.moneyTicks.map((t) => t.label)).toEqual(['$0', '$200', '$400', '$600', '$800', '$1k']);
    expect(ch.ticketTicks.at(-1)!.label).toBe('50');
    expect(ch.line.split(' ')).toHaveLength(4);
  });

  it('labels fewer days on a phone\'s drawing, always the last one', () => {
    const narrow = makeMoneyChart(days, '2026-11-04', '2026-12-03', 'narrow');
    const labelled = narrow.bars.filter((b) => b.label);
    expect(labelled.length).toBeLessThanOrEqual(5);
    expect(narrow.bars.at(-1)!.label).toBe('Dec 3');
  });

  it('writes axis money short', () => {
    expect([0, 250, 1000, 1500, 20_000].map(dollars)).toEqual(['$0', '$250', '$1k', '$1.5k', '$20k']);
  });
});
