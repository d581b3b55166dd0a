/**
 * Summary mode against line-by-line (issue 14), one mode per process, measured inside the
 * product's own process: three stores over 30 days, the demo generator's tickets (unit costs
 * added to product lines, so each day has a COGS entry) and a paid-out per store-day (a drawer
 * entry), stored through the intake, a new simulated company connected through the consent
 * page, Initialize, then three runs: the clean run, a rerun with nothing to do, and a run
 * after one ticket was voided (a new version) on a posted day. Two processes over one data
 * folder (embedded PGlite on disk), as a POS feed and the service would be: the intake, then
 * the runs, so the runs' CPU and peak RSS are their own.
 *
 *   node --import tsx bench/scenarios/summary-run.ts --phase intake --data-dir D --simulator URL --mode summary|line-by-line --tickets 100000
 *   node --import tsx bench/scenarios/summary-run.ts --phase runs --data-dir D --simulator URL --mode … --edit-id ID --edit-raw JSON [--time-scale 60]
 *
 * Prints `@@bench <IntakeResult>` or `@@bench <RunsResult>`.
 */
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { formatCents, parseMoney } from '../../src/domain/money.js';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import type { DemoTicket } from '../../src/demo/generate-tickets.js';
import { takeDrawerOperations } from '../../src/intake/take-drawer-operations.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { upsertLocation } from '../../src/store/locations.js';
import { claimRun } from '../../src/store/runs.js';
import { executeRun } from '../../src/sync/engine/run.js';
import type { RunSummary } from '../../src/sync/engine/run.js';
import { cpuMsSince, peakRssMb, report, rssMb } from '../lib/children.js';
import { flags } from '../lib/flags.js';
import { fetchCounters } from '../lib/simulator-process.js';
import type { SimCounters } from '../lib/simulator-process.js';
import { TENANT, connectCompany, startProduct } from '../lib/product.js';
import type { Tillbooks } from '../../src/app/start.js';

export const SUMMARY_STORES = [
  { id: 'larimer-1', timeZone: 'America/Denver' },
  { id: 'smith-1', timeZone: 'America/New_York' },
  { id: 'valencia-1', timeZone: 'America/Los_Angeles' },
];
export const SUMMARY_DAYS = 30;

export interface Traffic {
  requests: number;
  batchRequests: number;
  /** Metered (CorePlus) reads: queries, GETs and each query item of a batch. */
  reads: number;
  /** Documents created, updated or deleted (batch items and plain writes). */
  writes: number;
  throttled: number;
}

export interface MeasuredRun {
  traffic: Traffic;
  wallMs: number;
  cpuMs: number;
  summaries: RunSummary[];
}

export interface IntakeResult {
  tickets: number;
  drawerOperations: number;
  intakeWallMs: number;
  /** The ticket voided after posting, and the version that voids it. */
  editId: string;
  editRaw: string;
}

export interface RunsResult {
  mode: string;
  storeDays: number;
  initialize: Traffic;
  clean: MeasuredRun;
  rerun: MeasuredRun;
  edit: MeasuredRun & { ticket: string };
  rssBeforeRunMb: number;
  peakRssMb: number;
}

const f = flags(process.argv.slice(2), {
  phase: 'runs', simulator: '', mode: 'summary', tickets: '100000', dataset: '100000', 'time-scale': '60', 'data-dir': '', 'edit-id': '-', 'edit-raw': '-',
});
const MODE = f.mode === 'line-by-line' ? 'line-by-line' : 'summary';
/** The dataset's size sets the tickets per store-day; `tickets` cuts it (the same first tickets, in sending order). */
const TICKETS = Number(f.tickets);
const DATASET = Math.max(TICKETS, Number(f.dataset));

/** The simulator's counters; once more after a socket error (a kept-alive connection the simulator closed while it idled through the intake). */
async function counters(url: string, realmId: string): Promise<SimCounters> {
  try {
    return await fetchCounters(url, realmId);
  } catch {
    await new Promise((r) => setTimeout(r, 200));
    return fetchCounters(url, realmId);
  }
}

const traffic = (a: SimCounters, b: SimCounters): Traffic => ({
  requests: b.requests - a.requests, batchRequests: b.batchRequests - a.batchRequests, reads: b.meteredReads - a.meteredReads,
  writes: b.writes - a.writes, throttled: b.throttled - a.throttled,
});

/** The 30 business dates, ending two days ago (every store's day is over, whatever its zone). */
function dates(): string[] {
  const end = DateTime.now().setZone('America/Los_Angeles').minus({ days: 2 }).startOf('day');
  return Array.from({ length: SUMMARY_DAYS }, (_, i) => end.minus({ days: SUMMARY_DAYS - 1 - i }).toISODate()!);
}

/** The generator's tickets with a unit cost on product lines (40 % of the price): COGS. */
function withCosts(t: DemoTicket): DemoTicket {
  const cost = (price: string) => {
    const p = parseMoney(price);
    return formatCents(p.ok ? Math.floor((Math.abs(p.value) * 2) / 5) : 0);
  };
  return { ...t, lines: t.lines.map((l) => (l.kind === 'product' ? { ...l, unitCost: cost(l.unitPrice) } : l)) };
}

/** Phase 1: the stores, their mode and what the POS sends, stored in the data folder; prints the intake's figures. */
async function intake(t: Tillbooks): Promise<IntakeResult> {
  const db = t.database.db;
  const days = dates();
  for (const s of SUMMARY_STORES) {
    await upsertLocation(db, TENANT, { id: s.id, name: s.id, timeZone: s.timeZone, enabled: true, syncTime: '00:00', syncTimeZone: s.timeZone, syncStartDate: null });
    if (MODE === 'summary') await t.sync.days.setMode(TENANT, s.id, { mode: 'summary', from: days[0]! });
  }
  const started = performance.now();
  const latest = new Map<string, DemoTicket>();
  let chunk: DemoTicket[] = [];
  const flush = async () => {
    await takeTickets(db, TENANT, chunk.map((x, ref) => ({ raw: JSON.stringify(x), ref })));
    chunk = [];
  };
  const perDay = Math.ceil(DATASET / (SUMMARY_STORES.length * SUMMARY_DAYS));
  for (const raw of generateDemoTickets({ seed: 14, locations: SUMMARY_STORES, dates: days, ticketsPerDay: perDay })) {
    // Ticket ids are the POS's own, unique within a location.
    const key = `${raw.locationId}/${raw.id}`;
    if (!latest.has(key) && latest.size === TICKETS) break;
    const x = withCosts(raw);
    latest.set(key, x);
    chunk.push(x);
    if (chunk.length === 2000) await flush();
  }
  await flush();
  const taken = new Set([...latest.values()].map((x) => `${x.locationId}/${x.closedAt.slice(0, 10)}`));
  const drawer = SUMMARY_STORES.flatMap((s) => days.filter((d) => taken.has(`${s.id}/${d}`)).map((d) => JSON.stringify({
    id: `po-${s.id}-${d}`, locationId: s.id, at: DateTime.fromISO(`${d}T15:00:00`, { zone: s.timeZone }).toISO(), kind: 'paid_out', amount: '12.50', reason: 'milk',
  })));
  await takeDrawerOperations(db, TENANT, drawer.map((raw, ref) => ({ raw, ref })));
  // The edit made after posting: a sale of the first store, halfway through the tickets taken, voided (its next version).
  const sales = [...latest.values()].filter((x) => x.locationId === SUMMARY_STORES[0]!.id && x.status === 'closed' && x.lines.some((l) => l.kind === 'product'));
  const edited = sales[Math.floor(sales.length / 2)]!;
  return { tickets: latest.size, drawerOperations: drawer.length, intakeWallMs: performance.now() - started, editId: edited.id,
    editRaw: JSON.stringify({ ...edited, version: edited.version + 1, status: 'voided' }) };
}

/** Phase 2, in a fresh process over the same data folder: connect, Initialize, the three runs. */
async function runs(t: Tillbooks): Promise<RunsResult> {
  const db = t.database.db;
  const { connectionId, realmId } = await connectCompany(t, 'Summary bench café', SUMMARY_STORES[0]!.id);
  for (const s of SUMMARY_STORES.slice(1)) await t.sync.useConnection(TENANT, s.id, connectionId);
  const before = await counters(f.simulator, realmId);
  await t.sync.initialize(TENANT, connectionId);
  const initialize = traffic(before, await counters(f.simulator, realmId));
  const measure = async (): Promise<MeasuredRun> => {
    const a = await counters(f.simulator, realmId);
    const cpu = process.cpuUsage();
    const wall = performance.now();
    await t.sync.syncNow(TENANT, { connectionId });
    const summaries: RunSummary[] = [];
    for (let run = await claimRun(db, 'bench'); run; run = await claimRun(db, 'bench')) summaries.push(await executeRun(t.syncDeps, run));
    return { wallMs: performance.now() - wall, cpuMs: cpuMsSince(cpu).totalMs, summaries, traffic: traffic(a, await counters(f.simulator, realmId)) };
  };
  const rssBeforeRunMb = rssMb();
  const clean = await measure();
  const rerun = await measure();
  await takeTickets(db, TENANT, [{ raw: f['edit-raw'], ref: 0 }]);
  const edit = { ...await measure(), ticket: f['edit-id'] };
  // Store-days with tickets, by their business dates where the stores are.
  const storeDays = Number((await db.selectFrom('tickets').select((eb) => eb.fn.count<number>(sql`DISTINCT (location_id, business_date)`).as('n'))
    .where('tenant_id', '=', TENANT).executeTakeFirstOrThrow()).n);
  return { mode: MODE, storeDays, initialize, clean, rerun, edit, rssBeforeRunMb, peakRssMb: peakRssMb() };
}

const t = await startProduct({ dataDir: f['data-dir'], simulatorUrl: f.simulator, timeScale: Number(f['time-scale']) });
try {
  report(f.phase === 'intake' ? await intake(t) : await runs(t));
} finally {
  await t.stop();
}
