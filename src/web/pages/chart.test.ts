import { describe, expect, it } from 'vitest';
import { dateRange, makeChart, niceMax, tickSteps } from './chart.js';

describe('chart of tickets per day', () => {
  it('lists every date of the range, month ends included', () => {
    expect(dateRange('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
  });

  it('rounds the axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 3, 5, 11, 20, 21, 99, 101, 4999].map(niceMax)).toEqual([4, 4, 5, 20, 20, 50, 100, 200, 5000]);
  });

  it('puts axis ticks on round numbers', () => {
    const values = (max: number) => Array.from({ length: tickSteps(max) + 1 }, (_, i) => (max / tickSteps(max)) * i);
    expect(values(4)).toEqual([0, 1, 2, 3, 4]);
    expect(values(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(values(20)).toEqual([0, 5, 10, 15, 20]);
    expect(values(50)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(values(200)).toEqual([0, 50, 100, 150, 200]);
    expect(makeChart([{ date: '2026-11-01', posted: 36, skipped: 0, pending: 0, void: 0 }], '2026-11-01', '2026-11-01').ticks.map((t) => t.value))
      .toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('stacks posted, skipped and pending per day, a bar per date, days without tickets empty', () => {
    const chart = makeChart([
      { date: '2026-11-23', posted: 30, skipped: 5, pending: 5, void: 2 },
      { date: '2026-11-25', posted: 0, skipped: 0, pending: 10, void: 0 },
    ], '2026-11-22', '2026-11-25');
    expect(chart.rows.map((r) => r.date)).toEqual(['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25']);
    expect(chart.max).toBe(50);
    const [empty, full, , pendingOnly] = chart.bars;
    expect(empty!.segments).toEqual([]);
    expect(full!.segments.map((s) => s.series)).toEqual(['posted', 'skipped', 'pending']);
    const bottom = chart.plot.top + chart.plot.height;
    // Stacked: each segment sits on the one below it, heights in proportion to the counts.
    const [posted, skipped, pending] = full!.segments;
    expect(posted!.y + posted!.height).toBeCloseTo(bottom, 0);
    expect(skipped!.y + skipped!.height).toBeCloseTo(posted!.y, 0);
    expect(pending!.y + pending!.height).toBeCloseTo(skipped!.y, 0);
    expect(posted!.height).toBeCloseTo(chart.plot.height * 30 / 50, 0);
    expect(pendingOnly!.segments).toEqual([expect.objectContaining({ series: 'pending', value: 10 })]);
    expect(full!.total).toBe(40);
  });
});
