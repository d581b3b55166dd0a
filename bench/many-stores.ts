/**
 * Server mode with several workers (issue 8): N `tillbooks worker` processes on one PostgreSQL
 * server post 500 companies × 100 tickets against the time-scaled simulator (its limits on),
 * for N = 1, 2, 4. Prints a Markdown table: total time, CPU per worker, the simulator's CPU,
 * how busy the machine was, and the speed-up over one worker.
 *
 * Two series: CPU-bound (time scale 60, QuickBooks answering at once) and network-bound (real
 * time, 100 ms added to every request). Writes its section of BENCHMARKS.md (about 12 minutes).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/many-stores.ts
 *   ... --companies 100 --workers 1,2 --time-scale 60 --no-write     (smaller, to try things)
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cpus, loadavg } from 'node:os';
import { Command } from 'commander';
import pg from 'pg';
import { approveConsent } from '../src/cli/consent-client.js';
import { generateDemoTickets } from '../src/demo/generate-tickets.js';
import { takeTickets } from '../src/intake/take-tickets.js';
import { installJobQueue } from '../src/jobs/index.js';
import { systemClock } from '../src/lib/clock.js';
import { silentLogger } from '../src/lib/logger.js';
import { makeLimiterRegistry, makeQboProvider } from '../src/qbo/index.js';
import { OAUTH_PATHS } from '../src/sandbox/index.js';
import { openStore } from '../src/store/index.js';
import type { Database } from '../src/store/index.js';
import { upsertLocation } from '../src/store/locations.js';
import { ensureTenant } from '../src/store/tenants.js';
import { makeTokenCipher } from '../src/store/token-crypto.js';
import type { SyncDeps } from '../src/sync/deps.js';
import { makeSyncService } from '../src/sync/service/service.js';
import { NODE_FLAGS } from '../scripts/sources.mjs';
import { ROOT } from './lib/children.js';
import { MANY_STORES_SECTION } from './lib/many-stores-section.js';
import { replaceSection } from './lib/sections.js';
import { fetchCounters, startSimulatorProcess } from './lib/simulator-process.js';

const o = new Command('many-stores')
  .option('--companies <n>', 'QuickBooks companies, one store each', '500')
  .option('--tickets <n>', 'tickets per company (two business days)', '100')
  .option('--workers <list>', 'worker counts to measure', '1,2,4')
  .option('--time-scale <n>', 'one series at this time scale (QuickBooks minutes per real minute) instead of the two standard ones')
  .option('--concurrency <n>', 'runs per worker process at once (TILLBOOKS_WORKER_CONCURRENCY)', '10')
  .option('--latency <ms>', 'one series with this many real milliseconds added to each request (a network round trip)')
  .option('--no-write', 'print only; do not update BENCHMARKS.md')
  .parse(process.argv)
    .opts<{ companies: string; tickets: string; workers: string; timeScale?: string; concurrency: string; latency?: string; write: boolean }>();

interface Series { label: string; timeScale: number; latencyMs: number }
const custom = o.timeScale !== undefined || o.latency !== undefined;
const SERIES: Series[] = custom ? [{ label: 'as asked', timeScale: Number(o.timeScale ?? 60), latencyMs: Number(o.latency ?? 0) }] : [
  { label: 'CPU-bound: time scale 60, no added latency', timeScale: 60, latencyMs: 0 },
  { label: 'Network-bound: real time, 100 ms added to every request', timeScale: 1, latencyMs: 100 },
];
const COMPANIES = Number(o.companies);
const TICKETS = Number(o.tickets);
const URL_ = process.env.DATABASE_URL;
if (!URL_) throw new Error('DATABASE_URL: a PostgreSQL server is needed (server mode)');
const TENANT = 'bench';
const DAYS = ['2026-11-20', '2026-11-21'];

interface Row {
  workers: number;
  tickets: number;
  setupS: number;
  wallS: number;
  workerCpuS: number[];
  workerRssMb: number[];
  simulatorCpuS: number;
  postgresCpuS: number;
  machineBusyPct: number;
  throttled: number;
  maxInFlight: number;
  maxPerMinute: number;
}

/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMbOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

/** CPU seconds of the PostgreSQL server's processes alive now (this machine's server). */
function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Busy and total jiffies of the whole machine. */
function machineJiffies(): { busy: number; total: number } {
  const parts = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (parts[3] ?? 0) + (parts[4] ?? 0);
  const total = parts.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function measure(workerCount: number, series: Series): Promise<Row> {
  const { timeScale: TIME_SCALE, latencyMs: LATENCY_MS } = series;
  const schema = `bench_ms_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const key = randomBytes(32);
  const sim = await startSimulatorProcess({ timeScale: TIME_SCALE, meterBatchItems: true });
  const database = await openStore({ databaseUrl: URL_!, schema, poolSize: 10 });
  const children: ChildProcess[] = [];
  try {
    await installJobQueue(database, silentLogger);
    const deps: SyncDeps = {
      database, cipher: makeTokenCipher(key), clock: systemClock, logger: silentLogger, limiters: makeLimiterRegistry(),
      provider: makeQboProvider('simulator', { apiBase: sim.url, authorize: sim.url + OAUTH_PATHS.authorize, token: sim.url + OAUTH_PATHS.token, revoke: sim.url + OAUTH_PATHS.revoke }),
      app: { clientId: 'tillbooks-simulator', clientSecret: 'tillbooks-simulator-secret', redirectUri: 'http://localhost:9/cb' },
    };
    const setupStart = performance.now();
    const { realms, locations } = await setUp(deps, database);
    if (LATENCY_MS > 0) {
      for (const realm of realms) {
        const res = await fetch(`${sim.url}/__sim/companies/${realm}/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs: LATENCY_MS }) });
        if (!res.ok) throw new Error(`setting latency: ${res.status}`);
      }
    }
    const setupS = (performance.now() - setupStart) / 1000;

    const env = {
      ...process.env, DATABASE_URL: URL_!, DATABASE_SCHEMA: schema, TILLBOOKS_SECRET_KEY: key.toString('hex'),
      QBO_ENVIRONMENT: 'simulator', QBO_SIMULATOR_URL: sim.url, SIMULATOR_TIME_SCALE: String(TIME_SCALE),
      TILLBOOKS_WORKER_CONCURRENCY: o.concurrency, LOG_LEVEL: 'warn',
    };
    await Promise.all(Array.from({ length: workerCount }, () => new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [...NODE_FLAGS, 'bin/tillbooks.mjs', 'worker'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(child);
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('executing runs')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready`)));
    })));

    const sync = makeSyncService(deps);
    // CPU from here on: the workers' start (loading the code) is not the work.
    const cpuBefore = children.map((c) => cpuSecondsOf(c.pid!));
    const before = machineJiffies();
    const pgBefore = postgresCpuSeconds();
    const started = performance.now();
    for (const id of locations) await sync.syncNow(TENANT, { locationId: id });
    for (;;) {
      const open = await database.db.selectFrom('sync_runs').select('id').where('status', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
      if (!open) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const wallS = (performance.now() - started) / 1000;
    const after = machineJiffies();
    const postgresCpuS = postgresCpuSeconds() - pgBefore;
    const workerCpuS = children.map((c, k) => cpuSecondsOf(c.pid!) - cpuBefore[k]!);
    const workerRssMb = children.map((c) => peakRssMbOf(c.pid!));
    await Promise.all(children.map((c) => new Promise((resolve) => {
      c.removeAllListeners('exit');
      c.once('exit', resolve);
      c.kill('SIGTERM');
    })));
    children.length = 0;

    const states = await database.db.selectFrom('tickets').select(['sync_state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('sync_state').execute();
    const byState = Object.fromEntries(states.map((s) => [s.sync_state, Number(s.n)]));
    if (byState.pending || byState.posting || byState.skipped) throw new Error(`not all posted: ${JSON.stringify(byState)}`);
    const counters = await Promise.all(realms.map((r) => fetchCounters(sim.url, r)));
    const simUsage = await sim.stop();
    return {
      workers: workerCount, tickets: (byState.posted ?? 0) + (byState.void ?? 0), setupS, wallS, workerCpuS, workerRssMb,
      simulatorCpuS: simUsage.cpuMs / 1000, postgresCpuS,
      machineBusyPct: (100 * (after.busy - before.busy)) / Math.max(1, after.total - before.total),
      throttled: counters.reduce((a, c) => a + c.throttled, 0),
      maxInFlight: Math.max(...counters.map((c) => c.maxConcurrency)),
      maxPerMinute: Math.max(...counters.map((c) => c.maxPerMinute)),
    };
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await database.close();
    const client = new pg.Client({ connectionString: URL_ });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_jobs CASCADE`);
    await client.end();
  }
}

/** 500 stores, each its own company connected through the consent page and Initialized; their tickets stored. */
async function setUp(deps: SyncDeps, database: Database): Promise<{ realms: string[]; locations: string[] }> {
  const sync = makeSyncService(deps);
  await ensureTenant(database.db, { id: TENANT, name: 'Bench franchise' });
  const realms: string[] = [];
  const locations = Array.from({ length: COMPANIES }, (_, n) => `store-${n}`);
  for (let i = 0; i < COMPANIES; i += 25) {
    realms.push(...await Promise.all(locations.slice(i, i + 25).map(async (id, j) => {
      const timeZone = (i + j) % 2 ? 'America/New_York' : 'America/Denver';
      await upsertLocation(database.db, TENANT, { id, name: id, timeZone, enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
      const { url, binding } = await sync.startConnect(TENANT, { locationId: id });
      const { connection } = await sync.completeConnect(await approveConsent(url, { newCompany: `Store ${i + j}` }), { tenantId: TENANT, binding });
      await sync.initialize(TENANT, connection.id);
      return connection.realmId;
    })));
  }
  const tickets = generateDemoTickets({ seed: 9, locations: locations.map((id, n) => ({ id, timeZone: n % 2 ? 'America/New_York' : 'America/Denver' })), dates: DAYS, ticketsPerDay: TICKETS / DAYS.length });
  let batch: { raw: string; ref: number }[] = [];
  let ref = 0;
  for (const t of tickets) {
    batch.push({ raw: JSON.stringify(t), ref: ref++ });
    if (batch.length === 1000) {
      await takeTickets(database.db, TENANT, batch);
      batch = [];
    }
  }
  if (batch.length) await takeTickets(database.db, TENANT, batch);
  return { realms, locations };
}

const fmt = (v: number, d = 1) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const load = loadavg().map((l) => l.toFixed(2)).join(' / ');
const out: string[] = [];
const results: { series: Series; rows: Row[] }[] = [];
for (const series of SERIES) {
  const rows: Row[] = [];
  for (const n of o.workers.split(',').map(Number)) {
    process.stderr.write(`${series.label}, ${n} worker(s): setting up ${COMPANIES} companies...\n`);
    const row = await measure(n, series);
    rows.push(row);
    process.stderr.write(`${series.label}, ${n} worker(s): ${row.tickets} tickets in ${row.wallS.toFixed(1)} s\n`);
  }
  out.push(table(series, rows));
  results.push({ series, rows });
}
out.push(shape(results));
const report = [
  '## Many stores, workers',
  '',
  `Server mode (issue 8), measured by \`bench/many-stores.ts\` on ${new Date().toISOString().slice(0, 10)}: ${COMPANIES} stores, each its own QuickBooks company, `
  + `${TICKETS} tickets each (${(COMPANIES * TICKETS).toLocaleString('en-US')} in all), every store's "Sync now" queued at once, posted by 1, 2 and 4 \`tillbooks worker\` `
  + `processes (${o.concurrency} runs each at once) sharing this machine's PostgreSQL server. The simulator runs in a process of its own with QuickBooks' limits on.`,
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; load average at start ${load}, at end ${loadavg().map((l) => l.toFixed(2)).join(' / ')}.`
  + ' Workers, simulator and database share the same cores.',
  '',
  ...out,
].join('\n');
console.log(report);
if (o.write && !custom) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  await writeFile(file, replaceSection(await readFile(file, 'utf8'), MANY_STORES_SECTION, report));
  process.stderr.write(`wrote the "${MANY_STORES_SECTION}" section of ${file}\n`);
}

/** The reading of the tables: where each ticket's CPU goes, and so where more workers stop helping. */
function shape(all: { series: Series; rows: Row[] }[]): string {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const per = (r: Row) => ({ worker: (sum(r.workerCpuS) * 1000) / r.tickets, sim: (r.simulatorCpuS * 1000) / r.tickets,
    pg: (r.postgresCpuS * 1000) / r.tickets });
  const lines = ['### Scaling shape', ''];
  const base = all[0]?.rows.find((r) => r.workers === 1);
  if (base) {
    const p = per(base);
    const cores = cpus().length;
    lines.push(`Each ticket costs about ${fmt(p.worker, 2)} ms of worker CPU, ${fmt(p.sim, 2)} ms of simulator CPU and ${fmt(p.pg, 2)} ms of PostgreSQL CPU `
      + `(one worker, ${all[0]!.series.label.split(':')[0]!.toLowerCase()}). On this machine's ${cores} cores that caps everything at about `
      + `${fmt((cores * 1000) / (p.worker + p.sim + p.pg), 0)} tickets/s, however many workers run.`);
  }
  for (const { series, rows } of all) {
    const one = rows.find((r) => r.workers === 1) ?? rows[0]!;
    const rest = rows.filter((r) => r !== one).map((r) => `${r.workers} workers ${fmt(one.wallS / r.wallS, 2)}× (${fmt(r.machineBusyPct, 0)} % busy)`).join(', ');
    lines.push('', `- ${series.label.split(':')[0]}: one worker keeps the machine ${fmt(one.machineBusyPct, 0)} % busy; ${rest}.`
      + (one.machineBusyPct >= 90 ? ' The cores are already full with one worker, so more workers mostly compete for them (worker CPU per ticket grows with their number).'
        : ' One worker waits on QuickBooks (its runs at once are the limit); more workers add runs in flight until the cores are full.'));
  }
  const peaks = all.flatMap((a) => a.rows);
  lines.push('', `No company ever had more than ${Math.max(...peaks.map((r) => r.maxInFlight))} request in flight or ${Math.max(...peaks.map((r) => r.maxPerMinute))} in a minute `
    + `(limits: 10 and 500), and QuickBooks answered ${sum(peaks.map((r) => r.throttled))} 429s: a company's runs go one at a time through its queue, whichever worker takes them.`
    + ' In production the simulator\'s share is Intuit\'s and workers get machines of their own: throughput then grows with workers until PostgreSQL is the limit,'
    + ' while one company stays capped by its own QuickBooks limits (about 230 tickets a minute) whatever the number of workers.', '');
  return lines.join('\n');
}

function table(series: Series, rows: Row[]): string {
  const one = rows.find((r) => r.workers === 1) ?? rows[0]!;
  const lines = [
    `### ${series.label}`,
    '',
    `Time scale ${series.timeScale} (a QuickBooks minute lasts ${fmt(60 / series.timeScale, 2)} s)${series.latencyMs ? `; the simulator waits ${series.latencyMs} ms (real) before answering each request` : ''}.`,
    '',
    '| workers | tickets posted | total s | QB-minutes | tickets/s | speed-up | CPU s per worker | worker CPU ms/ticket | peak RSS MB per worker | simulator CPU s | PostgreSQL CPU s | machine busy | 429s | peak per company |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const cpu = r.workerCpuS.reduce((a, b) => a + b, 0);
    lines.push(`| ${r.workers} | ${r.tickets.toLocaleString('en-US')} | ${fmt(r.wallS)} | ${fmt((r.wallS * series.timeScale) / 60)} | ${fmt(r.tickets / r.wallS, 0)} | ${fmt(one.wallS / r.wallS, 2)}× | ${r.workerCpuS.map((c) => fmt(c)).join(' / ')} | ${fmt((cpu * 1000) / r.tickets, 2)} | ${r.workerRssMb.join(' / ')} | ${fmt(r.simulatorCpuS)} | ${fmt(r.postgresCpuS)} | ${fmt(r.machineBusyPct, 0)} % | ${r.throttled} | ${r.maxInFlight} in flight, ${r.maxPerMinute}/min |`);
  }
  lines.push('', `Set-up, not timed (connecting and Initializing ${COMPANIES} companies, storing the tickets): ${rows.map((r) => `${fmt(r.setupS, 0)} s`).join(', ')}.`, '');
  return lines.join('\n');
}
