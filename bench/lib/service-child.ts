/**
 * A long-running child (the simulator, the product serving the intake API): it prints a
 * `@@bench` line once ready, and another with its own CPU time and peak RSS when it stops on
 * SIGTERM. Its other output goes to our stderr.
 */
import { spawn } from 'node:child_process';
import { RESULT_PREFIX, ROOT, tsxArgs } from './children.js';

export interface ServiceChild<R> {
  ready: R;
  /** SIGTERM, then the child's closing report. */
  stop(): Promise<{ cpuMs: number; maxRssMb: number }>;
}

export async function startServiceChild<R>(script: string, args: readonly string[], env: Record<string, string> = {}): Promise<ServiceChild<R>> {
  const child = spawn(process.execPath, tsxArgs(script, args), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: unknown[] = [];
  const waiting: ((v: unknown) => void)[] = [];
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    rest += chunk;
    const parts = rest.split('\n');
    rest = parts.pop()!;
    for (const line of parts) {
      if (!line.startsWith(RESULT_PREFIX)) {
        process.stderr.write(`  ${line}\n`);
        continue;
      }
      const value = JSON.parse(line.slice(RESULT_PREFIX.length)) as unknown;
      const w = waiting.shift();
      if (w) w(value);
      else lines.push(value);
    }
  });
  let exited: number | null = null;
  const next = () => new Promise<unknown>((resolve, reject) => {
    if (lines.length > 0) return resolve(lines.shift());
    if (exited !== null) return reject(new Error(`${script} exited (${exited})`));
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  child.once('exit', (code) => { exited = code ?? -1; });
  const ready = (await next()) as R;
  return {
    ready,
    async stop() {
      const closing = next();
      child.kill('SIGTERM');
      return (await closing) as { cpuMs: number; maxRssMb: number };
    },
  };
}

/** For the child: report once ready, then on SIGTERM run `close` and report usage. */
export function serveUntilStopped(close: () => Promise<void>, cpuStart: NodeJS.CpuUsage, report: (v: unknown) => void): void {
  process.once('SIGTERM', () => {
    void close().then(() => {
      const d = process.cpuUsage(cpuStart);
      report({ cpuMs: (d.user + d.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 });
      process.exit(0);
    }, (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  });
}
