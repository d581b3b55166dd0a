/**
 * `npm run bench`: the sync against QuickBooks' limits, time-scaled, and intake throughput;
 * prints the tables and writes BENCHMARKS.md (with `--small`, bench/out/BENCHMARKS.small.md).
 *
 *   npm run bench                         # 10,000 and 100,000 tickets (about half an hour)
 *   npm run bench -- --small              # 1,000 and 5,000 tickets, to try things (a few minutes)
 *   npm run bench -- --time-scale 30      # QuickBooks minutes last 2 s instead of 1 s
 *   DATABASE_URL=postgres://… npm run bench   # also every sync and intake on a PostgreSQL server
 *
 * Every measured part runs in a child process of its own (simulator, product, import CLI), so
 * CPU time and peak RSS are each process's own; see BENCHMARKS.md "Method".
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import pg from 'pg';
import { ROOT } from './lib/children.js';
import { operationsOf, writeDataset } from './lib/dataset.js';
import type { DatasetStats } from './lib/dataset.js';
import { baselineFigures, engineFigures } from './lib/figures.js';
import type { SyncFigures } from './lib/figures.js';
import { importDataset } from './lib/import-cli.js';
import { measureApiIntake } from './lib/intake-api.js';
import { renderMarkdown } from './lib/markdown.js';
import { allSections } from './lib/sections.js';
import type { ServerDatabase } from './lib/product.js';
import { sizeName, terminalSummary } from './lib/report.js';
import { machineNow } from './lib/results.js';
import type { BenchResults, IntakeRow } from './lib/results.js';
import { runBaseline, runEngine } from './lib/sync-bench.js';
import type { Network } from './lib/sync-bench.js';
import { runTicketsPage } from './lib/tickets-page.js';

interface Options { small: boolean; timeScale: number; latency: number; out: string; ticketsPage: boolean }

function options(argv: string[]): Options {
  const o = new Command('bench')
    .option('--small', '1,000 and 5,000 tickets instead of 10,000 and 100,000; writes bench/out/BENCHMARKS.small.md')
    .option('--time-scale <n>', 'QuickBooks minutes per real minute, shared by the simulator and the product', '60')
    .option('--latency <ms>', 'round trip added per request in the "network" rows, QuickBooks-clock ms', '250')
    .option('--no-tickets-page', 'skip the Tickets page measurement')
    .option('--out <file>', 'where to write the report (default BENCHMARKS.md, or bench/out/BENCHMARKS.small.md with --small)')
    .parse(argv).opts<{ small?: boolean; timeScale: string; latency: string; out?: string; ticketsPage: boolean }>();
  const small = o.small ?? false;
  return {
    small, timeScale: Number(o.timeScale), latency: Number(o.latency), ticketsPage: o.ticketsPage,
    out: o.out ?? path.join(ROOT, small ? 'bench/out/BENCHMARKS.small.md' : 'BENCHMARKS.md'),
  };
}

interface Backend { name: string; server?: ServerDatabase }

function backends(): Backend[] {
  const list: Backend[] = [{ name: 'PGlite (embedded)' }];
  const url = process.env.DATABASE_URL;
  if (url) {
    list.push({ name: 'PostgreSQL 15 server', server: { url, schema: `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`, secretKey: randomBytes(32).toString('base64') } });
  }
  return list;
}

async function dropSchema(s: ServerDatabase): Promise<void> {
  const client = new pg.Client({ connectionString: s.url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${s.schema} CASCADE; DROP SCHEMA IF EXISTS ${s.schema}_jobs CASCADE`);
  } finally {
    await client.end();
  }
}

const step = (text: string) => console.log(`\n== ${text}`);

async function intakeAndBigSync(b: Backend, big: { file: string; stats: DatasetStats }, work: string, n: Network, sync: SyncFigures[], intake: IntakeRow[]) {
  const bigName = sizeName(big.stats.tickets);
  step(`${b.name}: tillbooks import of ${big.stats.lines.toLocaleString('en-US')} tickets`);
  const bigDir = path.join(work, `${b.server ? 'pg' : 'pglite'}-${bigName}`);
  const imp = await importDataset(bigDir, big.file, big.stats.lines, b.server ? { ...b.server, schema: `${b.server.schema}_big` } : undefined);
  intake.push({ path: 'tillbooks import (NDJSON file)', backend: b.name, lines: imp.lines, seconds: imp.wallMs / 1000, perSecond: imp.linesPerSecond,
    peakRssMb: imp.usage.maxRssMb, cpuMs: imp.usage.cpuUserMs + imp.usage.cpuSystemMs, note: 'whole command, process start included' });
  step(`${b.name}: POST /api/v1/tickets, batches of 1,000`);
  const api = await measureApiIntake(path.join(work, `${b.server ? 'pg' : 'pglite'}-api`), big.file, b.server ? { ...b.server, schema: `${b.server.schema}_api` } : undefined);
  intake.push({ path: 'API: POST /api/v1/tickets ×1,000', backend: b.name, lines: api.lines, seconds: api.wallMs / 1000, perSecond: api.linesPerSecond,
    peakRssMb: api.server.maxRssMb, cpuMs: api.server.cpuMs, note: `server process; batch p50 ${api.batchP50Ms.toFixed(0)} ms, max ${api.batchMaxMs.toFixed(0)} ms` });
  step(`${b.name}: engine, ${bigName} tickets`);
  const run = await runEngine(`engine ${bigName}`, bigDir, n, b.server ? { ...b.server, schema: `${b.server.schema}_big` } : undefined);
  sync.push(engineFigures({ name: `engine ${bigName}`, backend: b.name, network: 'simulator speed', operations: operationsOf(big.stats) }, run));
}

async function main(): Promise<void> {
  const o = options(process.argv);
  const started = Date.now();
  const machine = machineNow();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const work = path.join(ROOT, 'bench/out/work');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const [smallN, bigN] = o.small ? [1_000, 5_000] : [10_000, 100_000];
  step(`datasets: ${smallN.toLocaleString('en-US')} and ${bigN.toLocaleString('en-US')} tickets`);
  const small = { file: path.join(work, `tickets-${sizeName(smallN)}.ndjson`), stats: await writeDataset(path.join(work, `tickets-${sizeName(smallN)}.ndjson`), smallN) };
  const big = { file: path.join(work, `tickets-${sizeName(bigN)}.ndjson`), stats: await writeDataset(path.join(work, `tickets-${sizeName(bigN)}.ndjson`), bigN) };
  const plain: Network = { latencyClockMs: 0, timeScale: o.timeScale };
  const slow: Network = { latencyClockMs: o.latency, timeScale: o.timeScale };
  const sync: SyncFigures[] = [];
  const intake: IntakeRow[] = [];
  const smallName = sizeName(smallN);
  const list = backends();
  try {
    for (const b of list) {
      const server = b.server ? { ...b.server, schema: `${b.server.schema}_small` } : undefined;
      const dir = path.join(work, `${b.server ? 'pg' : 'pglite'}-${smallName}`);
      step(`${b.name}: engine, ${smallName} tickets`);
      await importDataset(dir, small.file, small.stats.lines, server);
      const run = await runEngine(`engine ${smallName}`, dir, plain, server);
      sync.push(engineFigures({ name: `engine ${smallName}`, backend: b.name, network: 'simulator speed', operations: operationsOf(small.stats) }, run));
      if (!b.server) {
        step(`baseline, ${smallName} tickets`);
        const base = await runBaseline(`baseline ${smallName}`, small.file, plain);
        sync.push(baselineFigures({ name: `baseline ${smallName}`, backend: '–', network: 'simulator speed', operations: operationsOf(small.stats) }, base));
        await networkPair(dir, small, smallName, slow, sync);
      }
      await intakeAndBigSync(b, big, work, plain, sync, intake);
    }
  } finally {
    for (const b of list) if (b.server) for (const s of ['small', 'big', 'api']) await dropSchema({ ...b.server, schema: `${b.server.schema}_${s}` }).catch(() => undefined);
  }
  const ticketsPage = o.ticketsPage ? await runTicketsPage(bigN) : { ran: false, output: 'skipped (--no-tickets-page)' };
  machine.loadEnd = loadavg();
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(), finishedAt: new Date().toISOString(), minutes: (Date.now() - started) / 60_000,
    commit,
    command: `npm run bench${o.small ? ' -- --small' : ''}${o.timeScale !== 60 ? ` --time-scale ${o.timeScale}` : ''}`,
    small: o.small, timeScale: o.timeScale, latencyClockMs: o.latency, machine, datasets: { small: small.stats, big: big.stats }, sync, intake, ticketsPage,
  };
  await writeFile(path.join(ROOT, 'bench/out/results.json'), JSON.stringify(results, null, 2));
  // Sections other scripts own (bench/many-stores.ts, ideal.ts, summary.ts, cdc-reads.ts, sync-cpu.ts) are kept as they were.
  const kept = allSections(await readFile(o.out, 'utf8').catch(() => ''));
  await writeFile(o.out, [renderMarkdown(results).trimEnd(), ...kept].join('\n\n') + '\n');
  console.log(`\n${terminalSummary(results)}\n\nwrote ${path.relative(ROOT, o.out)} (${results.minutes.toFixed(1)} minutes)`);
}

/** The engine and the baseline again, with a network round trip on every request. */
async function networkPair(dir: string, small: { file: string; stats: DatasetStats }, name: string, n: Network, sync: SyncFigures[]) {
  const network = `+${n.latencyClockMs} ms per request`;
  step(`engine and baseline, ${name} tickets, ${network}`);
  await rm(dir, { recursive: true, force: true });
  await importDataset(dir, small.file, small.stats.lines);
  sync.push(engineFigures({ name: `engine ${name}`, backend: 'PGlite (embedded)', network, operations: operationsOf(small.stats) }, await runEngine(`engine ${name} +latency`, dir, n)));
  sync.push(baselineFigures({ name: `baseline ${name}`, backend: '–', network, operations: operationsOf(small.stats) }, await runBaseline(`baseline ${name} +latency`, small.file, n)));
}

await main();
