/** Starting test/support/sync-child.ts in a process of its own, and killing it. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { schemaOf, TEST_DATABASE_URL } from './stores.js';

const CHILD = fileURLToPath(new URL('./sync-child.ts', import.meta.url));

/** What a sync child (sync-child.ts) needs to reach the test's PostgreSQL schema and simulator, with its secret key. */
export function syncChildEnv(database: Database, sim: Simulator, key: Buffer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    CHILD_DATABASE_URL: TEST_DATABASE_URL!, CHILD_SCHEMA: schemaOf(database)!, CHILD_KEY: key.toString('hex'),
    CHILD_SIM_API: sim.urls.api, CHILD_SIM_AUTHORIZE: sim.urls.authorize, CHILD_SIM_TOKEN: sim.urls.token, CHILD_SIM_REVOKE: sim.urls.revoke,
    ...extra,
  };
}

export interface SyncChild {
  proc: ChildProcess;
  /** Resolves when the child says it is ready (it has resumed and is about to run). */
  ready: Promise<void>;
  /** Resolves with the exit code (null when killed) and what it printed. */
  exited: Promise<{ code: number | null; signal: string | null; output: string }>;
}

export function startSyncChild(env: Record<string, string>): SyncChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  proc.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('ready\n')) markReady();
  });
  proc.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
    proc.on('exit', (code, signal) => {
      markReady();
      resolve({ code, signal, output });
    });
  });
  return { proc, ready, exited };
}

const BIN = fileURLToPath(new URL('../../bin/tillbooks.mjs', import.meta.url));

export interface TillbooksProcess {
  proc: ChildProcess;
  /** Resolves once the process printed `readyText`. */
  ready: Promise<void>;
  /** `output` is stdout and stderr as they came; `stdout` alone is what a script would pipe (`--json`). */
  exited: Promise<{ code: number | null; signal: string | null; output: string; stdout: string }>;
  output(): string;
}

/** `tillbooks ARGS` as a real process (the same bin a user runs), its output collected. */
export function startTillbooksProcess(args: string[], env: Record<string, string>, readyText: string, cwd?: string): TillbooksProcess {
  const proc = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(cwd && { cwd }) });
  let output = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { markReady = resolve; });
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes(readyText)) markReady();
  };
  let stdout = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    collect(chunk);
  });
  proc.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: string | null; output: string; stdout: string }>((resolve) => {
    // 'close', not 'exit': the pipes are drained by then, so a long --json document is whole.
    proc.on('close', (code, signal) => {
      markReady();
      resolve({ code, signal, output, stdout });
    });
  });
  return { proc, ready, exited, output: () => output };
}
