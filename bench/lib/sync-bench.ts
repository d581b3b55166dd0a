/**
 * A sync scenario from the orchestrator's side: a fresh simulator child at the shared time
 * scale, the scenario child (engine or baseline) against it, and both processes' own figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BaselineResult } from '../scenarios/baseline.js';
import type { IdealResult } from '../scenarios/ideal-poster.js';
import type { SyncRunResult } from '../scenarios/sync-run.js';
import { runChild, tsxArgs } from './children.js';
import type { ServerDatabase } from './product.js';
import { startSimulatorProcess } from './simulator-process.js';

export interface Network {
  /** A round trip added to every request, QuickBooks-clock ms (0: the simulator's own speed). */
  latencyClockMs: number;
  /** Added per batch item (a plain request is one), QuickBooks-clock ms; default 0. */
  perItemClockMs?: number;
  timeScale: number;
  /** The simulator's reading of batch items (default true: strict, they count toward the 500). */
  meterBatchItems?: boolean;
}

const latencyArgs = (n: Network) => [
  ...(n.latencyClockMs > 0 ? ['--latency-ms', String(n.latencyClockMs / n.timeScale)] : []),
  ...((n.perItemClockMs ?? 0) > 0 ? ['--latency-per-item-ms', String(n.perItemClockMs! / n.timeScale)] : []),
];

export interface Simulated<T> {
  result: T;
  simulator: { cpuMs: number; maxRssMb: number };
}

export async function withSimulator<T>(n: Network, fn: (url: string) => Promise<T>): Promise<Simulated<T>> {
  const sim = await startSimulatorProcess({ timeScale: n.timeScale, meterBatchItems: n.meterBatchItems ?? true });
  let result: T;
  try {
    result = await fn(sim.url);
  } catch (err) {
    await sim.stop().catch(() => undefined);
    throw err;
  }
  return { result, simulator: await sim.stop() };
}

/** The engine posting every ticket stored in `dataDir` (one run); with `batchReading`, as against the ideal poster (a quiet minute after Initialize). */
export function runEngine(label: string, dataDir: string, n: Network, server?: ServerDatabase, batchReading?: string): Promise<Simulated<SyncRunResult>> {
  return withSimulator(n, async (url) => (await runChild<SyncRunResult>(tsxArgs('bench/scenarios/sync-run.ts', [
    '--data-dir', dataDir, '--simulator', url, '--time-scale', String(n.timeScale), ...latencyArgs(n),
    ...(batchReading ? ['--batch-reading', batchReading, '--quiet-minute', 'true'] : []),
    ...(server ? ['--database-url', server.url, '--schema', server.schema, '--secret-key', server.secretKey] : []),
  ]), { label })).result);
}

/** The in-house ideal poster (scenarios/ideal-poster.ts) posting the dataset's tickets under the simulator's reading. */
export function runIdeal(label: string, dataset: string, n: Network): Promise<Simulated<IdealResult>> {
  return withSimulator(n, async (url) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tillbooks-ideal-'));
    try {
      return (await runChild<IdealResult>(tsxArgs('bench/scenarios/ideal-poster.ts', [
        '--dataset', dataset, '--simulator', url, '--time-scale', String(n.timeScale), '--data-dir', dir, ...latencyArgs(n),
        '--reading', n.meterBatchItems === false ? 'lenient' : 'strict',
      ]), { label })).result;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

/** The baseline posting the dataset's tickets one document per request. */
export function runBaseline(label: string, dataset: string, n: Network): Promise<Simulated<BaselineResult>> {
  return withSimulator(n, async (url) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tillbooks-baseline-'));
    try {
      return (await runChild<BaselineResult>(tsxArgs('bench/scenarios/baseline.ts', [
        '--dataset', dataset, '--simulator', url, '--time-scale', String(n.timeScale), '--data-dir', dir, ...latencyArgs(n),
      ]), { label })).result;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
