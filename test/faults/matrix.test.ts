/**
 * The fault matrix (issue 7): each failure QuickBooks or the machine can throw at a run, then
 * recovery, then the books are checked - QuickBooks documents = tickets exactly (no duplicate,
 * none missing) and every ticket posted, or pending/skipped with a visible cause.
 * `npm test` runs it small (FAULTS_SIZE unset: 60 tickets per scenario);
 * `npm run test:faults` runs it full size (FAULTS_SIZE=full: 1,000 tickets per scenario).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { summarise } from '../../src/intake/take-tickets.js';
import type { Faults } from '../../src/sandbox/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { formatReconciliation, reconcile } from '../../src/sync/reconcile/reconcile.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const FULL = process.env.FAULTS_SIZE === 'full';
const PER_DAY = FULL ? 100 : 6;
const DATES = ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
const LOCATIONS = [{ id: 'denver-1', timeZone: 'America/Denver' }, { id: 'brooklyn-1', timeZone: 'America/New_York' }];

interface Scenario {
  name: string;
  faults: Partial<Faults>;
  /** While the first run is under way (e.g. tokens expiring again and again). */
  during?: (w: SyncWorld, realmId: string) => () => void;
  /** The first run cannot finish: the connection is lost; a person reconnects. */
  reconnect?: boolean;
}

const scenarios: Scenario[] = [
  { name: '429 storms', faults: { throttleRate: 0.3 } },
  { name: '5xx at 10 %', faults: { serverErrorRate: 0.1 } },
  { name: 'connection resets before the write', faults: { resetBeforeWriteRate: 0.15 } },
  { name: 'connection resets after the write commits', faults: { resetAfterCommitRate: 0.15 } },
  { name: 'latency spikes', faults: { latencyMs: 5, latencyJitterMs: 40 } },
  { name: 'access-token expiry and refresh-token rotation mid-run', faults: {},
    during: (w, realmId) => {
      const timer = setInterval(() => w.sim.setFaults(realmId, { expireAccessTokens: true }), 40);
      return () => clearInterval(timer);
    } },
  { name: 'invalid_grant on refresh', faults: { expireAccessTokens: true, invalidGrantOnRefresh: true }, reconnect: true },
  { name: 'company disconnected', faults: { disconnected: true }, reconnect: true },
];

describe.each(scenarios)('fault matrix: $name', (scenario) => {
  let world: SyncWorld | undefined;
  afterEach(async () => {
    await world?.close();
  });

  it('recovers with QuickBooks = tickets exactly', { timeout: FULL ? 600_000 : 120_000 }, async () => {
    world = await startSyncWorld({ backend: backends()[0]!, retryPolicy: { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 2000 }, pageSize: FULL ? 300 : 40 });
    for (const l of LOCATIONS) await world.addLocation(l.id, l.timeZone);
    const { connectionId, realmId } = await world.connect('denver-1');
    await world.sync.useConnection(TENANT, 'brooklyn-1', connectionId);
    await world.sync.initialize(TENANT, connectionId);
    const tickets = [...generateDemoTickets({ seed: 3, locations: LOCATIONS, dates: DATES, ticketsPerDay: PER_DAY })];
    expect(summarise(await world.take(tickets)).refused).toBe(0);

    world.sim.setFaults(realmId, scenario.faults);
    const stopDuring = scenario.during?.(world, realmId);
    await world.sync.syncNow(TENANT, { connectionId });
    const [first] = await world.runQueued();
    stopDuring?.();
    world.sim.clearFaults(realmId);

    if (scenario.reconnect) {
      expect(first!.status).toBe('failed');
      expect((await world.sync.connections(TENANT))[0]!.status).toBe('reconnect_needed');
      const pending = await world.database.db.selectFrom('tickets').select(['sync_state', 'last_error']).where('sync_state', '=', 'pending').execute();
      // Nothing is lost: what was not posted waits, with the cause written on it or on the run.
      expect(pending.length + first!.posted + first!.voided).toBeGreaterThan(0);
      await world.connect('denver-1', { realmId });
    }
    // Whatever the first run left pending, the next run (like the next night's) settles.
    await world.sync.syncNow(TENANT, { connectionId });
    await world.runQueued();

    const states = await world.database.db.selectFrom('tickets').select(['status', 'sync_state', 'last_error']).where('tenant_id', '=', TENANT).execute();
    const unsettled = states.filter((s) => (s.status === 'voided' ? s.sync_state !== 'void' : s.sync_state !== 'posted'));
    expect(unsettled, JSON.stringify(unsettled.slice(0, 3))).toEqual([]);
    const setup = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup;
    const recon = await reconcile(world.database, await world.client(connectionId), { tenantId: TENANT, locationIds: LOCATIONS.map((l) => l.id), from: DATES[0]!, to: '2026-11-24', setup });
    expect(recon.problems, formatReconciliation(recon)).toEqual([]);
    if (FULL) console.log(`${scenario.name}: ${recon.tickets} tickets, first run ${JSON.stringify(first)}, simulator ${JSON.stringify(world.sim.counters(realmId))}`);
  });
});
