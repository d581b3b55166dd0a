/**
 * The fault matrix for summary days (issue 14): the rows the ticket matrix (matrix.test.ts) has,
 * thrown at a run posting store-days — 429 storms, 5xx, connection resets before the write and
 * after QuickBooks committed it, access tokens expiring mid-run (refresh, continue) — on both
 * backends; then recovery, and QuickBooks read back over HTTP: 0 duplicate and 0 missing days
 * (exactly one live receipt per store-day of total 0 with the POS sums, COGS and drawer entries
 * once), and a rerun writes nothing. SIGKILLs of a real process mid-posting: summary-kill.test.ts.
 * Default size: 3 stores × 6 days × 3 tickets per row; FAULTS_SIZE=full: 3 × 20 × 20.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeDrawerOperations } from '../../src/intake/take-drawer-operations.js';
import type { Counters, Faults } from '../../src/sandbox/index.js';
import { backends } from '../support/stores.js';
import { FAULT_STORES, datesFrom, dayBlock, exactlyOnceProblems, wireDrawer, wireTickets } from '../support/summary-faults.js';
import type { DayBlock } from '../support/summary-faults.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const FULL = process.env.FAULTS_SIZE === 'full';
const DAYS = FULL ? 20 : 6;
const PER_DAY = FULL ? 20 : 3;

interface Row {
  name: string;
  faults: Partial<Faults>;
  /** The counter that shows the fault really hit the run. */
  hit: keyof Counters;
  /** While the first run is under way. */
  during?: (w: SyncWorld, realmId: string) => () => void;
}

const rows: Row[] = [
  { name: '429 storms', faults: { throttleRate: 0.5 }, hit: 'throttled' },
  { name: '5xx', faults: { serverErrorRate: 0.3 }, hit: 'serverErrors' },
  { name: 'connection resets before the write', faults: { resetBeforeWriteRate: 0.5 }, hit: 'resets' },
  { name: 'connection resets after the write commits', faults: { resetAfterCommitRate: 0.7 }, hit: 'resets' },
  { name: 'access-token expiry mid-run (refresh, continue)', faults: { latencyMs: 20 }, hit: 'tokenRefreshes',
    during: (w, realmId) => {
      w.sim.setFaults(realmId, { expireAccessTokens: true });
      const timer = setInterval(() => w.sim.setFaults(realmId, { expireAccessTokens: true }), 30);
      return () => clearInterval(timer);
    } },
];

describe.each(backends())('summary-day fault matrix on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const blocks: DayBlock[] = [];
  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return world.runQueued();
  };
  const unsettled = async () => (await world.database.db.selectFrom('summary_days').select(['location_id', 'business_date', 'state', 'last_error'])
    .where('state', '!=', 'posted').execute());

  beforeAll(async () => {
    world = await startSyncWorld({ backend, timeScale: 60, retryPolicy: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 400 } });
    for (const s of FAULT_STORES) await world.addLocation(s.id, s.zone);
    ({ connectionId, realmId } = await world.connect(FAULT_STORES[0]!.id));
    for (const s of FAULT_STORES.slice(1)) await world.sync.useConnection(TENANT, s.id, connectionId);
    await world.sync.initialize(TENANT, connectionId);
    for (const s of FAULT_STORES) await world.sync.days.setMode(TENANT, s.id, { mode: 'summary', from: '2026-01-01' });
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  it.each(rows.map((r, i) => ({ ...r, i })))('$name: 0 duplicate and 0 missing days', { timeout: FULL ? 600_000 : 60_000 }, async (row) => {
    // Each row its own days, after the rows before it.
    const block = dayBlock(FAULT_STORES, datesFrom('2026-01-01', (row.i + 1) * DAYS).slice(row.i * DAYS), PER_DAY);
    blocks.push(block);
    await world.take(wireTickets(block));
    await takeDrawerOperations(world.database.db, TENANT, wireDrawer(block).map((raw, ref) => ({ raw, ref })));
    const before = world.sim.counters(realmId);

    world.sim.setFaults(realmId, row.faults);
    const stopDuring = row.during?.(world, realmId);
    await sync();
    stopDuring?.();
    world.sim.clearFaults(realmId);
    expect(world.sim.counters(realmId)[row.hit] as number, `the fault (${row.hit}) hit the run`).toBeGreaterThan(before[row.hit] as number);
    // What the first run left ready or uncertain, the next runs (the next night's) settle.
    for (let i = 0; i < 3 && (await unsettled()).length > 0; i++) await sync();
    expect(await unsettled()).toEqual([]);

    const problems = await exactlyOnceProblems(await world.client(connectionId), FAULT_STORES, blocks);
    expect(problems, problems.slice(0, 5).join('\n')).toEqual([]);
    // Settled means settled: a rerun sends nothing.
    const mark = world.sim.requestLog(realmId).length;
    await sync();
    expect(world.sim.requestLog(realmId).slice(mark)).toEqual([]);
    if (FULL) console.log(`${row.name}: simulator ${JSON.stringify(world.sim.counters(realmId))}`);
  });
});
