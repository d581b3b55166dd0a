import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, closeTestDatabase } from '../../test/support/stores.js';
import { simpleTicket } from '../../test/support/tickets.js';
import { ensureTenant } from '../store/tenants.js';
import { upsertLocation } from '../store/locations.js';
import type { Database } from '../store/index.js';
import { summarise, takeTickets } from './take-tickets.js';
import type { IntakeEntry } from './take-tickets.js';

const exampleText = readFileSync(new URL('../../test/fixtures/example-ticket.json', import.meta.url), 'utf8');
const entries = (values: unknown[]): IntakeEntry[] => values.map((v, i) => ({ raw: typeof v === 'string' ? v : JSON.stringify(v), ref: i }));

describe.each(backends())('takeTickets on $name', (backend) => {
  let database: Database;
  const T = 'tenant-a';

  beforeAll(async () => {
    database = await backend.open();
    await ensureTenant(database.db, { id: T, name: 'A' });
    await ensureTenant(database.db, { id: 'tenant-b', name: 'B' });
    const loc = { name: 'Denver', timeZone: 'America/Denver', enabled: true, syncTime: '00:00', syncTimeZone: 'America/Denver', syncStartDate: null };
    await upsertLocation(database.db, T, { id: 'denver-1', ...loc });
    await upsertLocation(database.db, 'tenant-b', { id: 'boston-1', ...loc, timeZone: 'America/New_York' });
  });
  afterAll(async () => {
    if (database) await closeTestDatabase(database);
  });

  it('takes the contract example and keeps it exactly as received', async () => {
    const [r] = await takeTickets(database.db, T, [{ raw: exampleText, ref: 0 }]);
    expect(r).toMatchObject({ outcome: 'taken', locationId: 'denver-1', id: '1042-0007', version: 1 });
    const row = await database.db.selectFrom('tickets').selectAll().where('ticket_id', '=', '1042-0007').executeTakeFirstOrThrow();
    expect(row.raw).toBe(exampleText);
    expect(row).toMatchObject({ business_date: '2026-11-24', total_cents: 1083, sync_state: 'pending', version: 1, status: 'closed' });
    expect((row.normalized as { total: number }).total).toBe(1083);
  });

  it('a batch of 1,000 with 10 bad tickets stores 990 and reports the 10; sending it again changes nothing', async () => {
    const bad = new Set([3, 99, 150, 151, 400, 401, 402, 777, 998, 999]);
    const batch = Array.from({ length: 1000 }, (_, i) => {
      const t = simpleTicket({ id: `B-${i}`, cents: 100 + i });
      if (bad.has(i)) t.total = '0.01';
      return t;
    });
    const first = await takeTickets(database.db, T, entries(batch));
    expect(summarise(first)).toEqual({ taken: 990, unchanged: 0, replaced: 0, refused: 10 });
    const refused = first.filter((r) => r.outcome === 'refused');
    expect(refused.map((r) => r.ref)).toEqual([...bad]);
    expect(refused[0]!.errors!.map((e) => e.path)).toContain('total');
    const count = await database.db.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('ticket_id', 'like', 'B-%').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(990);

    const before = await database.db.selectFrom('tickets').select(['ticket_id', 'updated_at']).where('ticket_id', 'like', 'B-%').orderBy('ticket_id').execute();
    const again = await takeTickets(database.db, T, entries(batch));
    expect(summarise(again)).toEqual({ taken: 0, unchanged: 990, replaced: 0, refused: 10 });
    const after = await database.db.selectFrom('tickets').select(['ticket_id', 'updated_at']).where('ticket_id', 'like', 'B-%').orderBy('ticket_id').execute();
    expect(after).toEqual(before);
  });

  it('a higher version replaces, a lower one is refused, the same one is unchanged', async () => {
    const v = (version: number, cents = 500) => simpleTicket({ id: 'V-1', version, cents });
    expect((await takeTickets(database.db, T, entries([v(2)])))[0]!.outcome).toBe('taken');
    const results = await takeTickets(database.db, T, entries([v(2), v(1), v(3, 700), v(3, 700)]));
    expect(results.map((r) => r.outcome)).toEqual(['unchanged', 'refused', 'replaced', 'unchanged']);
    expect(results[1]!.errors).toEqual([{ path: 'version', message: 'version 1 is lower than the stored version 2' }]);
    const row = await database.db.selectFrom('tickets').select(['version', 'total_cents']).where('ticket_id', '=', 'V-1').executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 3, total_cents: 700 });
  });

  it('warns when the same version comes back with other content', async () => {
    await takeTickets(database.db, T, entries([simpleTicket({ id: 'W-1', cents: 100 })]));
    const [r] = await takeTickets(database.db, T, entries([simpleTicket({ id: 'W-1', cents: 200 })]));
    expect(r).toMatchObject({ outcome: 'unchanged' });
    expect(r!.warning).toContain('different content');
  });

  it('an edit after posting sends the ticket back to pending; a void of a ticket never posted is void', async () => {
    await takeTickets(database.db, T, entries([simpleTicket({ id: 'E-1' }), simpleTicket({ id: 'E-2' })]));
    await database.db.updateTable('tickets').set({ sync_state: 'posted', posted_version: 1 }).where('ticket_id', '=', 'E-1').execute();
    await takeTickets(database.db, T, entries([simpleTicket({ id: 'E-1', version: 2, cents: 999 }), simpleTicket({ id: 'E-2', version: 2, status: 'voided' })]));
    const rows = await database.db.selectFrom('tickets').select(['ticket_id', 'sync_state', 'posted_version']).where('ticket_id', 'in', ['E-1', 'E-2']).orderBy('ticket_id').execute();
    expect(rows).toEqual([
      { ticket_id: 'E-1', sync_state: 'pending', posted_version: 1 },
      { ticket_id: 'E-2', sync_state: 'void', posted_version: null },
    ]);
  });

  it('refuses unknown locations, including another tenant\'s', async () => {
    const results = await takeTickets(database.db, T, entries([simpleTicket({ id: 'X-1', locationId: 'boston-1' }), simpleTicket({ id: 'X-2', locationId: 'nowhere' })]));
    expect(results.map((r) => [r.outcome, r.errors?.[0]?.path])).toEqual([['refused', 'locationId'], ['refused', 'locationId']]);
  });

  it('refuses malformed JSON and non-objects by themselves, keeping the rest', async () => {
    const results = await takeTickets(database.db, T, [
      { raw: '{"id": "M-1",', ref: 0 }, { raw: '42', ref: 1 }, { raw: JSON.stringify(simpleTicket({ id: 'M-3' })), ref: 2 },
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['refused', 'refused', 'taken']);
    expect(results[0]!.errors![0]!.message).toContain('not valid JSON');
  });

  it('dates a ticket by the location\'s zone', async () => {
    await takeTickets(database.db, T, entries([
      simpleTicket({ id: 'D-1', closedAt: '2026-11-25T06:55:00Z' }),
      simpleTicket({ id: 'D-2', closedAt: '2026-11-25T07:05:00Z' }),
    ]));
    const rows = await database.db.selectFrom('tickets').select(['ticket_id', 'business_date']).where('ticket_id', 'in', ['D-1', 'D-2']).orderBy('ticket_id').execute();
    expect(rows.map((r) => r.business_date)).toEqual(['2026-11-24', '2026-11-25']);
  });
  it('refuses a date at the calendar\'s edge by itself, naming closedAt, and keeps its neighbours', async () => {
    const edges = ['0001-01-01T00:00:00Z', '0000-01-01T00:00:00+00:00', '1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
      '2026-11-24T24:00:00Z', '2026-11-24T12:00:00+24:00', '2026-11-24T12:00:00-15:00', '2026-11-24T12:00:60Z'];
    const batch = [simpleTicket({ id: 'EDGE-good-1' }), ...edges.map((closedAt, i) => simpleTicket({ id: `EDGE-${i}`, closedAt })), simpleTicket({ id: 'EDGE-good-2' })];
    const results = await takeTickets(database.db, T, entries(batch));
    expect(results.map((r) => r.outcome)).toEqual(['taken', ...edges.map(() => 'refused'), 'taken']);
    for (const r of results.slice(1, -1)) expect(r.errors!.map((e) => e.path)).toEqual(['closedAt']);
    expect(results[1]!.errors![0]!.message).toContain('outside the dates this service takes (2000-01-01 to 2099-12-31)');
    const stored = await database.db.selectFrom('tickets').select('ticket_id').where('ticket_id', 'like', 'EDGE-%').execute();
    expect(stored.map((r) => r.ticket_id).sort()).toEqual(['EDGE-good-1', 'EDGE-good-2']);
    // The calendar's own edges, inside the range, are taken (+14:00 is a real offset).
    const inside = await takeTickets(database.db, T, entries([simpleTicket({ id: 'EDGE-first', closedAt: '2000-01-01T00:00:00Z' }),
      simpleTicket({ id: 'EDGE-last', closedAt: '2099-12-31T23:59:59+14:00' })]));
    expect(inside.map((r) => r.outcome)).toEqual(['taken', 'taken']);
  });

  it('refuses only the ticket the database itself refuses, keeping the rest of the chunk (per-record isolation)', async () => {
    // A value the contract allows but this database will not hold: the intake must not know
    // in advance which record the store refuses, only that its neighbours never pay for it.
    await sql`ALTER TABLE tickets ADD CONSTRAINT refuse_poison CHECK (ticket_id NOT LIKE 'POISON%')`.execute(database.db);
    try {
      const batch = [simpleTicket({ id: 'ISO-1' }), simpleTicket({ id: 'POISON-1' }), simpleTicket({ id: 'ISO-2' })];
      const results = await takeTickets(database.db, T, entries(batch));
      expect(results.map((r) => r.outcome)).toEqual(['taken', 'refused', 'taken']);
      expect(results[1]!.errors![0]!.message).toMatch(/the database refused a value of this ticket .*nothing of it was kept/);
      const stored = await database.db.selectFrom('tickets').select('ticket_id').where('ticket_id', 'in', ['ISO-1', 'ISO-2', 'POISON-1']).execute();
      expect(stored.map((r) => r.ticket_id).sort()).toEqual(['ISO-1', 'ISO-2']);
    } finally {
      await sql`ALTER TABLE tickets DROP CONSTRAINT refuse_poison`.execute(database.db);
    }
  });

  it('refuses a ticket over its size limit, or with too much text in fields it does not know, naming the limit', async () => {
    const padded = { ...simpleTicket({ id: 'BIG-1' }), padding: 'x'.repeat(300 * 1024) };
    const extra = { ...simpleTicket({ id: 'BIG-2' }), lines: [{ ...(simpleTicket({ id: 'x' }).lines as object[])[0], posNotes: 'y'.repeat(20_000) }] };
    const small = { ...simpleTicket({ id: 'BIG-3' }), posTerminal: 'T2' };
    const results = await takeTickets(database.db, T, entries([padded, extra, small]));
    expect(results.map((r) => r.outcome)).toEqual(['refused', 'refused', 'taken']);
    expect(results[0]!.errors![0]!.message).toMatch(/a ticket may be at most 262,144/);
    expect(results[0]!).toMatchObject({ id: 'BIG-1' });
    expect(results[1]!.errors![0]).toMatchObject({ path: 'lines[0].posNotes', message: expect.stringMatching(/at most 16,384 of them/) });
  });
});
