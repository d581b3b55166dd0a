/**
 * A run taken over while its batches are still on their way (its worker stalled past the
 * lease, then woke up): the run that continues it must not look those tickets up before the
 * batches arrive, or it finds nothing and creates every document again under a new batch
 * requestid (seen in test/jobs/many-workers.test.ts on a loaded machine: a whole location's
 * invoices twice). The continuation waits until the earlier run has recorded its requests as
 * over, then looks up and finds them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRun, resumeAbandonedRuns } from '../../src/store/runs.js';
import { markRequestsOver, recordInflight } from '../../src/store/qbo-writes.js';
import { executeRun } from '../../src/sync/index.js';
import { earlierRequestsOver } from '../../src/sync/engine/earlier-writes.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const N = 40;
const sale = (i: number) => simpleTicket({ id: `E-${i}`, cents: 1000 + i, closedAt: '2026-11-23T12:00:00-07:00' });

describe.each(backends())('a run that continues one taken over mid-flight, on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const db = () => world.database.db;
  const journalled = async () => (await db().selectFrom('qbo_writes').select('request_id').where('connection_id', '=', connectionId)
    .where('state', '=', 'inflight').where('ticket_id', 'is not', null).execute()).length;

  beforeAll(async () => {
    world = await startSyncWorld({ backend });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1'));
    // Initialize and a first ticket, at full speed.
    await world.take([sale(0)]);
    await world.sync.syncNow(TENANT, { connectionId });
    expect((await world.runQueued())[0]).toMatchObject({ posted: 1 });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('waits for the batches the stalled run still has on their way, then finds them: every invoice once', async () => {
    await world.take(Array.from({ length: N }, (_, i) => sale(i + 1)));
    await world.sync.syncNow(TENANT, { connectionId });
    const first = (await claimRun(db(), 'stalled-worker'))!;
    // QuickBooks answers slowly (1.5 s, within the client's timeout), so the first run's invoices are on their way for a while.
    world.sim.setFaults(realmId, { latencyMs: 1500 });
    let lost = false;
    const firstDone = executeRun(world.deps, first, { stopRequested: () => lost });
    while ((await journalled()) < N) await new Promise((r) => setTimeout(r, 20));
    // Its lease runs out: another worker takes the run over and continues it, while the batches are still out.
    lost = true;
    expect(await resumeAbandonedRuns(db(), new Date(Date.now() + 1000))).toHaveLength(1);
    world.sim.clearFaults(realmId);
    const next = (await claimRun(db(), 'next-worker'))!;
    const [stopped, continued] = await Promise.all([firstDone, executeRun(world.deps, next)]);
    expect(stopped.status).toBe('stopped');
    expect(continued).toMatchObject({ status: 'finished', skipped: 0 });

    const invoices = world.sim.documents(realmId, 'Invoice').map((d) => String(d.DocNumber));
    expect(invoices).toHaveLength(N + 1);
    expect(new Set(invoices).size).toBe(N + 1);
    const states = await db().selectFrom('tickets').select('sync_state').where('tenant_id', '=', TENANT).execute();
    expect(states.every((s) => s.sync_state === 'posted')).toBe(true);
  });

  it('waits only while a recent write is in flight, and not past a stop', async () => {
    const rows = [{ requestId: 'rid-waiting', locationId: 'denver-1', ticketId: 'E-1', version: 1, docKind: 'Invoice', operation: 'create' }];
    await recordInflight(db(), TENANT, connectionId, rows);
    expect(await earlierRequestsOver(world.deps, 0, connectionId, () => true)).toBe(false);
    let waited = false;
    const over = earlierRequestsOver(world.deps, 0, connectionId, () => false).then((v) => {
      waited = true;
      return v;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(waited).toBe(false);
    await markRequestsOver(db(), connectionId, ['rid-waiting']);
    expect(await over).toBe(true);
    // Over, not settled: the next run still looks the ticket up.
    expect(await db().selectFrom('qbo_writes').select('state').where('request_id', '=', 'rid-waiting').executeTakeFirst()).toEqual({ state: 'done' });
  });
});
