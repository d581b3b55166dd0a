/**
 * A data folder for CLI tests that run the bin as real processes: embedded store, the built-in
 * simulator on a free port, no demo. `run` is one `tillbooks …` to its end; `setUp` runs a list
 * of them and fails, naming the command and its output, at the first that does not exit 0.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startTillbooksProcess } from './child-process.js';

export interface CliFolder {
  dataDir: string;
  run(...args: string[]): Promise<{ code: number | null; output: string; stdout: string }>;
  setUp(commands: readonly string[][]): Promise<void>;
  remove(): Promise<void>;
}

export async function cliFolder(name: string): Promise<CliFolder> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `tillbooks-${name}-`));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TILLBOOKS_DEMO: 'false', SIMULATOR_PORT: '0' };
  const run = (...args: string[]) => startTillbooksProcess(args, env, '\u0000').exited;
  return {
    dataDir, run,
    async setUp(commands) {
      for (const args of commands) {
        const r = await run(...args);
        expect(r.code, `${args.join(' ')}\n${r.output}`).toBe(0);
      }
    },
    remove: () => rm(dataDir, { recursive: true, force: true }),
  };
}
