/**
 * What a line-by-line run writes to the embedded store (issue 17, CPU per ticket): on PGlite
 * each row written costs about 0.2 ms of CPU, so a clean run writes each ticket's row twice -
 * claimed, then settled with its facts at its page's end - and each QuickBooks write one journal
 * row, inserted before it is sent and deleted at that page's end. Not once per batch that
 * touched the ticket (an invoice batch, then a payments batch), as before.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import { summarise } from '../../src/intake/take-tickets.js';
import { booksAndFacts } from '../support/books.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

interface TableActivity { inserted: number; updated: number; deleted: number; live: number }

/** PGlite's activity counters of a table (flushed first: they reach the views at most once a second). */
async function activity(world: SyncWorld, table: string): Promise<TableActivity> {
  const db = world.database.db;
  await sql`SELECT pg_stat_force_next_flush()`.execute(db);
  const { rows } = await sql<{ ins: string; upd: string; del: string; live: string }>`
    SELECT n_tup_ins AS ins, n_tup_upd AS upd, n_tup_del AS del, n_live_tup AS live FROM pg_stat_user_tables
    WHERE schemaname = current_schema() AND relname = ${table}`.execute(db);
  const r = rows[0]!;
  return { inserted: Number(r.ins), updated: Number(r.upd), deleted: Number(r.del), live: Number(r.live) };
}

const delta = (after: TableActivity, before: TableActivity) => ({
  inserted: after.inserted - before.inserted, updated: after.updated - before.updated, deleted: after.deleted - before.deleted,
});

describe('rows a run writes on the embedded store', () => {
  let world: SyncWorld;

  beforeAll(async () => {
    const pglite = backends().find((b) => b.name === 'pglite')!;
    // No throttling: a retried batch would update its journal rows (same requestids) instead of inserting them.
    world = await startSyncWorld({ backend: pglite, pageSize: 100, limits: { enabled: false } });
    await world.addLocation('denver-1', 'America/Denver');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('writes each ticket twice and each QuickBooks write one journal row, gone once the run ends', async () => {
    const { connectionId, realmId } = await world.connect('denver-1');
    const tickets = [...generateDemoTickets({ seed: 21, locations: [{ id: 'denver-1', timeZone: 'America/Denver' }], dates: ['2026-11-21', '2026-11-22'], ticketsPerDay: 120 })];
    expect(summarise(await world.take(tickets)).refused).toBe(0);
    await world.sync.initialize(TENANT, connectionId);
    // Answers take a while, so several batches (and pages' worth of answers) are in flight together.
    world.sim.setFaults(realmId, { latencyMs: 10 });
    const ticketsBefore = await activity(world, 'tickets');
    const journalBefore = await activity(world, 'qbo_writes');
    const writesBefore = world.sim.counters(realmId).writes;

    await world.sync.syncNow(TENANT, { connectionId });
    const [run] = await world.runQueued();
    expect(run).toMatchObject({ status: 'finished', skipped: 0, pending: 0 });
    const posted = run!.posted + run!.voided;
    expect(posted).toBeGreaterThan(200);
    const writes = world.sim.counters(realmId).writes - writesBefore;
    // A sale is an invoice and its payments: more writes than tickets, in more than one batch each.
    expect(writes).toBeGreaterThan(posted);

    expect(delta(await activity(world, 'tickets'), ticketsBefore)).toEqual({ inserted: 0, updated: 2 * posted, deleted: 0 });
    // Set-up records a ticket named and QuickBooks lacked (payment methods, items) are created
    // during the run too; their journal rows carry no ticket and leave at the run's end (see the note in qbo-writes.ts).
    const left = await world.database.db.selectFrom('qbo_writes').select(['ticket_id', 'doc_kind']).execute();
    expect(left).toEqual([]);
    expect(delta(await activity(world, 'qbo_writes'), journalBefore)).toEqual({ inserted: writes, updated: 0, deleted: writes });
    // Every document the facts name is in QuickBooks once, and a rerun writes nothing.
    const { inBooks, named } = await booksAndFacts(world, realmId);
    expect(inBooks.length).toBeGreaterThan(200);
    expect(inBooks).toEqual(named);
    await world.sync.syncNow(TENANT, { connectionId });
    expect((await world.runQueued())[0]).toMatchObject({ total: 0, posted: 0 });
    expect(world.sim.counters(realmId).writes - writesBefore).toBe(writes);
  });
});
