/**
 * What the embedded sync's CPU is made of, against issue 17's ≤ 0.7 ms a ticket: the whole
 * `tillbooks sync --now` command (bench/lib/sync-command.ts, paced, strict reading) at two store
 * sizes, alternated, fitted to a line, so its cost splits into what every command pays (the
 * line's intercept) and what each ticket adds (its slope); then, on the data folder the last
 * command left, the embedded store's own statements for the same tickets with nothing else
 * around them (bench/scenarios/page-sql.ts), and the CPU of `tillbooks --help` (Node and the
 * command's modules). Writes its section of BENCHMARKS.md.
 *
 *   node --import tsx bench/cpu-floor.ts                          # 500 and 4,000 tickets, 2 rounds (about 12 minutes)
 *   node --import tsx bench/cpu-floor.ts --sizes 500,5000 --rounds 1 --no-write
 */
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { ensureFreshBuild, readUsage, ROOT, runChild, tsxArgs, USAGE_PRELOAD } from './lib/children.js';
import { freshDataset } from './lib/dataset.js';
import { cli, importDataset } from './lib/import-cli.js';
import { fmt, median, publishSection, startMeasuring } from './lib/measured-on.js';
import { runSyncCommand } from './lib/sync-command.js';
import type { Network } from './lib/sync-bench.js';
import { SQL_KINDS } from './lib/page-sql-result.js';
import type { PageSqlResult } from './lib/page-sql-result.js';

const o = new Command('cpu-floor')
  .option('--sizes <a,b>', 'two store sizes, tickets', '500,4000')
  .option('--rounds <n>', 'runs of each size', '2')
  .option('--no-write', 'print only; do not update BENCHMARKS.md')
  .parse(process.argv).opts<{ sizes: string; rounds: string; write: boolean }>();
const sizes = o.sizes.split(',').map(Number);
if (sizes.length !== 2 || !sizes.every((n) => Number.isInteger(n) && n > 0) || sizes[0] === sizes[1]) throw new Error(`--sizes ${o.sizes}: give two different ticket counts, a,b`);
ensureFreshBuild();

/** BENCHMARKS.md's section this script writes. */
const CPU_FLOOR_SECTION = 'cpu-floor';
const PACED: Network = { latencyClockMs: 200, perItemClockMs: 15, timeScale: 5, meterBatchItems: true };
const work = path.join(ROOT, 'bench/out/work-cpu-floor');
const measuring = startMeasuring('bench/cpu-floor.ts');

const datasets = [];
for (const n of sizes) datasets.push({ n, ...(await freshDataset(path.join(work, `set-${n}`), n)) });
/** Whole-command CPU ms per store size: each run's, and the tickets it settled. */
const command = new Map<number, { cpuMs: number; tickets: number }[]>();
const dir = path.join(work, 'data');
for (let round = 1; round <= Number(o.rounds); round++) {
  for (const d of datasets) {
    console.log(`\n== round ${round}: tillbooks sync --now, ${d.n} tickets`);
    await rm(dir, { recursive: true, force: true });
    await importDataset(dir, d.file, d.stats.lines);
    const run = await runSyncCommand(`${d.n} tickets`, dir, PACED, 'strict');
    command.set(d.n, [...(command.get(d.n) ?? []), { cpuMs: run.usage.cpuUserMs + run.usage.cpuSystemMs, tickets: d.stats.tickets }]);
  }
}

// The line through the two sizes' medians: CPU = fixed + perTicket × tickets.
const [a, b] = sizes.map((n) => ({ tickets: command.get(n)![0]!.tickets, cpuMs: median(command.get(n)!.map((r) => r.cpuMs)) }));
const perTicket = (b!.cpuMs - a!.cpuMs) / (b!.tickets - a!.tickets);
const fixedMs = a!.cpuMs - perTicket * a!.tickets;

// The store's own statements, on a copy of the folder the last command (of the second size) left.
const copy = path.join(work, 'page-sql');
await rm(copy, { recursive: true, force: true });
await cp(dir, copy, { recursive: true });
const store = (await runChild<PageSqlResult>(tsxArgs('bench/scenarios/page-sql.ts', ['--data-dir', copy]), { label: 'store alone' })).result;
const storePerTicket = Object.values(store.ms).reduce((s, v) => s + v, 0) / store.tickets;

const helpUsage = path.join(work, 'help-usage.json');
await runChild(cli(['--help'], USAGE_PRELOAD), { env: { BENCH_USAGE_FILE: helpUsage }, echo: false, expectResult: false });
const help = await readUsage(helpUsage);

const at = (n: number) => fixedMs / n + perTicket;
const report = [
  '## What the embedded sync\'s CPU is made of',
  '',
  `${measuring.measuredBy()}. `
  + `The whole \`tillbooks sync --now\` command (\`bench/lib/sync-command.ts\`: its process's CPU, user + system, start to exit; paced at time scale 5 with `
  + '200 ms + 15 ms per batch item, strict reading), at two store sizes, alternated, and the line through their medians: what every command pays, '
  + 'and what each ticket adds. Then the embedded store alone (`bench/scenarios/page-sql.ts`): the same tickets put back to pending in a copy of the data '
  + 'folder the last command left, and the statements a run makes for them made again page by page, with no QuickBooks and no mapping around them '
  + '(the claim includes reading each stored ticket back and checking it).',
  '',
  measuring.machine(),
  '',
  '| whole command | tickets | CPU s, each run | median |',
  '| --- | ---: | ---: | ---: |',
  ...sizes.map((n) => { const r = command.get(n)!; return `| paced, strict | ${r[0]!.tickets.toLocaleString('en-US')} | ${r.map((x) => fmt(x.cpuMs / 1000)).join(' / ')} | ${fmt(median(r.map((x) => x.cpuMs)) / 1000)} |`; }),
  '',
  `Fitted: **${fmt(fixedMs / 1000)} s a command + ${fmt(perTicket)} ms a ticket**, so ${fmt(at(2_000))} ms a ticket at 2,000, ${fmt(at(10_000))} at 10,000 and `
  + `${fmt(at(100_000))} at 100,000 (the issue asks ≤ 0.7). \`tillbooks --help\` (Node and the command's modules, no store): ${fmt((help.cpuUserMs + help.cpuSystemMs) / 1000)} s.`,
  '',
  `| the embedded store alone, ${store.tickets.toLocaleString('en-US')} tickets, ${store.writes.toLocaleString('en-US')} writes | CPU ms | µs a ticket |`,
  '| --- | ---: | ---: |',
  `| opening the store (PGlite's start, the migration check) | ${fmt(store.openMs, 0)} | |`,
  ...SQL_KINDS.map((k) => `| ${k} | ${fmt(store.ms[k], 0)} | ${fmt((store.ms[k] / store.tickets) * 1000, 0)} |`),
  `| closing it | ${fmt(store.closeMs, 0)} | |`,
  `| **the statements, together** | ${fmt(storePerTicket * store.tickets, 0)} | **${fmt(storePerTicket * 1000, 0)}** |`,
].join('\n');
await publishSection(CPU_FLOOR_SECTION, report, o.write);
