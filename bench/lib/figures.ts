/** The figures of one sync scenario, in the units BENCHMARKS.md reports. */
import type { BaselineResult } from '../scenarios/baseline.js';
import type { RssSample, SyncRunResult } from '../scenarios/sync-run.js';
import { batchedBound, singleBound } from './limits-math.js';
import type { Bound } from './limits-math.js';
import type { Simulated } from './sync-bench.js';

export interface SyncFigures {
  name: string;
  method: 'engine (batched)' | 'baseline (1 request per document)';
  backend: string;
  network: string;
  tickets: number;
  /** Documents the tickets need (from the mapping), and writes the simulator counted. */
  operations: number;
  writes: number;
  requests: number;
  batches: number;
  batchItems: number;
  throttled: number;
  clockMinutes: number;
  wallSeconds: number;
  bound: Bound;
  cpuMs: number;
  peakRssMb: number;
  rssBeforeRunMb: number | null;
  samples: RssSample[];
  simulatorCpuMs: number;
  status: string;
}

export const perMinute = (f: SyncFigures) => f.tickets / f.clockMinutes;
export const maxPerMinute = (f: SyncFigures) => f.tickets / f.bound.minutes;
export const ratio = (f: SyncFigures) => f.bound.minutes / f.clockMinutes;
export const burstRatio = (f: SyncFigures) => f.bound.burstMinutes / f.clockMinutes;
export const requestsPerTicket = (f: SyncFigures) => f.requests / f.tickets;
export const itemsPerBatch = (f: SyncFigures) => (f.batches ? f.batchItems / f.batches : 0);
export const cpuPerTicket = (f: SyncFigures) => f.cpuMs / f.tickets;

interface Context { name: string; backend: string; network: string; operations: number }

export function engineFigures(c: Context, s: Simulated<SyncRunResult>): SyncFigures {
  const r = s.result;
  const k = r.counters;
  return {
    ...c, method: 'engine (batched)', tickets: r.summary.total, writes: k.writes, requests: k.requests, batches: k.batchRequests,
    batchItems: k.batchItems, throttled: k.throttled, clockMinutes: r.runClockMs / 60_000, wallSeconds: r.runWallMs / 1000,
    bound: batchedBound(c.operations), cpuMs: r.cpuMs.totalMs, peakRssMb: r.peakRssMb, rssBeforeRunMb: r.rssBeforeRunMb,
    samples: r.samples, simulatorCpuMs: s.simulator.cpuMs,
    status: `${r.summary.status}: ${r.summary.posted} posted, ${r.summary.skipped} skipped, ${r.summary.pending} pending`,
  };
}

export function baselineFigures(c: Context, s: Simulated<BaselineResult>): SyncFigures {
  const r = s.result;
  const k = r.counters;
  return {
    ...c, method: 'baseline (1 request per document)', tickets: r.tickets, writes: k.writes, requests: k.requests, batches: k.batchRequests,
    batchItems: k.batchItems, throttled: k.throttled, clockMinutes: r.runClockMs / 60_000, wallSeconds: r.runWallMs / 1000,
    bound: singleBound(c.operations), cpuMs: r.cpuMs.totalMs, peakRssMb: r.peakRssMb, rssBeforeRunMb: null, samples: [],
    simulatorCpuMs: s.simulator.cpuMs, status: `${r.documents} documents created`,
  };
}
