/**
 * Kill test (issue 5): a run over a 2,000-ticket backlog is killed with SIGKILL at random
 * points 20 times, with the simulator dropping 10 % of answers after committing the write;
 * after the last resume QuickBooks holds exactly one set of documents per ticket.
 * Needs the PostgreSQL server (TEST_DATABASE_URL): a killed process must leave a database
 * another process can open, which is what a server gives and an embedded PGlite does not.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import { startSimulator } from '../../src/sandbox/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { upsertLocation } from '../../src/store/locations.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { ensureTenant } from '../../src/store/tenants.js';
import { clientFor } from '../../src/sync/deps.js';
import type { SyncDeps } from '../../src/sync/deps.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { formatReconciliation, reconcile } from '../../src/sync/reconcile/reconcile.js';
import { makeSyncService } from '../../src/sync/service/service.js';
import { startSyncChild, syncChildEnv } from '../support/child-process.js';
import { simulatorSyncDeps } from '../support/simulator-deps.js';
import { closeTestDatabase, openServerTestDatabase, TEST_DATABASE_URL } from '../support/stores.js';

const KILLS = Number(process.env.KILL_TEST_KILLS ?? 20);
const TICKETS_PER_DAY = Number(process.env.KILL_TEST_TICKETS_PER_DAY ?? 200);
const DAYS = ['2026-11-14', '2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];

describe.skipIf(!TEST_DATABASE_URL)('a run killed 20 times (needs TEST_DATABASE_URL)', () => {
  let sim: Simulator;
  let database: Database;
  let childEnv: Record<string, string>;
  let deps: SyncDeps;

  beforeAll(async () => {
    sim = await startSimulator({ limits: { enabled: false } });
    database = (await openServerTestDatabase())!;
    const key = randomBytes(32);
    deps = simulatorSyncDeps(database, sim, key);
    // Pages of 50: each kill lets at least one page settle, and 2,000 tickets in pages of 100
    // left 20 kills no room to land before the end once a page posted in under ~300 ms.
    childEnv = syncChildEnv(database, sim, key, { CHILD_PAGE_SIZE: '50' });
  });
  afterAll(async () => {
    await sim?.close();
    if (database) await closeTestDatabase(database);
  });

  it('leaves exactly one set of documents per ticket', { timeout: 300_000 }, async () => {
    const tenantId = 'kill';
    await ensureTenant(database.db, { id: tenantId, name: 'Kill test' });
    await upsertLocation(database.db, tenantId, { id: 'denver-1', name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
    const sync = makeSyncService(deps);
    const { url, binding } = await sync.startConnect(tenantId, { locationId: 'denver-1' });
    const { connection } = await sync.completeConnect(await approveConsent(url, { newCompany: 'Kill Test Café' }), { tenantId, binding });
    await sync.initialize(tenantId, connection.id);
    const tickets = [...generateDemoTickets({ seed: 11, locations: [{ id: 'denver-1', timeZone: 'America/Denver' }], dates: DAYS, ticketsPerDay: TICKETS_PER_DAY })];
    for (let i = 0; i < tickets.length; i += 500) {
      await takeTickets(database.db, tenantId, tickets.slice(i, i + 500).map((t, j) => ({ raw: JSON.stringify(t), ref: i + j })));
    }
    const closed = await database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId).where('sync_state', '=', 'pending').executeTakeFirstOrThrow();
    expect(Number(closed.n)).toBeGreaterThanOrEqual(1900);

    sim.setFaults('*', { resetAfterCommitRate: 0.1, latencyMs: 10, latencyJitterMs: 20 });
    await sync.syncNow(tenantId, { connectionId: connection.id });
    let seed = 20261125;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const progress: number[] = [];
    const settled = async () => Number((await database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId).where('sync_state', 'in', ['posted', 'void']).executeTakeFirstOrThrow()).n);
    for (let kill = 0; kill < KILLS; kill++) {
      const before = await settled();
      const child = startSyncChild(childEnv);
      await child.ready;
      // Each kill lands while the child works, however fast this machine is: once it has settled
      // something (or a few seconds passed), after a random extra moment inside its next page.
      for (const until = Date.now() + 5000; Date.now() < until && (await settled()) === before;) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, random() * 300));
      child.proc.kill('SIGKILL');
      await child.exited;
      progress.push(await settled());
    }
    const lastStarted = Date.now();
    const last = startSyncChild(childEnv);
    const end = await last.exited;
    if (process.env.KILL_TEST_VERBOSE) console.log(`last child: ${Date.now() - lastStarted} ms\n${end.output}`);
    expect(end.code, end.output).toBe(0);

    const states = await database.db.selectFrom('tickets').select(['sync_state', (eb) => eb.fn.countAll<number>().as('n')]).where('tenant_id', '=', tenantId).groupBy('sync_state').execute();
    expect(Object.fromEntries(states.map((s) => [s.sync_state, Number(s.n)]))).not.toHaveProperty('pending');
    const stored = await getConnection(database.db, tenantId, connection.id);
    const recon = await reconcile(database, clientFor(deps, connection), { tenantId, locationIds: ['denver-1'], from: DAYS[0]!, to: '2026-11-24', setup: readSetup(stored!)!.setup });
    expect(recon.problems, `${formatReconciliation(recon)}\nprogress after each kill: ${progress.join(', ')}`).toEqual([]);
    expect(recon.tickets).toBeGreaterThanOrEqual(1900);
    // The kills landed during the work (most of them before it was done), and the simulator
    // really lost answers after committing.
    const total = progress.length ? Math.max(...progress) : 0;
    expect(progress.filter((p, i) => i === progress.length - 1 || p < total).length, `settled after each kill: ${progress.join(', ')}`).toBeGreaterThanOrEqual(Math.floor(KILLS * 0.75));
    expect(world(sim, connection.realmId).resets).toBeGreaterThan(0);
    // Some kills left writes in flight, and the next run looked them up before creating anything.
    const lookedUp = await database.db.selectFrom('sync_events').select('detail').where('tenant_id', '=', tenantId).execute();
    expect(lookedUp.filter((e) => JSON.stringify(e.detail).includes('looked up in QuickBooks')).length).toBeGreaterThan(0);
    console.log(`kill test: ${recon.tickets} tickets; posted after each kill: ${progress.join(', ')}; simulator: ${JSON.stringify(world(sim, connection.realmId))}`);
  });
});

function world(sim: Simulator, realmId: string) {
  const c = sim.counters(realmId);
  return { requests: c.requests, writes: c.writes, replays: c.replays, resets: c.resets };
}
