/** The simulator child (scenarios/simulator.ts) seen from the orchestrator. */
import type { Counters } from '../../src/sandbox/index.js';
import { startServiceChild } from './service-child.js';

/** A company's counters, as the simulator reports them. */
export type SimCounters = Counters;

/** A company's counters, read over the simulator's inspection API. */
export async function fetchCounters(simulatorUrl: string, realmId: string): Promise<SimCounters> {
  const res = await fetch(`${simulatorUrl}/__sim/companies/${realmId}/counters`);
  if (!res.ok) throw new Error(`simulator counters: ${res.status}`);
  return (await res.json()) as SimCounters;
}

/** What a run added to the counters (itemsPerBatch dropped: its length is batchRequests). */
export type CounterDelta = Omit<SimCounters, 'itemsPerBatch' | 'maxConcurrency'> & { maxConcurrency: number };

export function counterDelta(before: SimCounters, after: SimCounters): CounterDelta {
  const keys = ['requests', 'batchRequests', 'batchItems', 'throttled', 'writes', 'writesWithoutRequestId', 'replays', 'serverErrors', 'resets', 'tokenRefreshes'] as const;
  const out = { maxConcurrency: after.maxConcurrency } as CounterDelta;
  for (const k of keys) out[k] = after[k] - before[k];
  return out;
}

export interface SimulatorProcess {
  url: string;
  /** Stops it; resolves with its own CPU time and peak RSS. */
  stop(): Promise<{ cpuMs: number; maxRssMb: number }>;
}

export async function startSimulatorProcess(opts: { timeScale: number; meterBatchItems: boolean }): Promise<SimulatorProcess> {
  const child = await startServiceChild<{ url: string }>('bench/scenarios/simulator.ts', [
    '--time-scale', String(opts.timeScale), '--meter-batch-items', String(opts.meterBatchItems),
  ]);
  const url = child.ready.url;
  return {
    url,
    stop: () => child.stop(),
  };
}
