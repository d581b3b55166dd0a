/**
 * A sync scenario from the orchestrator's side: a fresh simulator child at the shared time
 * scale, the scenario child (engine or baseline) against it, and both processes' own figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BaselineResult } from '../scenarios/baseline.js';
import type { SyncRunResult } from '../scenarios/sync-run.js';
import { runChild, tsxArgs } from './children.js';
import type { ServerDatabase } from './product.js';
import { startSimulatorProcess } from './simulator-process.js';

export interface Network {
  /** A round trip added to every request, QuickBooks-clock ms (0: the simulator's own speed). */
  latencyClockMs: number;
  timeScale: number;
}

const latencyArgs = (n: Network) => (n.latencyClockMs > 0 ? ['--latency-ms', String(n.latencyClockMs / n.timeScale)] : []);

export interface Simulated<T> {
  result: T;
  simulator: { cpuMs: number; maxRssMb: number };
}

async function withSimulator<T>(timeScale: number, fn: (url: string) => Promise<T>): Promise<Simulated<T>> {
  const sim = await startSimulatorProcess({ timeScale, meterBatchItems: true });
  let result: T;
  try {
    result = await fn(sim.url);
  } catch (err) {
    await sim.stop().catch(() => undefined);
    throw err;
  }
  return { result, simulator: await sim.stop() };
}

/** The engine posting every ticket stored in `dataDir` (one run). */
export function runEngine(label: string, dataDir: string, n: Network, server?: ServerDatabase): Promise<Simulated<SyncRunResult>> {
  return withSimulator(n.timeScale, async (url) => (await runChild<SyncRunResult>(tsxArgs('bench/scenarios/sync-run.ts', [
    '--data-dir', dataDir, '--simulator', url, '--time-scale', String(n.timeScale), ...latencyArgs(n),
    ...(server ? ['--database-url', server.url, '--schema', server.schema, '--secret-key', server.secretKey] : []),
  ]), { label })).result);
}

/** The baseline posting the dataset's tickets one document per request. */
export function runBaseline(label: string, dataset: string, n: Network): Promise<Simulated<BaselineResult>> {
  return withSimulator(n.timeScale, async (url) => {
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
