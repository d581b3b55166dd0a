/**
 * The fault matrix extended with payouts (issue 15 acceptance): 429 storms and 5xx, connection
 * resets before the write and after QuickBooks committed it (creates and in-place rewrites of a
 * higher version), then recovery runs; and (with the PostgreSQL server) a real sync process
 * killed with SIGKILL again and again while it posts. After each: every payout posted, and
 * QuickBooks, read back over HTTP, holds exactly one Deposit per payout at its latest version
 * and net (0 duplicate, 0 missing), and none that belongs to no payout.
 * Lean by default (a few payouts per scenario); PAYOUT_FAULTS_SIZE=full posts ten times more.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { takePayouts } from '../../src/intake/take-payouts.js';
import type { Faults } from '../../src/sandbox/index.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { claimRun } from '../../src/store/runs.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { clientFor } from '../../src/sync/deps.js';
import type { SyncDeps } from '../../src/sync/deps.js';
import { executeRun } from '../../src/sync/engine/run.js';
import { turnOnPayouts } from '../../src/sync/payouts/turn-on.js';
import { makeSyncService } from '../../src/sync/service/service.js';
import { startSyncChild, syncChildEnv } from '../support/child-process.js';
import { NO_PROBLEMS, depositProblems, faultPayouts, nextVersion, wireFaultPayout } from '../support/payout-faults.js';
import type { FaultPayout } from '../support/payout-faults.js';
import { simulatorSyncDeps } from '../support/simulator-deps.js';
import { TEST_DATABASE_URL, backends, closeTestDatabase, openServerTestDatabase } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const N = process.env.PAYOUT_FAULTS_SIZE === 'full' ? 60 : 6;
// Each child process takes seconds to start on a busy machine: two kills by default.
const KILLS = process.env.PAYOUT_FAULTS_SIZE === 'full' ? 12 : 2;

const take = (db: Database['db'], tenantId: string, list: readonly FaultPayout[]) =>
  takePayouts(db, tenantId, list.map((p, i) => ({ raw: JSON.stringify(wireFaultPayout(p)), ref: i })));

/** The payouts as last sent, by id (a higher version replaces its lower one). */
function latest(sent: readonly FaultPayout[]): FaultPayout[] {
  return [...new Map(sent.map((p) => [p.id, p])).values()];
}

describe.each(backends())('payouts under faults on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const sent: FaultPayout[] = [];
  let next = 1;

  const states = async () => (await world.database.db.selectFrom('payouts').select(['payout_id', 'sync_state', 'last_error']).execute());
  const sync = async () => {
    await world.sync.syncNow(TENANT, { connectionId });
    return world.runQueued();
  };
  /** One run under the faults, then recovery runs (as the next nights' would) until every payout is posted. */
  const underFaults = async (faults: Partial<Faults>, list: FaultPayout[]) => {
    sent.push(...list);
    expect((await take(world.database.db, TENANT, list)).map((t) => t.outcome)).not.toContain('refused');
    world.sim.setFaults(realmId, faults);
    await sync();
    world.sim.clearFaults(realmId);
    for (let i = 0; i < 3 && (await states()).some((s) => s.sync_state !== 'posted'); i++) await sync();
    const unsettled = (await states()).filter((s) => s.sync_state !== 'posted');
    expect(unsettled, JSON.stringify(unsettled.slice(0, 3))).toEqual([]);
    expect(await depositProblems(await world.client(connectionId), latest(sent))).toEqual(NO_PROBLEMS);
  };
  const fresh = () => {
    const list = faultPayouts(next, N);
    next += N;
    return list;
  };

  beforeAll(async () => {
    // A slower clock than the default: consent codes and OAuth states outlive a busy machine.
    world = await startSyncWorld({ backend, timeScale: 60, limits: { enabled: false }, retryPolicy: { maxAttempts: 2, baseDelayMs: 50, maxDelayMs: 200 } });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1', { newCompany: 'Payout Faults Co' }));
    const checking = (await (await world.client(connectionId)).findByName<{ Id: string }>('Account', 'Checking'))!.Id;
    await turnOnPayouts(world.deps, TENANT, connectionId, { processor: 'square', from: '2026-11-01', bank: { id: checking, name: 'Checking' }, by: 'test' });
    await world.sync.initialize(TENANT, connectionId);
  }, 60_000);
  afterAll(async () => world?.close());

  it('429 storms and 5xx: payouts wait, the next runs post each once', { timeout: 120_000 }, async () => {
    await underFaults({ throttleRate: 0.4, serverErrorRate: 0.2 }, fresh());
  });

  it('connection resets before the write: nothing was committed, the retries create each once', { timeout: 120_000 }, async () => {
    await underFaults({ resetBeforeWriteRate: 0.5 }, fresh());
  });

  it('connection resets after QuickBooks committed: creates and in-place rewrites are replayed, never made twice or flagged', { timeout: 120_000 }, async () => {
    const replays = world.sim.counters(realmId).replays;
    await underFaults({ resetAfterCommitRate: 1 }, [...fresh(), ...sent.slice(0, N).map(nextVersion)]);
    expect(world.sim.counters(realmId).replays).toBeGreaterThan(replays);
  });

  it('a run that died after QuickBooks committed its writes, before recording them: the next run settles creates and rewrites, nothing made twice or flagged', { timeout: 120_000 }, async () => {
    const rewrites = latest(sent).slice(N, 2 * N).map(nextVersion);
    const list = [...fresh(), ...rewrites];
    const db = world.database.db;
    const before = new Map((await db.selectFrom('payouts').selectAll().execute()).map((r) => [r.payout_id, r]));
    sent.push(...list);
    await take(db, TENANT, list);
    await sync();
    // As if the process died between QuickBooks' answers and saving them: each still `posting`, as it was before.
    for (const p of list) {
      const was = before.get(p.id);
      await db.updateTable('payouts').set({ sync_state: 'posting', posted_version: was?.posted_version ?? null, qbo_deposit_id: was?.qbo_deposit_id ?? null,
        qbo_sync_token: was?.qbo_sync_token ?? null, attempts: 1 }).where('payout_id', '=', p.id).execute();
    }
    const writes = world.sim.counters(realmId).writes;
    await sync();
    expect(world.sim.counters(realmId).writes).toBe(writes);
    const unsettled = (await states()).filter((s) => s.sync_state !== 'posted');
    expect(unsettled, JSON.stringify(unsettled.slice(0, 3))).toEqual([]);
    expect(await depositProblems(await world.client(connectionId), latest(sent))).toEqual(NO_PROBLEMS);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('payouts through SIGKILLs of a real sync process (needs TEST_DATABASE_URL)', () => {
  let sim: Simulator;
  let database: Database;
  let deps: SyncDeps;
  let childEnv: Record<string, string>;
  const tenantId = 'payout-kill';

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

  it('leaves exactly one Deposit per payout', { timeout: 240_000 }, async () => {
    await ensureTenant(database.db, { id: tenantId, name: 'Payout kill test' });
    await upsertLocation(database.db, tenantId, { id: 'denver-1', name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
    const sync = makeSyncService(deps);
    const { url, binding } = await sync.startConnect(tenantId, { locationId: 'denver-1' });
    const { connection } = await sync.completeConnect(await approveConsent(url, { newCompany: 'Payout Kill Co' }), { tenantId, binding });
    const client = clientFor(deps, connection);
    const checking = (await client.findByName<{ Id: string }>('Account', 'Checking'))!.Id;
    await turnOnPayouts(deps, tenantId, connection.id, { processor: 'square', from: '2026-11-01', bank: { id: checking, name: 'Checking' }, by: 'test' });
    // Some already posted, to be rewritten at a higher version while the kills land.
    const first = faultPayouts(1, 2 * N);
    await take(database.db, tenantId, first);
    await sync.syncNow(tenantId, { connectionId: connection.id });
    for (let run = await claimRun(database.db, 'test'); run; run = await claimRun(database.db, 'test')) await executeRun(deps, run);
    const all = latest([...first, ...first.slice(0, N).map(nextVersion), ...faultPayouts(2 * N + 1, 4 * N)]);
    await take(database.db, tenantId, all);

    // Slow enough that a kill lands mid-work; answers lost after commit so some writes are in flight when it does.
    sim.setFaults('*', { resetAfterCommitRate: 0.2, latencyMs: 40, latencyJitterMs: 40 });
    await sync.syncNow(tenantId, { connectionId: connection.id });
    const posted = async () => Number((await database.db.selectFrom('payouts').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId).where('sync_state', '=', 'posted').executeTakeFirstOrThrow()).n);
    const progress: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const before = await posted();
      const child = startSyncChild(childEnv);
      await child.ready;
      for (const until = Date.now() + 5000; Date.now() < until && (await posted()) === before;) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 50 + 100 * kill));
      child.proc.kill('SIGKILL');
      await child.exited;
      progress.push(await posted());
    }
    sim.clearFaults('*');
    const last = await startSyncChild(childEnv).exited;
    expect(last.code, last.output).toBe(0);
    const states = await database.db.selectFrom('payouts').select(['payout_id', 'sync_state', 'last_error']).where('tenant_id', '=', tenantId).execute();
    const unsettled = states.filter((s) => s.sync_state !== 'posted');
    expect(unsettled, `${JSON.stringify(unsettled.slice(0, 3))}; posted after each kill: ${progress.join(', ')}; last process: ${last.output}`).toEqual([]);
    expect(await depositProblems(client, all)).toEqual(NO_PROBLEMS);
    // The kills landed while there was work left.
    expect(progress.some((p) => p < all.length), progress.join(', ')).toBe(true);
    const c = sim.counters(connection.realmId);
    console.log(`payout kills: ${all.length} payouts; posted after each kill: ${progress.join(', ')}; simulator writes ${c.writes}, replays ${c.replays}, resets ${c.resets}`);
  });
});
