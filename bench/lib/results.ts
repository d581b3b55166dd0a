/** Everything one `npm run bench` measured, as the report reads it. */
import { cpus, loadavg, totalmem } from 'node:os';
import type { DatasetStats } from './dataset.js';
import type { SyncFigures } from './figures.js';

export interface IntakeRow {
  path: string;
  backend: string;
  lines: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  cpuMs: number;
  note: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  loadStart: number[];
  loadEnd: number[];
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  minutes: number;
  commit: string;
  command: string;
  small: boolean;
  timeScale: number;
  latencyClockMs: number;
  machine: Machine;
  datasets: { small: DatasetStats; big: DatasetStats };
  sync: SyncFigures[];
  intake: IntakeRow[];
  ticketsPage: { ran: boolean; output: string };
}

export function machineNow(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown', cores: c.length, memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version, loadStart: loadavg(), loadEnd: [],
  };
}
