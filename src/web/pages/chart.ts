/**
 * The QuickBooks page's chart: tickets posted, skipped and pending per day, as stacked bars.
 * Plain geometry computed here and drawn by the template as SVG (no chart library, no
 * inline styles: colours come from classes in app.css). A table with the same numbers sits
 * next to it for screen readers and for anyone who prefers numbers.
 */
import { DateTime } from 'luxon';
import type { DailyCount } from '../../sync/index.js';

export const SERIES = ['posted', 'skipped', 'pending'] as const;
export type Series = (typeof SERIES)[number];

export interface ChartSegment {
  series: Series;
  value: number;
  y: number;
  height: number;
}

export interface ChartBar {
  date: string;
  /** "Nov 24" */
  label: string;
  x: number;
  width: number;
  total: number;
  segments: ChartSegment[];
}

export interface Chart {
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  max: number;
  ticks: { value: number; y: number }[];
  bars: ChartBar[];
  rows: { date: string; posted: number; skipped: number; pending: number }[];
}

const WIDTH = 720;
const HEIGHT = 240;
const PLOT = { left: 44, top: 12, width: WIDTH - 44 - 8, height: HEIGHT - 12 - 36 };

/** The dates from `from` to `to` inclusive ('YYYY-MM-DD'). */
export function dateRange(from: string, to: string): string[] {
  const out: string[] = [];
  let d = DateTime.fromISO(from, { zone: 'UTC' });
  const end = DateTime.fromISO(to, { zone: 'UTC' });
  while (d <= end && out.length < 366) {
    out.push(d.toISODate()!);
    d = d.plus({ days: 1 });
  }
  return out;
}

/** A round axis maximum at or above `n`: 1, 2, 5 × 10^k (at least 4, so small days look small). */
export function niceMax(n: number): number {
  if (n <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= n) return step * magnitude;
  return 10 * magnitude;
}

export function makeChart(counts: readonly DailyCount[], from: string, to: string): Chart {
  const byDate = new Map(counts.map((c) => [c.date, c]));
  const rows = dateRange(from, to).map((date) => {
    const c = byDate.get(date);
    return { date, posted: c?.posted ?? 0, skipped: c?.skipped ?? 0, pending: c?.pending ?? 0 };
  });
  const max = niceMax(Math.max(0, ...rows.map((r) => r.posted + r.skipped + r.pending)));
  const slot = PLOT.width / Math.max(1, rows.length);
  const scale = (v: number) => (v / max) * PLOT.height;
  const bars = rows.map((r, i) => {
    let base = PLOT.top + PLOT.height;
    const segments = SERIES.map((series) => {
      const height = scale(r[series]);
      base -= height;
      return { series, value: r[series], y: round(base), height: round(height) };
    }).filter((s) => s.value > 0);
    return {
      date: r.date, label: DateTime.fromISO(r.date).toFormat('LLL d'),
      x: round(PLOT.left + i * slot + slot * 0.15), width: round(slot * 0.7),
      total: r.posted + r.skipped + r.pending, segments,
    };
  });
  const steps = tickSteps(max);
  const ticks = Array.from({ length: steps + 1 }, (_, i) => ({ value: (max / steps) * i, y: round(PLOT.top + PLOT.height - (PLOT.height * i) / steps) }));
  return { width: WIDTH, height: HEIGHT, plot: PLOT, max, ticks, bars, rows };
}

/** How many whole-number steps divide the axis: 50 → 5 (by 10), 20 → 4 (by 5), 4 → 4 (by 1). */
export function tickSteps(max: number): number {
  if (max <= 4) return max;
  const leading = max / 10 ** Math.floor(Math.log10(max));
  return leading === 2 ? 4 : 5;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
