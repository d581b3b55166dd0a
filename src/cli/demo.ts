/**
 * `npm run demo`: the whole story headless on a fresh embedded database - demo tickets → a
 * simulated QuickBooks company → connect (through its consent page) → each store its own Class
 * and QuickBooks Location through the mapping → Initialize → sync → the reconciliation table
 * per business date, location and class, and the totals per class, read back through the
 * QuickBooks API. `--mode summary` tells the daily-summary story instead (demo-summary.ts),
 * `--mode payouts` (or `--payouts`) the processor payouts story (demo-payouts.ts).
 */
import { DateTime } from 'luxon';
import { loadConfigOverriding } from '../config/index.js';
import type { Config } from '../config/index.js';
import { openRuntime } from '../app/runtime.js';
import type { Runtime } from '../app/runtime.js';
import { DEFAULT_TENANT } from '../app/first-start.js';
import { DEMO_LOCATIONS, generateDemoTickets } from '../demo/generate-tickets.js';
import type { DemoTicket } from '../demo/generate-tickets.js';
import { locationWithDefaults } from '../domain/location.js';
import { summarise, takeTickets } from '../intake/take-tickets.js';
import { makeLogger } from '../lib/logger.js';
import { upsertLocation } from '../store/locations.js';
import { ensureTenant } from '../store/tenants.js';
import { syncDepsFor } from '../app/sync-deps.js';
import { formatReconciliation, makeSyncService } from '../sync/index.js';
import type { SyncDeps, SyncService } from '../sync/index.js';
import { printReport } from './commands-sync.js';
import { approveConsent } from './consent-client.js';
import { mapDemoStores } from './demo-classes.js';
import { runPayoutsStory } from './demo-payouts.js';
import { runSummaryStory } from './demo-summary.js';
import { runWithProgress } from './run-progress.js';

export type DemoMode = 'line-by-line' | 'summary' | 'payouts';
export const DEMO_MODES: readonly DemoMode[] = ['line-by-line', 'summary', 'payouts'];

/** What both stories share once the stores are connected and mapped. */
export interface DemoWorld {
  rt: Runtime;
  deps: SyncDeps;
  sync: SyncService;
  tenantId: string;
  connectionId: number;
  /** The demo's business dates, oldest first; the last is yesterday where the first store is. */
  dates: string[];
  /** Every ticket version taken in, in the order sent. */
  tickets: DemoTicket[];
  /** Takes tickets in as the intake does; returns how many were taken. */
  take(tickets: readonly DemoTicket[]): Promise<number>;
}

export async function runDemo(opts: { days: number; ticketsPerDay: number; seed: number; mode?: DemoMode }): Promise<boolean> {
  const config = loadConfigOverriding({ SIMULATOR_PORT: '0', QBO_ENVIRONMENT: 'simulator', DATABASE_URL: '', QBO_API_BASE_URL: '', QBO_AUTHORIZE_URL: '', QBO_TOKEN_URL: '', QBO_REVOKE_URL: '' });
  const rt = await openRuntime(config, { inMemory: true, logger: makeLogger({ level: 'warn', destination: process.stderr as never }) });
  try {
    const world = await prepareDemo(rt, config, opts);
    if (opts.mode === 'payouts') return await runPayoutsStory(world);
    return opts.mode === 'summary' ? await runSummaryStory(world) : await runLineByLineStory(world);
  } finally {
    await rt.close();
  }
}

/** Steps 1-3 of either story: tickets taken in, the simulator's company connected, the stores mapped. */
async function prepareDemo(rt: Runtime, config: Config, opts: { days: number; ticketsPerDay: number; seed: number }): Promise<DemoWorld> {
  const db = rt.database.db;
  const tenantId = DEFAULT_TENANT.id;
  await ensureTenant(db, DEFAULT_TENANT);
  // The last demo day is yesterday where the first demo store is.
  const end = DateTime.fromMillis(rt.clock.now(), { zone: DEMO_LOCATIONS[0]!.timeZone }).minus({ days: 1 });
  const dates = Array.from({ length: opts.days }, (_, i) => end.minus({ days: opts.days - 1 - i }).toISODate()!);
  console.log(`1. Tickets: ${opts.days} days (${dates[0]} … ${dates[dates.length - 1]}) at ${DEMO_LOCATIONS.map((l) => `${l.id} (${l.timeZone})`).join(' and ')}`);
  for (const l of DEMO_LOCATIONS) {
    await upsertLocation(db, tenantId, locationWithDefaults({ id: l.id, name: l.name ?? l.id, timeZone: l.timeZone }));
  }
  const tickets = [...generateDemoTickets({ seed: opts.seed, locations: [...DEMO_LOCATIONS], dates, ticketsPerDay: opts.ticketsPerDay })];
  const take = async (some: readonly DemoTicket[]) => {
    const s = summarise(await takeTickets(db, tenantId, some.map((t, i) => ({ raw: JSON.stringify(t), ref: i }))));
    if (s.refused > 0) throw new Error(`the demo's own tickets were refused (${s.refused})`);
    return s.taken;
  };
  const s = summarise(await takeTickets(db, tenantId, tickets.map((t, i) => ({ raw: JSON.stringify(t), ref: i }))));
  console.log(`   taken ${s.taken}, replaced by later versions ${s.replaced}, refused ${s.refused}`);

  const deps = syncDepsFor(rt, config);
  const sync = makeSyncService(deps);
  console.log(`2. Connect: the simulator's consent page at ${rt.simulator!.url}, a new company "Demo Café & Grocer"`);
  const { url, binding } = await sync.startConnect(tenantId, { locationId: DEMO_LOCATIONS[0]!.id });
  const { connection } = await sync.completeConnect(await approveConsent(url, { newCompany: 'Demo Café & Grocer' }), { tenantId, binding });
  for (const l of DEMO_LOCATIONS.slice(1)) await sync.useConnection(tenantId, l.id, connection.id);
  console.log(`   connected realm ${connection.realmId}; ${DEMO_LOCATIONS.slice(1).map((l) => l.id).join(', ')} uses the same connection`);
  console.log('3. Mapping: one company, each store its own Class and QuickBooks Location (class tracking per line, locations on)');
  const stores = await mapDemoStores({
    sync, tenantId, connectionId: connection.id, realmId: connection.realmId, simulator: rt.simulator!, locationIds: DEMO_LOCATIONS.map((l) => l.id),
  });
  for (const [id, t] of Object.entries(stores)) console.log(`   ${id}: class "${t.class.name}", location "${t.department.name}"`);
  return { rt, deps, sync, tenantId, connectionId: connection.id, dates, tickets, take };
}

async function runLineByLineStory(w: DemoWorld): Promise<boolean> {
  const { sync, tenantId, connectionId, dates } = w;
  console.log('4. Initialize');
  printReport(await sync.initialize(tenantId, connectionId));
  console.log('5. Sync now');
  const { runId } = await sync.syncNow(tenantId, { connectionId });
  // The whole sync, continuations included (a run handed back goes on as a new run).
  const { run, totals: t } = await runWithProgress(w.rt, w.deps, tenantId, runId, { progress: process.stderr.isTTY });
  console.log(`   run ${runId} ${run?.status}: ${t.posted} posted, ${t.skipped} skipped, ${t.pending} pending, ${t.httpRequests} QuickBooks requests (${(t.httpRequests / Math.max(1, t.posted)).toFixed(3)} per ticket)`);
  console.log('6. Reconciliation: POS against QuickBooks, read back through the API (per class: each document\'s ClassRef)');
  const to = DateTime.fromISO(dates.at(-1)!).plus({ days: 1 }).toISODate()!;
  const recon = await sync.reconcile(tenantId, { connectionId, locationIds: DEMO_LOCATIONS.map((l) => l.id), from: dates[0]!, to });
  console.log(formatReconciliation(recon));
  return recon.problems.length === 0;
}
