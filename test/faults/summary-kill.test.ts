/**
 * The fault matrix's SIGKILL row for summary days (issue 14): a real process posting store-days
 * is killed with SIGKILL while it holds days (their batches going out, answers half saved, the
 * simulator dropping some answers after committing), again and again; a fresh process then
 * resumes. QuickBooks, read back over HTTP, holds exactly one live receipt per store-day (and
 * COGS and drawer entries once) equal to the POS sums: 0 duplicate, 0 missing.
 * Needs the PostgreSQL server (TEST_DATABASE_URL), as the ticket kill test: a killed process must
 * leave a database another process can open. Default 3 kills; FAULTS_SIZE=full: 10 kills, more days.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { takeDrawerOperations } from '../../src/intake/take-drawer-operations.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { clientFor } from '../../src/sync/deps.js';
import type { SyncDeps } from '../../src/sync/deps.js';
import { makeSyncService } from '../../src/sync/service/service.js';
import { startSyncChild, syncChildEnv } from '../support/child-process.js';
import { simulatorSyncDeps } from '../support/simulator-deps.js';
import { closeTestDatabase, openServerTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';
import { FAULT_STORES, datesFrom, dayBlock, exactlyOnceProblems, wireDrawer, wireTickets } from '../support/summary-faults.js';

const FULL = process.env.FAULTS_SIZE === 'full';
const KILLS = FULL ? 10 : 3;
// Full size: more days than ten kills' runs get through, so every kill lands mid-posting (with 40, the
// last kills found everything posted: "days held at each kill: 120, 120, 100, 100, 100, 100, 20, 20, 0, 0").
const DAYS = FULL ? 80 : 15;
const PER_DAY = FULL ? 30 : 4;
const TENANT = 'summary-kill';

describe.skipIf(!TEST_DATABASE_URL)('summary days: a posting process killed with SIGKILL (needs TEST_DATABASE_URL)', () => {
  let sim: Simulator;
  let database: Database;
  let deps: SyncDeps;
  let childEnv: Record<string, string>;

  beforeAll(async () => {
    sim = await startSimulator({ limits: { enabled: false } });
    database = (await openServerTestDatabase())!;
    const key = randomBytes(32);
    deps = simulatorSyncDeps(database, sim, key);
    childEnv = syncChildEnv(database, sim, key);
  });
  afterAll(async () => {
    await sim?.close();
    if (database) await closeTestDatabase(database);
  });

  it('a fresh run after each kill leaves 0 duplicate and 0 missing days', { timeout: FULL ? 600_000 : 120_000 }, async () => {
    await ensureTenant(database.db, { id: TENANT, name: 'Summary kill test' });
    for (const s of FAULT_STORES) {
      await upsertLocation(database.db, TENANT, { id: s.id, name: s.id, timeZone: s.zone, enabled: true, syncTime: '00:00', syncTimeZone: s.zone, syncStartDate: null });
    }
    const sync = makeSyncService(deps);
    const { url, binding } = await sync.startConnect(TENANT, { locationId: FAULT_STORES[0]!.id });
    const { connection } = await sync.completeConnect(await approveConsent(url, { newCompany: 'Summary Kill Café' }), { tenantId: TENANT, binding });
    for (const s of FAULT_STORES.slice(1)) await sync.useConnection(TENANT, s.id, connection.id);
    await sync.initialize(TENANT, connection.id);
    for (const s of FAULT_STORES) await sync.days.setMode(TENANT, s.id, { mode: 'summary', from: '2026-01-01' });
    const block = dayBlock(FAULT_STORES, datesFrom('2026-01-02', DAYS), PER_DAY);
    await takeTickets(database.db, TENANT, wireTickets(block).map((t, ref) => ({ raw: JSON.stringify(t), ref })));
    await takeDrawerOperations(database.db, TENANT, wireDrawer(block).map((raw, ref) => ({ raw, ref })));

    // Each batch takes a moment (QuickBooks' work grows with its items), so a kill lands among them.
    sim.setFaults('*', { resetAfterCommitRate: 0.15, latencyMs: 30, latencyPerItemMs: 4 });
    await sync.syncNow(TENANT, { connectionId: connection.id });
    const dayStates = async () => Object.fromEntries((await database.db.selectFrom('summary_days').select(['state', (eb) => eb.fn.countAll<number>().as('n')])
      .where('tenant_id', '=', TENANT).groupBy('state').execute()).map((r) => [r.state, Number(r.n)]));
    let seed = 20261205;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const heldAtKill: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const child = startSyncChild(childEnv);
      await child.ready;
      // Kill once its first batch of days is on the wire, after a random extra moment (inside that batch or the next).
      const batches = sim.counters(connection.realmId).batchRequests;
      let gone = false;
      void child.exited.then(() => { gone = true; });
      for (const until = Date.now() + 10_000; Date.now() < until && !gone && sim.counters(connection.realmId).batchRequests === batches;) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await new Promise((r) => setTimeout(r, random() * 300));
      child.proc.kill('SIGKILL');
      await child.exited;
      heldAtKill.push((await dayStates()).posting ?? 0);
    }
    sim.setFaults('*', { resetAfterCommitRate: 0, latencyMs: 0, latencyPerItemMs: 0 });
    const last = startSyncChild(childEnv);
    const end = await last.exited;
    expect(end.code, end.output).toBe(0);

    // The kills landed mid-posting: days still held by the dead process, batches sent again by the next.
    expect(heldAtKill.filter((n) => n > 0).length, `days held at each kill: ${heldAtKill.join(', ')}`).toBeGreaterThanOrEqual(KILLS - 1);
    expect(await dayStates()).toEqual({ posted: FAULT_STORES.length * DAYS });
    // A fresh run looked up what the dead one may have written (by DocNumber) before writing again.
    expect(sim.requestLog(connection.realmId).some((r) => r.query?.includes('WHERE DocNumber IN'))).toBe(true);
    const problems = await exactlyOnceProblems(clientFor(deps, connection), FAULT_STORES, [block]);
    expect(problems, problems.slice(0, 5).join('\n')).toEqual([]);
    console.log(`summary kill test: ${FAULT_STORES.length * DAYS} store-days; days held at each kill: ${heldAtKill.join(', ')}; simulator: ${JSON.stringify(sim.counters(connection.realmId))}`);
  });
});
