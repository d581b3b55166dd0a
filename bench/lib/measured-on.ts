/** What the CPU benchmarks' sections say about when and where they measured, and their number formats. */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { ROOT } from './children.js';
import { replaceSection } from './sections.js';

export const fmt = (v: number, d = 2) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Starts the clock and the load reading of a measurement; `measuredBy` and `machine` report them at its end. */
export function startMeasuring(script: string) {
  const started = Date.now();
  const loadStart = loadavg();
  const commit = () => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  return {
    /** "Measured by `bench/x.ts` on DATE (commit `abc`, N minutes)". */
    measuredBy: () => `Measured by \`${script}\` on ${new Date().toISOString().slice(0, 10)} (commit \`${commit()}\`, ${fmt((Date.now() - started) / 60_000, 1)} minutes)`,
    machine: () => `Machine: ${cpus().length} cores, Node ${process.version}, load average ${loadStart.map((l) => l.toFixed(2)).join(' / ')} at the start and `
      + `${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the end.`,
  };
}

/** Prints a section's report and, when asked, writes it into BENCHMARKS.md in place of its last one. */
export async function publishSection(name: string, report: string, write: boolean): Promise<void> {
  console.log(`\n${report}`);
  if (!write) return;
  const target = path.join(ROOT, 'BENCHMARKS.md');
  await writeFile(target, replaceSection(await readFile(target, 'utf8'), name, report));
  console.log(`wrote the "${name}" section of ${target}`);
}
