/**
 * Child processes of the benchmark. Every measured part runs in a process of its own, so its
 * CPU time and peak RSS are its own: the simulator, the product (sync and intake), the import
 * CLI. A scenario child prints one result line, `@@bench <json>`, on stdout; everything else
 * it prints is passed through for the reader.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distIsFresh, NODE_FLAGS } from '../../scripts/sources.mjs';

const above = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The project's root, also when this module runs compiled from dist/bench/lib/. */
export const ROOT = path.basename(above) === 'dist' ? path.dirname(above) : above;
export const RESULT_PREFIX = '@@bench ';
/** Preload that writes the process's CPU time and peak RSS to BENCH_USAGE_FILE on exit. */
export const USAGE_PRELOAD = path.join(ROOT, 'bench/lib/usage-preload.mjs');

export interface ChildUsage {
  cpuUserMs: number;
  cpuSystemMs: number;
  maxRssMb: number;
}

export interface ChildRun<T> {
  result: T;
  wallMs: number;
  stdout: string;
}

/**
 * Builds dist/ when a source is newer, before anything is measured: with dist/ stale, the
 * product's commands run through tsx (bin/tillbooks.mjs), and CPU figures would be tsx's
 * loading, not the product's (a 2,000-ticket sync measured 3.1 ms of CPU a ticket that way,
 * 2.1 built).
 */
export function ensureFreshBuild(): void {
  if (distIsFresh()) return;
  console.error('dist/ is older than the sources: building it first (node scripts/build.mjs)');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

/**
 * How to run a benchmark script in a child: its compiled JavaScript in dist/ when that is
 * fresh (what `npm start` runs: bin/tillbooks.mjs makes the same choice), else through tsx.
 */
export function tsxArgs(script: string, args: readonly string[]): string[] {
  if (distIsFresh()) return [...NODE_FLAGS, path.join(ROOT, 'dist', script.replace(/\.ts$/, '.js')), ...args];
  return [...NODE_FLAGS, '--import', 'tsx', path.join(ROOT, script), ...args];
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Echo the child's output lines to ours (default true). */
  echo?: boolean;
  /** Prefix of echoed lines. */
  label?: string;
  /** The child prints a `@@bench` result line (default true); a plain command does not. */
  expectResult?: boolean;
}

function spawnNode(args: readonly string[], o: SpawnOptions): ChildProcess {
  return spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function forwardLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    const lines = rest.split('\n');
    rest = lines.pop()!;
    for (const l of lines) onLine(l);
  });
  stream.on('end', () => { if (rest) onLine(rest); });
}

/** Runs a child to the end; rejects when it exits non-zero or prints no result line. */
export function runChild<T>(args: readonly string[], o: SpawnOptions = {}): Promise<ChildRun<T>> {
  const started = performance.now();
  const child = spawnNode(args, o);
  const out: string[] = [];
  const errors: string[] = [];
  let result: T | undefined;
  const echo = (line: string) => {
    if (o.echo !== false) console.log(`${o.label ? `  [${o.label}] ` : '  '}${line}`);
  };
  forwardLines(child.stdout!, (line) => {
    if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
    else {
      out.push(line);
      echo(line);
    }
  });
  forwardLines(child.stderr!, (line) => {
    errors.push(line);
    echo(line);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}:\n${[...out, ...errors].slice(-20).join('\n')}`));
      if (result === undefined && o.expectResult !== false) return reject(new Error(`${args.join(' ')} printed no result`));
      resolve({ result: result as T, wallMs: performance.now() - started, stdout: out.join('\n') });
    });
  });
}

/** What the usage preload wrote. */
export async function readUsage(file: string): Promise<ChildUsage> {
  return JSON.parse(await readFile(file, 'utf8')) as ChildUsage;
}

/** Prints a scenario's result for the parent (the last thing a scenario child does). */
export function report(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** This process's CPU time since `since` (process.cpuUsage), in ms. */
export function cpuMsSince(since: NodeJS.CpuUsage): { userMs: number; systemMs: number; totalMs: number } {
  const d = process.cpuUsage(since);
  return { userMs: d.user / 1000, systemMs: d.system / 1000, totalMs: (d.user + d.system) / 1000 };
}

/** Peak resident set of this process so far, MB (resourceUsage().maxRSS is in KB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function rssMb(): number {
  return process.memoryUsage.rss() / (1024 * 1024);
}
