/**
 * The dashboard's chart (issue 18: "the chart in money with tickets as a second measure"):
 * each day's POS sales as a bar (the part posted to QuickBooks, then the part not yet), in
 * dollars on the left axis, and the day's tickets as a line of dots on the right axis. Two
 * geometries of the same numbers: a wide one for a desktop and a narrow one whose labels stay
 * readable on a phone (390 px), where SVG text shrinks with the drawing; the page shows one.
 * No inline styles (colours come from app.css); the money table below holds the same numbers.
 */
import { DateTime } from 'luxon';
import { dateRange, niceMax, tickSteps } from './chart.js';

export interface MoneyDay {
  date: string;
  tickets: number;
  posCents: number;
  postedCents: number;
}

export interface MoneyChartBar {
  date: string;
  label: string | null;
  x: number;
  width: number;
  posted: { y: number; height: number };
  notPosted: { y: number; height: number };
  tickets: number;
  posCents: number;
  postedCents: number;
  dot: { x: number; y: number };
}

export interface MoneyChart {
  size: 'wide' | 'narrow';
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  moneyTicks: { label: string; y: number }[];
  ticketTicks: { label: string; y: number }[];
  bars: MoneyChartBar[];
  /** The tickets line, as SVG polyline points. */
  line: string;
}

const SIZES = {
  wide: { width: 720, height: 240, left: 58, right: 40, top: 12, bottom: 30, labels: 10 },
  narrow: { width: 340, height: 220, left: 50, right: 32, top: 12, bottom: 30, labels: 4 },
} as const;

export function makeMoneyChart(days: readonly MoneyDay[], from: string, to: string, size: 'wide' | 'narrow'): MoneyChart {
  const s = SIZES[size];
  const plot = { left: s.left, top: s.top, width: s.width - s.left - s.right, height: s.height - s.top - s.bottom };
  const byDate = new Map(days.map((d) => [d.date, d]));
  const rows = dateRange(from, to).map((date) => byDate.get(date) ?? { date, tickets: 0, posCents: 0, postedCents: 0 });
  const maxDollars = niceMax(Math.max(0, ...rows.map((r) => Math.max(r.posCents, r.postedCents))) / 100);
  const maxTickets = niceMax(Math.max(0, ...rows.map((r) => r.tickets)));
  const slot = plot.width / Math.max(1, rows.length);
  const base = plot.top + plot.height;
  const every = Math.max(1, Math.ceil(rows.length / s.labels));
  const bars = rows.map((r, i) => {
    const posted = Math.max(0, Math.min(r.postedCents, r.posCents));
    const notPosted = Math.max(0, r.posCents - posted);
    const hPosted = (posted / 100 / maxDollars) * plot.height;
    const hNot = (notPosted / 100 / maxDollars) * plot.height;
    const x = plot.left + i * slot + slot * 0.15;
    const width = slot * 0.7;
    return {
      date: r.date, label: (rows.length - 1 - i) % every === 0 ? DateTime.fromISO(r.date).toFormat('LLL d') : null,
      x: round(x), width: round(width),
      posted: { y: round(base - hPosted), height: round(hPosted) }, notPosted: { y: round(base - hPosted - hNot), height: round(hNot) },
      tickets: r.tickets, posCents: r.posCents, postedCents: r.postedCents,
      dot: { x: round(x + width / 2), y: round(base - (r.tickets / maxTickets) * plot.height) },
    };
  });
  const ticks = (max: number, label: (v: number) => string) => {
    const steps = tickSteps(max);
    return Array.from({ length: steps + 1 }, (_, i) => ({ label: label((max / steps) * i), y: round(base - (plot.height * i) / steps) }));
  };
  return {
    size, width: s.width, height: s.height, plot, bars,
    moneyTicks: ticks(maxDollars, dollars), ticketTicks: ticks(maxTickets, (v) => String(Math.round(v))),
    line: bars.map((b) => `${b.dot.x},${b.dot.y}`).join(' '),
  };
}

/** An axis label: "$0", "$250", "$1.5k", "$20k". */
export function dollars(v: number): string {
  if (v >= 1000) return `$${Number((v / 1000).toFixed(v % 1000 === 0 ? 0 : 1))}k`;
  return `$${Math.round(v)}`;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
