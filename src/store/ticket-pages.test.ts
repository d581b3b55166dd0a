/**
 * Keyset paging of the Tickets page against real PGlite (and PostgreSQL when
 * TEST_DATABASE_URL is set): walking Older from the first page and Newer back from the last
 * visits every matching ticket exactly once, in the page's order, under every filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import { simpleTicket } from '../../test/support/tickets.js';
import { takeTickets } from '../intake/take-tickets.js';
import type { Database } from './index.js';
import { upsertLocation } from './locations.js';
import { ensureTenant } from './tenants.js';
import { existingTicketKeys, ticketPage } from './ticket-pages.js';
import type { TicketCursor, TicketFilter, TicketListRow } from './ticket-pages.js';
import { ticketKey } from '../domain/ticket.js';

const LOCATIONS = ['denver-1', 'boulder/2'];
// Ids that sort differently as text and as numbers, with a slash and a non-ASCII letter.
const IDS = ['1', '10', '2', 'A-7', 'a/b', 'Zoë', '100', '09'];
const DAYS = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];

describe.each(backends())('ticketPage on $name', (backend) => {
  let database: Database;

  beforeAll(async () => {
    database = await backend.open();
    const { db } = database;
    for (const tenant of ['t1', 't2']) {
      await ensureTenant(db, { id: tenant, name: tenant });
      for (const id of LOCATIONS) {
        await upsertLocation(db, tenant, { id, name: id, timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null });
      }
    }
    const entries = LOCATIONS.flatMap((loc) => DAYS.flatMap((day) => IDS.map((id) => `${day}|${loc}|${day.slice(-2)}-${id}`)))
      .map((key, i) => {
        const [day, loc, id] = key.split('|') as [string, string, string];
        return { raw: JSON.stringify(simpleTicket({ id, locationId: loc, closedAt: `${day}T12:00:00-07:00`, cents: 100 + i })), ref: i };
      });
    await takeTickets(db, 't1', entries);
    // The other tenant holds the very same keys: none may ever show up in t1's pages.
    await takeTickets(db, 't2', entries.slice(0, 20));
    await db.updateTable('tickets').set({ sync_state: 'skipped' })
      .where('tenant_id', '=', 't1').where('ticket_id', 'like', '%-1%').execute();
    await db.updateTable('tickets').set({ sync_state: 'posted' }).where('tenant_id', '=', 't2').execute();
  });
  afterAll(async () => closeTestDatabase(database));

  /** Every row the filter matches, in the page order, straight from SQL. */
  async function expected(filter: TicketFilter): Promise<string[]> {
    let q = database.db.selectFrom('tickets').select(['location_id', 'ticket_id']).where('tenant_id', '=', 't1');
    if (filter.state) q = q.where('sync_state', '=', filter.state);
    if (filter.locationId) q = q.where('location_id', '=', filter.locationId);
    if (filter.from) q = q.where('business_date', '>=', filter.from);
    if (filter.to) q = q.where('business_date', '<=', filter.to);
    const rows = await q.orderBy('business_date', 'desc').orderBy('location_id').orderBy('ticket_id').execute();
    return rows.map((r) => `${r.location_id}/${r.ticket_id}`);
  }

  const keyText = (rows: TicketListRow[]) => rows.map((r) => `${r.locationId}/${r.ticketId}`);

  const filters: [string, TicketFilter][] = [
    ['no filter', {}],
    ['a state', { state: 'skipped' }],
    ['a location', { locationId: 'boulder/2' }],
    ['a date range', { from: '2026-11-21', to: '2026-11-22' }],
    ['everything at once', { state: 'pending', locationId: 'denver-1', from: '2026-11-22' }],
  ];

  it.each(filters)('walks Older then Newer over every ticket exactly once (%s)', async (_name, filter) => {
    const all = await expected(filter);
    expect(all.length).toBeGreaterThan(0);
    const pages: TicketListRow[][] = [];
    let page = await ticketPage(database.db, 't1', filter, { limit: 5 });
    expect(page.newer).toBeNull();
    pages.push(page.rows);
    while (page.older) {
      page = await ticketPage(database.db, 't1', filter, { limit: 5, after: page.older });
      expect(page.newer).not.toBeNull();
      pages.push(page.rows);
    }
    expect(pages.flatMap(keyText)).toEqual(all);
    // And back: from the last page, Newer visits the same pages in reverse.
    const back: string[][] = [keyText(page.rows)];
    while (page.newer) {
      page = await ticketPage(database.db, 't1', filter, { limit: 5, before: page.newer });
      back.unshift(keyText(page.rows));
    }
    expect(back).toEqual(pages.map(keyText));
    expect(page.newer).toBeNull();
  });

  it('answers an empty first page when nothing matches', async () => {
    const page = await ticketPage(database.db, 't1', { from: '2030-01-01' });
    expect(page).toEqual({ rows: [], newer: null, older: null });
  });

  it('never shows another tenant\'s tickets, even through a cursor naming them', async () => {
    const t2 = await ticketPage(database.db, 't2', {}, { limit: 100 });
    expect(t2.rows).toHaveLength(20);
    expect(t2.rows.every((r) => r.state === 'posted')).toBe(true);
    const cursor: TicketCursor = { businessDate: '2026-11-23', locationId: 'a', ticketId: '' };
    const t1 = await ticketPage(database.db, 't1', { state: 'posted' }, { after: cursor });
    expect(t1.rows).toEqual([]);
  });

  it('returns the columns the page shows', async () => {
    const { rows } = await ticketPage(database.db, 't1', { locationId: 'denver-1', from: '2026-11-20', to: '2026-11-20' }, { limit: 1 });
    expect(rows[0]).toMatchObject({ businessDate: '2026-11-20', locationId: 'denver-1', ticketId: '20-09', version: 1, state: 'pending', qboDocNumber: null, lastError: null });
    expect(Number.isSafeInteger(rows[0]!.totalCents)).toBe(true);
  });

  it('tells which selected tickets are the tenant\'s own', async () => {
    const keys = [
      { locationId: 'denver-1', ticketId: '20-1' }, { locationId: 'denver-1', ticketId: 'nope' }, { locationId: 'elsewhere', ticketId: '20-1' },
    ];
    expect(await existingTicketKeys(database.db, 't1', keys)).toEqual(new Set([ticketKey('denver-1', '20-1')]));
    expect(await existingTicketKeys(database.db, 't2', [{ locationId: 'boulder/2', ticketId: '20-1' }])).toEqual(new Set());
  });
});
