/**
 * CPU a ticket of the embedded sync (issue 17 asks ≤ 0.7 ms): the product's own path
 * (scenarios/sync-run.ts: `tillbooks import`, connect, Initialize, one run in a process of its
 * own, as `tillbooks sync` runs it) against a simulator process, under three conditions: paced
 * by QuickBooks' limits under each reading (200 ms + 15 ms per batch item of latency, time
 * scale 5), and at the simulator's own speed; then the whole `tillbooks sync --now` command,
 * process start to exit, paced under each reading. Each condition runs `--rounds` times,
 * alternated, because this machine's noise between runs is about a tenth. Writes its section of
 * BENCHMARKS.md.
 *
 *   node --import tsx bench/sync-cpu.ts                  # 2,000 tickets, 2 rounds (about 10 minutes)
 *   node --import tsx bench/sync-cpu.ts --tickets 500 --rounds 1 --no-write
 *   node --import tsx bench/sync-cpu.ts --only lenient --rounds 1 --no-write   # one condition (A/B of two builds, alternated)
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { ensureFreshBuild, ROOT } from './lib/children.js';
import { freshDataset } from './lib/dataset.js';
import { importDataset } from './lib/import-cli.js';
import { fmt, median, publishSection, startMeasuring } from './lib/measured-on.js';
import { runEngine } from './lib/sync-bench.js';
import type { Network } from './lib/sync-bench.js';
import { runSyncCommand } from './lib/sync-command.js';
import { SYNC_CPU_SECTION } from './lib/sync-cpu-section.js';

const o = new Command('sync-cpu')
  .option('--tickets <n>', 'distinct tickets of the dataset', '2000')
  .option('--rounds <n>', 'runs of each condition', '2')
  .option('--no-write', 'print only; do not update BENCHMARKS.md')
  .option('--only <condition>', 'one condition: strict, lenient, sim, command or command-lenient')
  .parse(process.argv).opts<{ tickets: string; rounds: string; write: boolean; only?: string }>();
ensureFreshBuild();

/** `command`: the whole `tillbooks sync --now` process, start to exit, instead of the run alone. */
interface Condition { key: string; name: string; reading: 'strict' | 'lenient'; network: Network; command?: true }
const paced = (reading: 'strict' | 'lenient'): Network => ({ latencyClockMs: 200, perItemClockMs: 15, timeScale: 5, meterBatchItems: reading === 'strict' });
const ALL_CONDITIONS: Condition[] = [
  { key: 'strict', name: 'paced, strict reading', reading: 'strict', network: paced('strict') },
  { key: 'lenient', name: 'paced, lenient reading', reading: 'lenient', network: paced('lenient') },
  { key: 'sim', name: 'simulator speed (time scale 60, no latency), strict', reading: 'strict', network: { latencyClockMs: 0, timeScale: 60, meterBatchItems: true } },
  { key: 'command', name: 'whole `tillbooks sync` process, paced, strict', reading: 'strict', network: paced('strict'), command: true },
  { key: 'command-lenient', name: 'whole `tillbooks sync` process, paced, lenient', reading: 'lenient', network: paced('lenient'), command: true },
];
const CONDITIONS = ALL_CONDITIONS.filter((c) => !o.only || c.key === o.only);
if (CONDITIONS.length === 0) throw new Error(`--only ${o.only}: give strict, lenient, sim, command or command-lenient`);
// A section of BENCHMARKS.md holds every condition.
if (o.only && o.write) throw new Error('--only measures one condition: add --no-write');

const work = path.join(ROOT, 'bench/out/work-sync-cpu');
interface Measured { cpuMsPerTicket: number; clockMin: number; requests: number }

async function measureRun(c: Condition, dir: string): Promise<Measured> {
  const run = (await runEngine(c.name, dir, c.network, undefined, c.reading)).result;
  return { cpuMsPerTicket: run.cpuMs.totalMs / stats.tickets, clockMin: run.runClockMs / 60_000, requests: run.counters.requests };
}

async function measureCommand(c: Condition, dir: string): Promise<Measured> {
  const run = await runSyncCommand(c.name, dir, c.network, c.reading);
  const requests = Number(/(\d+) QuickBooks requests/.exec(run.summary)?.[1] ?? NaN);
  return { cpuMsPerTicket: (run.usage.cpuUserMs + run.usage.cpuSystemMs) / stats.tickets, clockMin: (run.wallMs * c.network.timeScale) / 60_000, requests };
}

const { file, stats } = await freshDataset(work, Number(o.tickets));
const measuring = startMeasuring('bench/sync-cpu.ts');
const runs = new Map<string, Measured[]>();
for (let round = 1; round <= Number(o.rounds); round++) {
  for (const c of CONDITIONS) {
    console.log(`\n== round ${round}: ${c.name}`);
    const dir = path.join(work, 'data');
    await rm(dir, { recursive: true, force: true });
    await importDataset(dir, file, stats.lines);
    const list = runs.get(c.name) ?? [];
    list.push(c.command ? await measureCommand(c, dir) : await measureRun(c, dir));
    runs.set(c.name, list);
  }
}
const rows = CONDITIONS.map((c) => {
  const r = runs.get(c.name)!;
  return `| ${c.name} | ${stats.tickets.toLocaleString('en-US')} | ${r.map((x) => fmt(x.cpuMsPerTicket)).join(' / ')} | ${fmt(median(r.map((x) => x.cpuMsPerTicket)))} | `
    + `${fmt(median(r.map((x) => x.clockMin)), 1)} | ${fmt(median(r.map((x) => x.requests)), 0)} |`;
});
const report = [
  '## CPU of the embedded sync',
  '',
  `${measuring.measuredBy()}: `
  + `${stats.tickets.toLocaleString('en-US')} tickets through the product's own path (\`tillbooks import\`, connect, Initialize, one run in a process of its own, `
  + 'as `tillbooks sync` runs it: embedded PGlite on disk, JavaScript without TurboFan, WebAssembly on the baseline compiler) against a simulator process. '
  + 'CPU ms/ticket: the syncing process\'s CPU time (user + system, every thread) during the run over its tickets (the issue asks ≤ 0.7). '
  + '"Paced": 200 ms + 15 ms per batch item of latency at time scale 5, so the run waits on QuickBooks\' limits as a real one does and works in bursts. '
  + 'The last two rows are the whole `tillbooks sync --now` command instead (`bench/lib/sync-command.ts`): its process\'s CPU from start to exit, loading the command, '
  + 'opening the store and closing it included, over a company connected and initialized by the CLI.',
  '',
  measuring.machine(),
  '',
  '| condition | tickets | CPU ms/ticket, each run | median | QB-minutes (median) | HTTP requests (median) |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
].join('\n');
await publishSection(SYNC_CPU_SECTION, report, o.write);
