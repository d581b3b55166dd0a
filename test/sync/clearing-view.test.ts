/**
 * The clearing balances view (issue 15 item 4) over the store, on both backends: card tenders of
 * posted tickets from the processor's start date go in (cash, earlier days and unposted tickets
 * do not), refunds come back out, payouts take their gross out on their arrival date; the
 * balance in transit by date, a payout naming one store compared with that store's tenders, the
 * usual delay settable per processor (default 5 days) with bad values refused naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takePayouts } from '../../src/intake/take-payouts.js';
import { takeTickets } from '../../src/intake/take-tickets.js';
import type { Database } from '../../src/store/index.js';
import { clearingOverview, setUsualDelay } from '../../src/sync/payouts/clearing.js';
import type { SyncDeps } from '../../src/sync/index.js';
import { payout, recordsTenant } from '../support/records.js';
import { backends, closeTestDatabase } from '../support/stores.js';
import { simpleTicket } from '../support/tickets.js';

const TENANT = 't-clearing';

describe.each(backends())('clearing balances on $name', (backend) => {
  let database: Database;
  let deps: SyncDeps;

  beforeAll(async () => {
    database = await backend.open();
    const db = database.db;
    const { connectionId } = await recordsTenant(db, TENANT);
    await db.updateTable('locations').set({ connection_id: connectionId }).where('tenant_id', '=', TENANT).execute();
    // Looked at on 2026-11-09 in Denver.
    deps = { database, clock: { now: () => Date.parse('2026-11-09T19:00:00Z') } } as unknown as SyncDeps;
    const card = (id: string, day: string, cents: number, extra: Record<string, unknown> = {}) => {
      const t = simpleTicket({ id, cents, closedAt: `2026-11-${day}T12:00:00-07:00` });
      return { ...t, payments: [{ method: 'credit_card', amount: t.total as string, label: 'Visa' }], ...extra };
    };
    const tickets = [card('T1', '02', 10_000), card('T2', '03', 20_000), card('T3', '04', -1_500), card('UNPOSTED', '03', 7_700),
      simpleTicket({ id: 'CASH', cents: 5_000, closedAt: '2026-11-03T12:00:00-07:00' }),
      { ...card('OLD', '01', 99_900), closedAt: '2026-10-31T12:00:00-06:00' }];
    await takeTickets(db, TENANT, tickets.map((t, i) => ({ raw: JSON.stringify(t), ref: i })));
    // Posted, as a run would leave them (the unposted one is not).
    await db.updateTable('tickets').set({ sync_state: 'posted', posted_version: 1 }).where('tenant_id', '=', TENANT).where('ticket_id', '!=', 'UNPOSTED').execute();
    const taken = await takePayouts(db, TENANT, [
      payout({ id: 'po_a', arrivalDate: '2026-11-05', gross: '300.00', fees: '8.70', adjustments: '-15.00', net: '276.30',
        periodStart: '2026-11-02T00:00:00-07:00', periodEnd: '2026-11-04T00:00:00-07:00', locationId: 'denver-1' }),
    ].map((p, i) => ({ raw: JSON.stringify(p), ref: i })));
    expect(taken.map((t) => t.outcome)).toEqual(['taken']);
  });
  afterAll(async () => { if (database) await closeTestDatabase(database); });

  it('adds posted card tenders in and payouts out, by date, with the balance in transit', async () => {
    const { today, processors } = await clearingOverview(deps, TENANT);
    expect(today).toBe('2026-11-09');
    expect(processors).toHaveLength(1);
    const [square] = processors;
    expect(square).toMatchObject({ processor: 'square', from: '2026-11-01', usualDelayDays: 5, tendersIn: '285.00', payoutsOut: '300.00', balance: '-15.00',
      notInQuickBooks: '300.00', clearingAccount: { id: '90', name: 'Card clearing - square' } });
    expect(square!.days).toEqual([
      { date: '2026-11-02', tendersIn: '100.00', payoutsOut: '0.00', balance: '100.00' },
      { date: '2026-11-03', tendersIn: '200.00', payoutsOut: '0.00', balance: '300.00' },
      { date: '2026-11-04', tendersIn: '-15.00', payoutsOut: '0.00', balance: '285.00' },
      { date: '2026-11-05', tendersIn: '0.00', payoutsOut: '300.00', balance: '-15.00' },
    ]);
    // po_a covers 11-02 and 11-03 (its end at midnight excludes 11-04): 300.00, its gross.
    expect(square!.payouts).toEqual([expect.objectContaining({ id: 'po_a', covered: '300.00', difference: '0.00', state: 'pending' })]);
    expect(square!.warnings.map((w) => w.kind)).toEqual(['negative']);
  });

  it('keeps the usual delay per processor, and refuses a bad one naming the field', async () => {
    await expect(setUsualDelay(deps, TENANT, 'Square ', 61, 'test')).rejects.toThrow('days 61 must be a whole number of days from 0 to 60');
    await expect(setUsualDelay(deps, TENANT, '', 2, 'test')).rejects.toThrow('processor "" must be 1 to 64 characters');
    expect(await setUsualDelay(deps, TENANT, 'Square ', 2, 'test')).toEqual({ processor: 'Square', usualDelayDays: 2 });
    const [square] = (await clearingOverview(deps, TENANT, { processor: 'SQUARE' })).processors;
    expect(square!.usualDelayDays).toBe(2);
    await expect(clearingOverview(deps, TENANT, { processor: 'stripe' })).rejects.toThrow('no processor "stripe" with payouts turned on');
  });
});
