/**
 * `npm run bench:summary` (issue 14): summary mode against line-by-line on the same tickets —
 * 100,000 tickets over 30 days × 3 stores — each mode in a product process of its own against
 * a simulator process of its own (QuickBooks' limits on, batch items metered strictly). Per
 * mode: the clean run, a rerun with nothing to do, a day rewritten after an edit; QuickBooks
 * requests, metered reads and writes, per store-day; wall time, CPU, peak RSS. Writes the
 * "summary" section of BENCHMARKS.md (its own block; the rest of the file is left alone).
 *
 *   npm run bench:summary                                   # summary 100,000; line-by-line on the first 20,000
 *   npm run bench:summary -- --line-tickets 100000          # line-by-line on all of them (limit-bound: long)
 *   npm run bench:summary -- --tickets 5000 --no-write      # try it
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { ROOT, runChild, tsxArgs } from './lib/children.js';
import { replaceSection } from './lib/sections.js';
import { startSimulatorProcess } from './lib/simulator-process.js';
import { SUMMARY_SECTION } from './lib/summary-section.js';
import type { IntakeResult, MeasuredRun, RunsResult, Traffic } from './scenarios/summary-run.js';

type SummaryRunResult = IntakeResult & RunsResult;

const o = new Command('bench-summary')
  .option('--tickets <n>', 'tickets of the dataset (30 days × 3 stores)', '100000')
  .option('--line-tickets <n>', 'line-by-line on the first n of them (the same tickets, in sending order)', '20000')
  .option('--time-scale <n>', 'QuickBooks minutes per real minute, summary run', '60')
  .option('--line-time-scale <n>', 'QuickBooks minutes per real minute, line-by-line run (its runs are bound by the 500 a minute)', '60')
  .option('--reuse <mode>', 'take these modes\' figures (summary,line-by-line) from their last run (bench/out/summary-<mode>.json) instead of measuring again')
  .option('--no-write', 'print only; do not update BENCHMARKS.md')
  .parse(process.argv).opts<{ tickets: string; lineTickets: string; timeScale: string; lineTimeScale: string; reuse?: string; write: boolean }>();

interface Measured { result: SummaryRunResult; simulator: { cpuMs: number; maxRssMb: number }; timeScale: number }

/** Each mode's figures are kept as they come (a failure in the other mode does not lose them). */
async function measure(mode: 'summary' | 'line-by-line', tickets: number, timeScale: number): Promise<Measured> {
  const file = path.join(ROOT, 'bench/out', `summary-${mode}.json`);
  if (o.reuse?.split(',').includes(mode)) return JSON.parse(await readFile(file, 'utf8')) as Measured;
  const m = await measureMode(mode, tickets, timeScale);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(m));
  return m;
}

async function measureMode(mode: 'summary' | 'line-by-line', tickets: number, timeScale: number): Promise<Measured> {
  console.log(`\n== ${mode}: ${tickets.toLocaleString('en-US')} tickets, time scale ${timeScale}`);
  const dir = await mkdtemp(path.join(tmpdir(), 'tillbooks-summary-'));
  const sim = await startSimulatorProcess({ timeScale, meterBatchItems: true });
  try {
    const common = ['--data-dir', dir, '--simulator', sim.url, '--mode', mode, '--tickets', String(tickets), '--dataset', o.tickets, '--time-scale', String(timeScale)];
    const intake = (await runChild<IntakeResult>(tsxArgs('bench/scenarios/summary-run.ts', ['--phase', 'intake', ...common]), { label: `${mode} intake` })).result;
    const runs = (await runChild<RunsResult>(tsxArgs('bench/scenarios/summary-run.ts', [
      '--phase', 'runs', ...common, '--edit-id', intake.editId, '--edit-raw', intake.editRaw,
    ]), { label: mode })).result;
    return { result: { ...intake, ...runs }, simulator: await sim.stop(), timeScale };
  } catch (err) {
    await sim.stop().catch(() => undefined);
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const n = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const s = (ms: number) => n(ms / 1000, 1);

function trafficRow(label: string, m: Measured, t: Traffic, run: MeasuredRun | null): string {
  const days = m.result.storeDays;
  const perDay = (v: number) => n(v / days, 3);
  return `| ${m.result.mode} | ${label} | ${n(m.result.tickets)} | ${n(days)} | ${n(t.requests)} | ${n(t.batchRequests)} | ${n(t.reads)} | ${n(t.writes)} | `
    + `${perDay(t.requests)} | ${perDay(t.reads)} | ${perDay(t.writes)} | ${t.throttled} | ${run ? s(run.wallMs) : '–'} | ${run ? s(run.cpuMs) : '–'} |`;
}

function render(summary: Measured, line: Measured, minutes: number): string {
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const sm = summary.result;
  const first = (r: MeasuredRun) => r.summaries.map((x) => `${x.status} (${x.httpRequests} requests)`).join(', ');
  const rows = [summary, line].flatMap((m) => [
    trafficRow('Initialize', m, m.result.initialize, null),
    trafficRow('clean run', m, m.result.clean.traffic, m.result.clean),
    trafficRow('rerun, nothing to do', m, m.result.rerun.traffic, m.result.rerun),
    trafficRow(`after an edit (ticket ${m.result.edit.ticket} voided)`, m, m.result.edit.traffic, m.result.edit),
  ]);
  const docs = sm.clean.traffic.writes;
  const setupRequests = sm.clean.traffic.requests - sm.clean.traffic.batchRequests;
  return [
    '## Summary mode against line-by-line (issue 14)',
    '',
    `Measured by \`npm run bench:summary\` (\`bench/summary.ts\`) on ${new Date().toISOString().slice(0, 10)} (commit \`${commit}\`, ${n(minutes, 1)} minutes). `
    + `${n(sm.tickets)} tickets of the demo generator over 30 days × 3 stores (Denver, New York, Los Angeles; unit costs on product lines, so each day has a COGS entry) `
    + `and ${n(sm.drawerOperations)} paid-outs (one per store-day: a drawer entry), stored through the intake, then a new simulated company: connect, Initialize, `
    + 'one "Sync now" run, a rerun, and a run after one ticket was voided (its next version) on a posted day. Per mode, one process takes the tickets in, then a fresh '
    + 'product process (embedded PGlite on disk) connects, initializes and runs: its CPU and peak RSS are the runs\' own, '
    + `against a simulator process of its own, QuickBooks' limits on and batch items metered strictly. Line-by-line runs on the first ${n(line.result.tickets)} of the same tickets `
    + `(in sending order: its first ${n(line.result.storeDays)} store-days): at 100,000 it is bound by the 500 requests a minute `
    + '(about 430 QuickBooks-minutes, see "Sync runs"), and the figures per store-day are what compare. '
    + `Time scale ${summary.timeScale} (summary) and ${line.timeScale} (line-by-line): wall seconds are real ones. `
    + 'Reads: metered (CorePlus) reads, i.e. queries, GETs and query items of batches. Writes: documents created, updated or deleted (batch items and plain writes).',
    '',
    ...(o.reuse ? [`The ${o.reuse} figures are those of the mode's previous measurement (\`--reuse\`: its code did not change since).`, ''] : []),
    `Machine: ${cpus().length} cores shared with other work, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} at the end.`,
    '',
    '| mode | run | tickets | store-days | requests | batches | reads | writes | requests/store-day | reads/store-day | writes/store-day | 429s | wall s | CPU s |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    '| mode | RSS before the runs MB | peak RSS of the runs\' process MB | intake wall s (its own process) | simulator CPU s | simulator peak RSS MB | clean run |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...[summary, line].map((m) => `| ${m.result.mode} | ${n(m.result.rssBeforeRunMb)} | ${n(m.result.peakRssMb)} | ${s(m.result.intakeWallMs)} | ${s(m.simulator.cpuMs)} | `
      + `${n(m.simulator.maxRssMb)} | ${first(m.result.clean)} |`),
    '',
    'Against the issue\'s targets (summary mode):',
    '',
    `- clean run: ${n(sm.clean.traffic.requests)} requests, ${n(sm.clean.traffic.batchRequests)} of them batches, carry the ${n(sm.storeDays)} store-days' `
    + `${n(docs)} documents (⌈${n(docs)} / 30⌉ = ${n(Math.ceil(docs / 30))}): ${n(sm.clean.traffic.requests / sm.storeDays * 10, 2)} requests per 10 store-days `
    + `(target ≤ 1; a store-day has up to 3 documents, a batch 30 items) and ${n(sm.clean.traffic.reads)} reads (target: none beyond Initialize's look-ups). `
    + (setupRequests > 0
      ? `${n(setupRequests)} of the requests set up records the days name that Initialize had not met (summary-rules §5, "set up by that day's run").`
      : 'Initialize set up what the waiting days name (an item per category, a "PMT" item and clearing account per tender, an item per tax): '
        + `its ${n(sm.initialize.requests)} requests (${n(sm.initialize.reads)} reads) are in the Initialize row.`),
    `- rerun with nothing to do: ${n(sm.rerun.traffic.requests)} requests (target 0).`,
    `- a day rewritten after an edit: ${n(sm.edit.traffic.reads)} reads and ${n(sm.edit.traffic.writes)} writes in ${n(sm.edit.traffic.requests)} request(s) `
    + '(the receipt and the COGS entry updated in place with the SyncToken the facts hold; the drawer entry unchanged; target ≤ 1 read and 1 write per document).',
  ].join('\n');
}

const started = Date.now();
const summary = await measure('summary', Number(o.tickets), Number(o.timeScale));
const line = await measure('line-by-line', Math.min(Number(o.lineTickets), Number(o.tickets)), Number(o.lineTimeScale));
const report = render(summary, line, (Date.now() - started) / 60_000);
console.log(`\n${report}`);
if (o.write) {
  const target = path.join(ROOT, 'BENCHMARKS.md');
  await writeFile(target, replaceSection(await readFile(target, 'utf8'), SUMMARY_SECTION, report));
  console.log(`wrote the "${SUMMARY_SECTION}" section of ${target}`);
}
