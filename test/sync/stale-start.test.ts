/**
 * A run whose worker was slow to start it: the job queue handed its job out again meanwhile, so
 * the run was stopped and continued by a new run, which has claimed its first page by the time
 * the slow worker gets going. The slow worker must not put that page back to pending (its
 * "release the tickets of a dead run" step): nobody would hold those tickets any more, and the
 * continuation, which never claims a ticket twice, would finish without them (seen in
 * test/jobs/many-workers.test.ts on a loaded machine: a run finished 99 of 99 with ten tickets
 * still pending).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunById } from '../../src/store/runs.js';
import { executeRun } from '../../src/sync/index.js';
import { booksAndFacts } from '../support/books.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const N = 60;
const sale = (i: number) => simpleTicket({ id: `S-${i}`, cents: 1000 + i, closedAt: '2026-11-23T12:00:00-07:00' });

describe.each(backends())('a run started late, after its continuation, on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  const db = () => world.database.db;

  beforeAll(async () => {
    world = await startSyncWorld({ backend });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1'));
    await world.sync.initialize(TENANT, connectionId);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('releases nothing its continuation holds: every ticket posted, once', async () => {
    await world.take(Array.from({ length: N }, (_, i) => sale(i + 1)));
    await world.sync.syncNow(TENANT, { connectionId });
    const queued = await db().selectFrom('sync_runs').select('id').where('status', '=', 'queued').executeTakeFirstOrThrow();
    const slow = (await startRunById(db(), queued.id, 'slow-worker'))!;
    // Its job comes round again: the run is stopped and continued.
    expect(await startRunById(db(), queued.id, 'other-worker')).toBeNull();
    const next = await db().selectFrom('sync_runs').select('id').where('status', '=', 'queued').executeTakeFirstOrThrow();
    const continuation = (await startRunById(db(), next.id, 'other-worker'))!;
    // QuickBooks answers slowly, so the continuation holds its page while the slow worker starts.
    world.sim.setFaults(realmId, { latencyMs: 2000 });
    const continued = executeRun(world.deps, continuation);
    const held = async () => (await db().selectFrom('tickets').select('ticket_id').where('sync_state', '=', 'posting').execute()).length;
    while ((await held()) < N) await new Promise((r) => setTimeout(r, 10));
    await executeRun(world.deps, slow);
    expect(await held()).toBe(N);
    world.sim.clearFaults(realmId);

    expect(await continued).toMatchObject({ status: 'finished', posted: N, pending: 0, skipped: 0 });
    const states = await db().selectFrom('tickets').select('sync_state').where('ticket_id', 'like', 'S-%').execute();
    expect(states.map((s) => s.sync_state)).toEqual(Array(N).fill('posted'));
    expect(world.sim.documents(realmId, 'Invoice')).toHaveLength(N);
    const { inBooks, named } = await booksAndFacts(world, realmId);
    expect(inBooks).toEqual(named);
  });
});
