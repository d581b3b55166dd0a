/**
 * A location's posting mode through the facade (summary-rules §1): the preview says what
 * switching will do before it is saved; a ticket dated on or after the cut-over is never
 * claimed line by line unless line-by-line already posted it; switching back takes a later
 * date than the last day summarised, and days summarised stay summarised.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isServiceError } from '../../src/sync/errors.js';
import { claimTickets, releaseOrphans } from '../../src/store/sync-tickets.js';
import { backends } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const L = 'denver-1';
const at = (date: string) => `${date}T12:00:00-07:00`;

describe.each(backends())('posting mode and cut-over on $name', (backend) => {
  let world: SyncWorld;
  let runId = 9000;
  // What a run would claim line by line (handed back at once, as a dead run's would be).
  const claimable = async () => {
    const claimed = await claimTickets(world.database.db, { tenantId: TENANT, locations: [{ id: L, startDate: null }] }, ++runId, 1000,
      { requireRunningRun: false });
    await releaseOrphans(world.database.db, TENANT, [L], runId, { requireRunningRun: false });
    return claimed.map((c) => c.ticketId).sort();
  };

  beforeAll(async () => {
    world = await startSyncWorld({ backend });
    await world.addLocation(L, 'America/Denver');
    await world.take([
      simpleTicket({ id: 'A', locationId: L, closedAt: at('2026-03-05') }),
      simpleTicket({ id: 'B', locationId: L, closedAt: at('2026-03-06') }),
      simpleTicket({ id: 'C', locationId: L, closedAt: at('2026-03-07') }),
      simpleTicket({ id: 'D', locationId: L, closedAt: at('2026-03-08') }),
    ]);
    // D was posted line by line before the switch: it stays so.
    await world.database.db.updateTable('tickets').set({ posted_version: 1 }).where('ticket_id', '=', 'D').execute();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('starts line by line, and previews a switch to summary without saving it', async () => {
    expect(await world.sync.days.mode(TENANT, L)).toMatchObject({ mode: 'line-by-line', summaryFrom: null, cutOvers: [] });
    const preview = await world.sync.days.previewMode(TENANT, L, { mode: 'summary', from: '2026-03-06' });
    expect(preview).toMatchObject({ refused: null, tickets: { toSummary: 2, toLineByLine: 0, stayLineByLine: 1 },
      days: { toSummary: 2, alreadySummarised: 0 } });
    expect(preview.words).toContain('2 tickets on 2 days');
    expect((await world.sync.days.mode(TENANT, L)).mode).toBe('line-by-line');
    expect(await claimable()).toEqual(['A', 'B', 'C', 'D']);
  });

  it('switches to summary: later tickets are the days\' (never claimed line by line), earlier and already posted ones stay line by line', async () => {
    const view = await world.sync.days.setMode(TENANT, L, { mode: 'summary', from: '2026-03-06', savedBy: 'owner@example.com' });
    expect(view).toMatchObject({ mode: 'summary', summaryFrom: '2026-03-06', cutOvers: [{ mode: 'summary', from: '2026-03-06', savedBy: 'owner@example.com' }] });
    expect(await claimable()).toEqual(['A', 'D']);
    const days = await world.sync.days.list(TENANT, L);
    // 03-08 has only D, which line-by-line posted: no summary day.
    expect(days.map((d) => [d.date, d.state, d.stateWords])).toEqual([['2026-03-07', 'open', 'open'], ['2026-03-06', 'open', 'open']]);
    // A late ticket for a summarised day gets its day, and is not claimed line by line either.
    await world.take([simpleTicket({ id: 'E', locationId: L, closedAt: at('2026-03-09') })]);
    expect(await claimable()).toEqual(['A', 'D']);
    expect((await world.sync.days.list(TENANT, L, { from: '2026-03-09' })).map((d) => d.date)).toEqual(['2026-03-09']);
  });

  it('refuses switching back on or before a day already summarised, and keeps those days summarised after a later cut-over', async () => {
    await world.database.db.updateTable('summary_days').set({ state: 'posted', revision: 1 }).where('business_date', '=', '2026-03-07').execute();
    const refused = await world.sync.days.previewMode(TENANT, L, { mode: 'line-by-line', from: '2026-03-07' });
    expect(refused.refused).toContain('2026-03-07');
    await expect(world.sync.days.setMode(TENANT, L, { mode: 'line-by-line', from: '2026-03-07' })).rejects.toSatisfy((e) => isServiceError(e) && e.code === 'INVALID');
    const back = await world.sync.days.previewMode(TENANT, L, { mode: 'line-by-line', from: '2026-03-09' });
    expect(back).toMatchObject({ refused: null, tickets: { toLineByLine: 1 }, lastSummarisedDate: '2026-03-07' });
    await world.sync.days.setMode(TENANT, L, { mode: 'line-by-line', from: '2026-03-09' });
    expect(await world.sync.days.mode(TENANT, L)).toMatchObject({ mode: 'line-by-line', summaryFrom: null, cutOvers: [{ from: '2026-03-06' }, { from: '2026-03-09' }] });
    // E (03-09) goes line by line; B and C stay in their summarised days.
    expect(await claimable()).toEqual(['A', 'D', 'E']);
  });

  it('refuses a cut-over that is not a date, and an unknown location', async () => {
    await expect(world.sync.days.previewMode(TENANT, L, { mode: 'summary', from: '2026-02-30' })).rejects.toSatisfy((e) => isServiceError(e) && e.code === 'INVALID');
    await expect(world.sync.days.mode(TENANT, 'nowhere')).rejects.toSatisfy((e) => isServiceError(e) && e.code === 'NOT_FOUND');
  });
});
