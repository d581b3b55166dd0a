/**
 * The ticket outcome table through the store, on every backend: each outcome settles a held
 * ticket in the state its row names; each named move and each new-version row does what the
 * table says and nothing else; a move outside the table throws.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import { simpleTicket } from '../../test/support/tickets.js';
import { IllegalTransitionError } from '../domain/outcome-table.js';
import { emptyDocs } from '../domain/ticket-docs.js';
import { TICKET_STATES, TICKET_TABLE, stateAfterNewVersion } from '../domain/ticket-outcomes.js';
import type { TicketOutcome, TicketState } from '../domain/ticket-outcomes.js';
import { takeTickets } from '../intake/take-tickets.js';
import type { Database } from './index.js';
import { upsertLocation } from './locations.js';
import { claimTickets, finishTickets, releaseOrphans, requeueTickets, saveFacts } from './sync-tickets.js';
import type { TicketSettlement } from './sync-tickets.js';
import { ensureTenant } from './tenants.js';
import { ticketMove } from './ticket-moves.js';

const T = 'tenant';
const L = 'denver-1';

describe.each(backends())('the ticket outcome table through the store on $name', (backend) => {
  let database: Database;
  let n = 0;
  let runId = 1000;

  beforeAll(async () => {
    database = await backend.open();
    await ensureTenant(database.db, { id: T, name: T });
    await upsertLocation(database.db, T, { id: L, name: L, timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  const scope = (ticketId: string) => ({ tenantId: T, locations: [{ id: L, startDate: null }], keys: [{ locationId: L, ticketId }] });
  const take = (id: string, opts: { version?: number; status?: 'closed' | 'voided' } = {}) =>
    takeTickets(database.db, T, [{ raw: JSON.stringify(simpleTicket({ id, locationId: L, ...opts })), ref: 0 }]);
  const stateOf = async (id: string) => (await database.db.selectFrom('tickets').select(['sync_state', 'posted_version'])
    .where('tenant_id', '=', T).where('location_id', '=', L).where('ticket_id', '=', id).executeTakeFirstOrThrow());
  const settlement = (id: string, outcome: TicketOutcome, version = 1): TicketSettlement =>
    ({ locationId: L, ticketId: id, version, outcome, postedVersion: outcome === 'posted' ? version : null, error: null, epoch: 0 });
  const heldTicket = async () => {
    const id = `t${++n}`;
    await take(id);
    const claimed = await claimTickets(database.db, scope(id), ++runId, 10, { requireRunningRun: false });
    expect(claimed.map((c) => c.ticketId)).toEqual([id]);
    expect((await stateOf(id)).sync_state).toBe(ticketMove('claim').to);
    return id;
  };

  it.each(Object.keys(TICKET_TABLE.outcomes) as TicketOutcome[])('settles a held ticket with outcome "%s" in the state of its row', async (outcome) => {
    const id = await heldTicket();
    await finishTickets(database.db, T, runId, [settlement(id, outcome)]);
    expect((await stateOf(id)).sync_state).toBe(TICKET_TABLE.outcomes[outcome].next);
  });

  it('settles a ticket edited while its run held it as "edited", whatever the run made of it', async () => {
    const id = await heldTicket();
    await take(id, { version: 2 });
    expect((await stateOf(id)).sync_state).toBe('posting');
    await finishTickets(database.db, T, runId, [settlement(id, 'posted', 1)]);
    expect((await stateOf(id)).sync_state).toBe(TICKET_TABLE.outcomes.edited.next);
  });

  it('leaves a ticket another run took over alone: a stalled run\'s late facts and settle change nothing', async () => {
    const id = await heldTicket();
    const stalled = runId;
    expect(await releaseOrphans(database.db, T, [L], runId, { requireRunningRun: false })).toBeGreaterThanOrEqual(1);
    const claimed = await claimTickets(database.db, scope(id), ++runId, 10, { requireRunningRun: false });
    expect(claimed.map((c) => c.ticketId)).toEqual([id]);
    const docs = { ...emptyDocs(), docNumber: 'D-1' };
    expect([...await saveFacts(database.db, T, stalled, [{ locationId: L, ticketId: id, docs }])]).toEqual([]);
    await finishTickets(database.db, T, stalled, [settlement(id, 'refused')]);
    expect((await stateOf(id)).sync_state).toBe(ticketMove('claim').to);
    expect([...await saveFacts(database.db, T, runId, [{ locationId: L, ticketId: id, docs }])]).toHaveLength(1);
    await finishTickets(database.db, T, runId, [settlement(id, 'posted')]);
    expect((await stateOf(id)).sync_state).toBe('posted');
  });

  it('releases the tickets of a dead run, and resyncs only skipped tickets', async () => {
    const held = await heldTicket();
    expect(await releaseOrphans(database.db, T, [L], runId, { requireRunningRun: false })).toBeGreaterThanOrEqual(1);
    expect((await stateOf(held)).sync_state).toBe(ticketMove('release').to);

    const refused = await heldTicket();
    await finishTickets(database.db, T, runId, [settlement(refused, 'refused')]);
    const posted = await heldTicket();
    await finishTickets(database.db, T, runId, [settlement(posted, 'posted')]);
    const { requeued } = await requeueTickets(database.db, T, [{ locationId: L, ticketId: refused }, { locationId: L, ticketId: posted }]);
    expect(requeued.map((k) => k.ticketId)).toContain(refused);
    expect((await stateOf(refused)).sync_state).toBe(ticketMove('resync').to);
    expect((await stateOf(posted)).sync_state).toBe('posted');
  });

  it('applies the new-version rows to every state, as the domain reads them', async () => {
    const checked: string[] = [];
    for (const from of TICKET_STATES) {
      for (const posted of [null, 1]) {
        for (const status of ['closed', 'voided'] as const) {
          const id = `nv-${from}-${posted}-${status}`;
          await take(id);
          await database.db.updateTable('tickets').set({ sync_state: from, posted_version: posted })
            .where('tenant_id', '=', T).where('ticket_id', '=', id).execute();
          await take(id, { version: 2, status });
          const expected: TicketState = stateAfterNewVersion(from, posted, status);
          expect((await stateOf(id)).sync_state, id).toBe(expected);
          checked.push(`${from}/${posted}/${status}→${expected}`);
        }
      }
    }
    expect(checked).toHaveLength(TICKET_STATES.length * 4);
  });

  it('refuses a move outside the table, loudly', async () => {
    const id = await heldTicket();
    await expect(finishTickets(database.db, T, runId, [settlement(id, 'misplaced' as TicketOutcome)])).rejects.toThrow(IllegalTransitionError);
    expect(() => ticketMove('teleport' as never)).toThrow('no ticket move "teleport"');
    expect((await stateOf(id)).sync_state).toBe('posting');
  });
});
