/** BENCHMARKS.md and the terminal summary, from one run's results. */
import { operationsOf } from './dataset.js';
import type { DatasetStats } from './dataset.js';
import { cpuPerTicket, itemsPerBatch, maxPerMinute, perMinute, ratio, requestsPerTicket } from './figures.js';
import type { SyncFigures } from './figures.js';
import type { BenchResults } from './results.js';
import { fmt, markdownTable, terminalTable } from './tables.js';
import type { Cell } from './tables.js';

export const THROUGHPUT_HEAD = ['run', 'backend', 'network', 'tickets', 'HTTP requests', 'req/ticket', 'items/batch', 'QB-minutes', 'tickets/QB-min', 'limit max', 'ratio'];
export const RESOURCE_HEAD = ['run', 'backend', 'network', 'QB ops needed', 'writes sent', 'throttled (429)', 'CPU ms/ticket', 'RSS before run MB', 'peak RSS MB', 'simulator CPU s', 'wall s'];

export function throughputRow(f: SyncFigures): Cell[] {
  return [f.name, f.backend, f.network, f.tickets, f.requests, fmt(requestsPerTicket(f), 3), f.batches ? fmt(itemsPerBatch(f), 1) : '–',
    fmt(f.clockMinutes, 1), fmt(perMinute(f), 1), fmt(maxPerMinute(f), 1), fmt(ratio(f), 3)];
}

export function resourceRow(f: SyncFigures): Cell[] {
  return [f.name, f.backend, f.network, f.operations, f.writes, f.throttled, fmt(cpuPerTicket(f), 2),
    f.rssBeforeRunMb === null ? '–' : fmt(f.rssBeforeRunMb, 0), f.rssBeforeRunMb === null ? '–' : fmt(f.peakRssMb, 0), fmt(f.simulatorCpuMs / 1000, 1), fmt(f.wallSeconds, 1)];
}

export const INTAKE_HEAD = ['intake', 'backend', 'tickets sent', 'seconds', 'tickets/s', 'peak RSS MB', 'CPU s', 'note'];

export function terminalSummary(r: BenchResults): string {
  return [
    terminalTable(THROUGHPUT_HEAD, r.sync.map(throughputRow)),
    '',
    terminalTable(RESOURCE_HEAD, r.sync.map(resourceRow)),
    '',
    terminalTable(INTAKE_HEAD, r.intake.map((i) => [i.path, i.backend, i.lines, fmt(i.seconds, 1), fmt(i.perSecond, 0), fmt(i.peakRssMb, 0),
      fmt(i.cpuMs / 1000, 1), i.note])),
    '',
    ...acceptance(r).map((a) => `${a.ok ? 'PASS' : 'FAIL'}  ${a.what}: ${a.measured} (target ${a.target})`),
  ].join('\n');
}

interface Criterion { what: string; target: string; measured: string; ok: boolean }

/** The engine's rows of one size at the simulator's own speed (the acceptance's setting). */
const find = (r: BenchResults, name: string) => r.sync.filter((f) => f.name === name && f.network === 'simulator speed');

export function acceptance(r: BenchResults): Criterion[] {
  const small = `engine ${sizeName(r.datasets.small.tickets)}`;
  const big = `engine ${sizeName(r.datasets.big.tickets)}`;
  const out: Criterion[] = [];
  for (const f of find(r, small)) {
    out.push({ what: `throttle-bound ratio, ${f.tickets.toLocaleString('en-US')} tickets, ${f.backend}`, target: '≥ 0.9', measured: fmt(ratio(f), 3), ok: ratio(f) >= 0.9 });
    out.push({ what: `HTTP requests per ticket, ${f.backend}`, target: '≤ 0.15', measured: fmt(requestsPerTicket(f), 3), ok: requestsPerTicket(f) <= 0.15 });
  }
  for (const f of find(r, big)) {
    out.push({ what: `peak RSS of the syncing process, ${f.tickets.toLocaleString('en-US')} tickets, ${f.backend}`, target: '≤ 300 MB', measured: `${fmt(f.peakRssMb, 0)} MB`, ok: f.peakRssMb <= 300 });
  }
  return out;
}

export const sizeName = (n: number) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

export function mixTable(d: DatasetStats): string {
  const rows: Cell[][] = [
    ['stored tickets (distinct)', d.tickets], ['lines sent (edits are lines of their own)', d.lines], ['edited (a version 2 was sent)', d.edited],
    ['sales (total > 0)', d.sales], ['zero totals', d.zero], ['refunds (total < 0)', d.refunds], ['voided before posting', d.voided],
    ['invoices needed', d.invoices], ['payments needed', d.payments], ['refund receipts needed', d.refundReceipts],
    ['QuickBooks operations needed', operationsOf(d)], ['operations per posted ticket', fmt(operationsOf(d) / (d.tickets - d.voided), 3)],
    ['business dates', `${d.firstDate} … ${d.lastDate}`],
  ];
  return markdownTable(['dataset', 'count'], rows);
}
