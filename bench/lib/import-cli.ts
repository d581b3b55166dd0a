/**
 * Filling a data folder the way a user would: `tillbooks location add`, then `tillbooks import
 * FILE` of the NDJSON. The import is measured from outside (wall time), and from inside its
 * own process by the usage preload (CPU time, peak RSS), so the figure is the CLI's own.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { NODE_FLAGS } from '../../scripts/sources.mjs';
import { BENCH_LOCATION } from './dataset.js';
import { USAGE_PRELOAD, readUsage, runChild } from './children.js';
import type { ChildUsage } from './children.js';
import { serverEnv } from './product.js';
import type { ServerDatabase } from './product.js';

export interface ImportMeasure {
  /** Lines of the file (tickets sent, edits included). */
  lines: number;
  /** Wall time of the whole command, process start included. */
  wallMs: number;
  linesPerSecond: number;
  usage: ChildUsage;
  summary: string;
}

/** Node's arguments for `tillbooks ARGS` as the product runs it, with a preload (the usage one) when measured. */
export const cli = (args: string[], preload?: string) => [...NODE_FLAGS, ...(preload ? ['--import', preload] : []), 'bin/tillbooks.mjs', ...args];

/**
 * Creates the data folder's database and the bench location with `tillbooks location add`, so
 * the measured processes open an existing database as a running service does (PGlite's
 * one-time initdb alone peaks near 800 MB).
 */
export async function prepareDataDir(dataDir: string, server?: ServerDatabase): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const env = { DATA_DIR: dataDir, TILLBOOKS_DEMO: 'false', ...serverEnv(server) };
  await runChild(cli(['location', 'add', BENCH_LOCATION.id, '--name', BENCH_LOCATION.name, '--time-zone', BENCH_LOCATION.timeZone]),
    { env, echo: false, expectResult: false });
}

/** `tillbooks import FILE` into a prepared data folder, measured. */
export async function importDataset(dataDir: string, file: string, lines: number, server?: ServerDatabase): Promise<ImportMeasure> {
  await prepareDataDir(dataDir, server);
  const env = { DATA_DIR: dataDir, TILLBOOKS_DEMO: 'false', ...serverEnv(server) };
  const usageFile = path.join(dataDir, 'import-usage.json');
  await rm(usageFile, { force: true });
  const run = await runChild<undefined>(cli(['import', file, '--no-progress'], USAGE_PRELOAD),
    { env: { ...env, BENCH_USAGE_FILE: usageFile }, echo: false, expectResult: false });
  return { lines, wallMs: run.wallMs, linesPerSecond: lines / (run.wallMs / 1000), usage: await readUsage(usageFile), summary: run.stdout.trim() };
}
