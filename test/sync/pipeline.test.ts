/**
 * Issue 17's pipelining: the batches of a step go out together, up to QuickBooks' 10 in flight
 * per company, and every document is still written exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { summarise } from '../../src/intake/take-tickets.js';
import { fixedPacing, makeLimiterRegistry } from '../../src/qbo/index.js';
import { claimRun, handBackRun } from '../../src/store/runs.js';
import { executeRun } from '../../src/sync/index.js';
import { booksAndFacts } from '../support/books.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

describe('pipelined batches', () => {
  let world: SyncWorld;

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]!, pageSize: 300, pipelineDepth: 10 });
    await world.addLocation('denver-1', 'America/Denver');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('has more than one batch in flight, never more than 10, and writes each document once', async () => {
    const { connectionId, realmId } = await world.connect('denver-1');
    const tickets = [...generateDemoTickets({ seed: 11, locations: [{ id: 'denver-1', timeZone: 'America/Denver' }], dates: ['2026-11-21', '2026-11-22'], ticketsPerDay: 150 })];
    expect(summarise(await world.take(tickets)).refused).toBe(0);
    await world.sync.initialize(TENANT, connectionId);
    // Answers take a while, so batches sent together are seen together.
    world.sim.setFaults(realmId, { latencyMs: 30 });
    const before = world.sim.counters(realmId);
    await world.sync.syncNow(TENANT, { connectionId });
    const [run] = await world.runQueued();
    expect(run).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
    const after = world.sim.counters(realmId);
    expect(after.maxConcurrency).toBeGreaterThan(1);
    expect(after.maxConcurrency).toBeLessThanOrEqual(10);
    expect(after.throttled - before.throttled).toBe(0);
    expect(after.replays - before.replays).toBe(0);

    // QuickBooks holds exactly the documents the tickets' facts name: none twice, none missing.
    const { inBooks, named } = await booksAndFacts(world, realmId);
    expect(inBooks.length).toBeGreaterThan(300);
    expect(inBooks).toEqual(named);
    await world.sync.syncNow(TENANT, { connectionId });
    const again = await world.runQueued();
    expect(again[0]).toMatchObject({ total: 0, posted: 0 });
    expect(world.sim.counters(realmId).writes).toBe(after.writes);
  });

  it('sends nothing more once the run is asked to stop, however many batches wait for a slot; the next run finishes exactly once', async () => {
    // A QuickBooks minute lasts a second, and the company's limiter allows 100 requests a
    // minute counted strictly (3 batches of 30): batches wait in it for their slot.
    const slow = await startSyncWorld({ backend: backends()[0]!, pageSize: 300, pipelineDepth: 10, timeScale: 60 });
    try {
      await slow.addLocation('denver-2', 'America/Denver');
      const { connectionId, realmId } = await slow.connect('denver-2');
      const tickets = [...generateDemoTickets({ seed: 12, locations: [{ id: 'denver-2', timeZone: 'America/Denver' }], dates: ['2026-11-23', '2026-11-24'], ticketsPerDay: 150 })];
      expect(summarise(await slow.take(tickets)).refused).toBe(0);
      await slow.sync.initialize(TENANT, connectionId);
      slow.sim.setFaults(realmId, { latencyMs: 30 });
      slow.deps.limiters = makeLimiterRegistry();
      const limiter = slow.deps.limiters.forCompany(realmId, { limits: { ...slow.deps.provider!.limits, perMinute: 100 }, clock: slow.clock });
      await slow.sync.syncNow(TENANT, { connectionId });
      const run = (await claimRun(slow.database.db, 'test'))!;
      let stop: { granted: number; queued: number; writes: number } | null = null;
      // The stop comes while batches queue for their slot, after the invoices are at QuickBooks.
      const watch = setInterval(() => {
        const s = limiter.stats();
        const writes = slow.sim.counters(realmId).writes;
        if (!stop && s.queued > 0 && writes >= 60) stop = { granted: s.granted, queued: s.queued, writes };
      }, 2);
      const summary = await executeRun(slow.deps, run, { stopRequested: () => stop !== null }).finally(() => clearInterval(watch));
      expect(summary.status).toBe('stopped');
      expect(stop!.queued).toBeGreaterThan(0);
      // Not one request let through after the stop: what waited stayed unsent.
      expect(limiter.stats().granted).toBe(stop!.granted);
      expect(limiter.stats().queued).toBe(0);
      const states = await slow.database.db.selectFrom('tickets').select(['sync_state', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('sync_state').execute();
      const byState = Object.fromEntries(states.map((r) => [r.sync_state, Number(r.n)]));
      expect(byState.posting).toBeUndefined();
      expect(byState.pending).toBeGreaterThan(0);
      // Nothing journalled for a ticket was left unsettled by the batches that never went out.
      await handBackAndFinish(slow, run.id);
      expect(slow.sim.counters(realmId).replays).toBe(0);
      const { inBooks, named } = await booksAndFacts(slow, realmId);
      expect(inBooks.length).toBeGreaterThan(300);
      expect(inBooks).toEqual(named);
    } finally {
      await slow.close();
    }
  });

  it('stops for good once asked, even when the ask is withdrawn a moment later (a late heartbeat confirmed after all)', async () => {
    // A worker's fence asks its run to stop while no heartbeat is confirmed, and stops asking
    // once one is: the run must not carry on past a page it cut short, or the tickets that page
    // left open would wait, claimed by it, for the next scheduled run.
    const w = await startSyncWorld({ backend: backends()[0]!, pageSize: 300, pipelineDepth: 10, timeScale: 60 });
    try {
      await w.addLocation('denver-4', 'America/Denver');
      const { connectionId, realmId } = await w.connect('denver-4');
      const tickets = [...generateDemoTickets({ seed: 13, locations: [{ id: 'denver-4', timeZone: 'America/Denver' }], dates: ['2026-11-23', '2026-11-24'], ticketsPerDay: 150 })];
      expect(summarise(await w.take(tickets)).refused).toBe(0);
      await w.sync.initialize(TENANT, connectionId);
      w.sim.setFaults(realmId, { latencyMs: 30 });
      await w.sync.syncNow(TENANT, { connectionId });
      const run = (await claimRun(w.database.db, 'test'))!;
      let asked = 0;
      // True once, after the first writes, then never again.
      const flicker = () => asked === 0 && w.sim.counters(realmId).writes >= 60 && ++asked === 1;
      const summary = await executeRun(w.deps, run, { stopRequested: flicker });
      expect(asked).toBe(1);
      expect(summary.status).toBe('stopped');
      await handBackRun(w.database.db, run.id, 'handed back: the test stopped it');
      const [next] = await w.runQueued();
      expect(next).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
      const left = await w.database.db.selectFrom('tickets').select('ticket_id').where('sync_state', '<>', 'posted').where('sync_state', '<>', 'void').execute();
      expect(left).toEqual([]);
      const { inBooks, named } = await booksAndFacts(w, realmId);
      expect(inBooks).toEqual(named);
    } finally {
      await w.close();
    }
  });

  it('a stop among plain requests journalled ahead leaves none of the unsent ones on record; the next run finishes exactly once', async () => {
    const { w, connectionId, realmId, plainDocuments } = await twoBatchesAMinute('lenient', 'denver-5', 14);
    try {
      await w.sync.syncNow(TENANT, { connectionId });
      const run = (await claimRun(w.database.db, 'test'))!;
      // Stopped after a few plain requests: those reserved with them and not sent yet stay unsent.
      const summary = await executeRun(w.deps, run, { stopRequested: () => plainDocuments() >= 5 });
      expect(summary.status).toBe('stopped');
      await handBackAndFinish(w, run.id);
      const { inBooks, named } = await booksAndFacts(w, realmId);
      expect(inBooks.length).toBeGreaterThan(120);
      expect(inBooks).toEqual(named);
    } finally {
      await w.close();
    }
  });

  it.each([
    { reading: 'lenient', plain: true },
    { reading: 'strict', plain: false },
  ])('under the $reading reading, plain requests beside a used-up batch window: $plain; each document once', async ({ reading, plain }) => {
    const { w, connectionId, realmId, limiter, plainDocuments } = await twoBatchesAMinute(reading as 'lenient' | 'strict', 'denver-3', 13);
    try {
      // A batch sent when the limiter would not let it through at once waits a minute at the head of the line, plain requests behind it.
      let batchesMadeToWait = 0;
      const acquire = limiter.acquire.bind(limiter);
      limiter.acquire = (cost, gate) => {
        if (cost.batch && !limiter.admits(cost)) batchesMadeToWait += 1;
        return acquire(cost, gate);
      };
      const before = w.sim.counters(realmId);
      await w.sync.syncNow(TENANT, { connectionId });
      const [run] = await w.runQueued();
      expect(run).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
      const after = w.sim.counters(realmId);
      if (plain) expect(plainDocuments()).toBeGreaterThan(30);
      else expect(plainDocuments()).toBe(0);
      if (plain) expect(batchesMadeToWait).toBe(0);
      expect(after.maxBatchesPerMinute).toBeLessThanOrEqual(2);
      expect(after.throttled - before.throttled).toBe(0);
      const { inBooks, named } = await booksAndFacts(w, realmId);
      expect(inBooks.length).toBeGreaterThan(120);
      expect(inBooks).toEqual(named);
      // Nothing journalled is left open, and a rerun writes nothing.
      const open = await w.database.db.selectFrom('qbo_writes').select('request_id').where('state', '=', 'inflight').where('ticket_id', 'is not', null).execute();
      expect(open).toEqual([]);
      await w.sync.syncNow(TENANT, { connectionId });
      expect((await w.runQueued())[0]).toMatchObject({ total: 0, posted: 0 });
      expect(w.sim.counters(realmId).writes).toBe(after.writes);
    } finally {
      await w.close();
    }
  });
});

/**
 * A company whose limiter allows 2 batches a minute under `reading`, so the batch window is used
 * up at once, with 120 tickets of one day stored and Initialize done. `plainDocuments`: the
 * plain requests carrying a ticket's document since (the set-up records a run adds are plain anyway).
 */
async function twoBatchesAMinute(reading: 'lenient' | 'strict', location: string, seed: number) {
  const w = await startSyncWorld({ backend: backends()[0]!, pageSize: 300, pipelineDepth: 10, timeScale: 600,
    limits: { enabled: true, meterBatchItems: reading === 'strict' } });
  await w.addLocation(location, 'America/Denver');
  const { connectionId, realmId } = await w.connect(location);
  const tickets = [...generateDemoTickets({ seed, locations: [{ id: location, timeZone: 'America/Denver' }], dates: ['2026-11-25'], ticketsPerDay: 120 })];
  expect(summarise(await w.take(tickets)).refused).toBe(0);
  await w.sync.initialize(TENANT, connectionId);
  w.sim.setFaults(realmId, { latencyMs: 5 });
  w.deps.limiters = makeLimiterRegistry();
  const limiter = w.deps.limiters.forCompany(realmId, { limits: { ...w.deps.provider!.limits, batchPerMinute: 2 }, clock: w.clock, pacing: fixedPacing(reading === 'strict') });
  const logged = w.sim.requestLog(realmId).length;
  const plainDocuments = () => w.sim.requestLog(realmId).slice(logged)
    .filter((r) => r.method === 'POST' && ['invoice', 'payment', 'refundreceipt'].includes(r.path)).length;
  return { w, connectionId, realmId, limiter, plainDocuments };
}

/**
 * After a stop: no write of a ticket is left `inflight` in the journal (sent ones are over, unsent
 * ones gone); the run is handed back as a stopping worker does, and its continuation finishes.
 */
async function handBackAndFinish(w: SyncWorld, runId: number): Promise<void> {
  const open = await w.database.db.selectFrom('qbo_writes').select('request_id').where('state', '=', 'inflight').where('ticket_id', 'is not', null).execute();
  expect(open).toEqual([]);
  w.deps.limiters = makeLimiterRegistry();
  await handBackRun(w.database.db, runId, 'handed back: the test stopped it');
  const [next] = await w.runQueued();
  expect(next).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
}
