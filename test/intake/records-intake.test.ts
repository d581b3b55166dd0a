/**
 * Drawer operations and payouts in through the API (records-format.md, issue 14 item 4, issue
 * 15 item 1), on both backends: one, a batch or NDJSON; a bad record refused naming the field
 * and the value, its good neighbours kept; the same record again changes nothing, a higher
 * version replaces, a lower one is refused; a payout's arithmetic and processor checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../../src/lib/logger.js';
import { createApiKey } from '../../src/store/api-keys.js';
import { listDrawerOperationsForDay } from '../../src/store/drawer-operations.js';
import type { Database } from '../../src/store/index.js';
import { getPayout, listPayouts } from '../../src/store/payouts.js';
import { buildApp } from '../../src/web/app.js';
import { drawerOperation, payout, recordsTenant } from '../support/records.js';
import { backends, closeTestDatabase } from '../support/stores.js';

type Answer = { summary: Record<string, number>; results: { index: number; outcome: string; errors?: { field: string; message: string }[] }[] };

describe.each(backends())('POS records intake on $name', (backend) => {
  let database: Database;
  let app: FastifyInstance;
  let key: string;
  beforeAll(async () => {
    database = await backend.open();
    await recordsTenant(database.db, 'a');
    key = (await createApiKey(database.db, 'a', 'pos')).key;
    app = await buildApp({ db: database.db, logger: silentLogger });
  });
  afterAll(async () => {
    await app?.close();
    if (database) await closeTestDatabase(database);
  });

  const post = async (url: string, body: unknown, contentType = 'application/json') => {
    const res = await app.inject({ method: 'POST', url, payload: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType } });
    return { status: res.statusCode, body: res.json() as Answer };
  };

  it('drawer operations: a mixed batch keeps the good ones and names each bad field and value', async () => {
    const res = await post('/api/v1/drawer-operations', [
      drawerOperation({ id: 'op-1' }),
      drawerOperation({ id: 'op-2', kind: 'paid_in', amount: '40.00', reason: 'Float top-up', category: undefined, at: '2026-11-24T23:30:00-07:00' }),
      drawerOperation({ id: 'op-3', amount: '-5.00' }),
      drawerOperation({ id: 'op-4', kind: 'refund' }),
      drawerOperation({ id: 'op-5', at: '2026-11-24 19:30' }),
      drawerOperation({ id: 'op-6', reason: 'a\u0000b' }),
      drawerOperation({ id: 'op-7', locationId: 'nowhere' }),
      // 06:30 UTC on the 25th is still the 24th in Denver.
      drawerOperation({ id: 'op-8', kind: 'drop', amount: '200.00', at: '2026-11-25T06:30:00Z' }),
    ]);
    expect(res.status).toBe(207);
    expect(res.body.summary).toEqual({ taken: 3, unchanged: 0, replaced: 0, refused: 5 });
    const errors = Object.fromEntries(res.body.results.filter((r) => r.errors).map((r) => [r.index, r.errors!.map((e) => `${e.field}: ${e.message}`).join('; ')]));
    expect(errors[2]).toMatch(/^amount: must be greater than 0, got "-5.00"/);
    expect(errors[3]).toMatch(/^kind: must be "paid_in", "paid_out" or "drop" \(got "refund"\)/);
    expect(errors[4]).toContain('at: "2026-11-24 19:30" is not an RFC 3339 timestamp');
    expect(errors[5]).toMatch(/^reason: holds a character that cannot be stored/);
    expect(errors[6]).toContain('locationId: unknown location "nowhere"');
    const day = await listDrawerOperationsForDay(database.db, 'a', 'denver-1', '2026-11-24');
    expect(day.map((o) => [o.id, o.kind, o.amount, o.businessDate])).toEqual([
      ['op-1', 'paid_out', 1250, '2026-11-24'], ['op-2', 'paid_in', 4000, '2026-11-24'], ['op-8', 'drop', 20000, '2026-11-24']]);
    expect(day[0]).toMatchObject({ reason: 'Window cleaner', category: 'cleaning', version: 1 });
    expect(await listDrawerOperationsForDay(database.db, 'a', 'denver-1', '2026-11-25')).toEqual([]);
  });

  it('drawer operations: the same again changes nothing, a higher version replaces (and may move the day), a lower one is refused', async () => {
    expect((await post('/api/v1/drawer-operations', drawerOperation({ id: 'op-1' }))).body.results[0]!.outcome).toBe('unchanged');
    const ndjson = [drawerOperation({ id: 'op-1', version: 2, amount: '13.00', at: '2026-11-25T09:00:00-07:00' }), drawerOperation({ id: 'op-2', version: 1 })]
      .map((o) => JSON.stringify(o)).join('\n');
    const res = await post('/api/v1/drawer-operations', ndjson, 'application/x-ndjson');
    expect(res.body.results.map((r) => r.outcome)).toEqual(['replaced', 'unchanged']);
    const lower = await post('/api/v1/drawer-operations', drawerOperation({ id: 'op-1', version: 1 }));
    expect(lower.status).toBe(422);
    expect(lower.body.results[0]!.errors).toEqual([expect.objectContaining({ field: 'version', message: 'version 1 is lower than the stored version 2' })]);
    expect((await listDrawerOperationsForDay(database.db, 'a', 'denver-1', '2026-11-24')).map((o) => o.id)).toEqual(['op-2', 'op-8']);
    expect(await listDrawerOperationsForDay(database.db, 'a', 'denver-1', '2026-11-25')).toMatchObject([{ id: 'op-1', version: 2, amount: 1300 }]);
  });

  it('payouts: arithmetic, unknown processor and a processor not turned on are refused naming the field; the good ones kept', async () => {
    const res = await post('/api/v1/payouts', [
      payout({ id: 'po_1' }),
      payout({ id: 'po_2', net: '960.00' }),
      payout({ id: 'po_3', processor: 'worldpay' }),
      payout({ id: 'po_4', processor: 'stripe' }),
      payout({ id: 'po_5', fees: '-1.00', net: '985.00' }),
      payout({ id: 'po_6', gross: 1000, arrivalDate: '26/11/2026' }),
      payout({ id: 'po_7', adjustments: undefined, net: '970.70', locationId: 'denver-1', periodStart: '2026-11-20T00:00:00-07:00', periodEnd: '2026-11-24T23:59:59-07:00' }),
    ]);
    expect(res.status).toBe(207);
    expect(res.body.summary).toEqual({ taken: 2, unchanged: 0, replaced: 0, refused: 5 });
    const errors = (i: number) => res.body.results[i]!.errors!.map((e) => `${e.field}: ${e.message}`);
    expect(errors(1)).toEqual(['net: net 960.00 ≠ gross 1000.00 − fees 29.30 + adjustments -15.00 = 955.70']);
    expect(errors(2)).toEqual([expect.stringMatching(/^processor: unknown processor "worldpay"/)]);
    expect(errors(3)).toEqual([expect.stringMatching(/^processor: payouts are not turned on for processor "stripe"/)]);
    expect(errors(4)).toEqual([expect.stringMatching(/^fees: must not be negative, got "-1.00"/)]);
    expect(errors(5)).toEqual([expect.stringMatching(/^arrivalDate: "26\/11\/2026" is not a date YYYY-MM-DD/),
      expect.stringMatching(/^gross: must be a decimal string such as "1000.00", not a JSON number/)]);
    const stored = await listPayouts(database.db, 'a');
    expect(stored.map((p) => [p.id, p.gross, p.fees, p.adjustments, p.net, p.state])).toEqual([
      ['po_1', 100000, 2930, -1500, 95570, 'pending'], ['po_7', 100000, 2930, 0, 97070, 'pending']]);
    expect(stored[1]).toMatchObject({ locationId: 'denver-1', periodEnd: '2026-11-24T23:59:59-07:00' });
  });

  it('payouts: the same again changes nothing, a higher version replaces, a lower one is refused', async () => {
    expect((await post('/api/v1/payouts', payout({ id: 'po_1' }))).body.results[0]!.outcome).toBe('unchanged');
    const changed = await post('/api/v1/payouts', payout({ id: 'po_1', version: 3, fees: '30.00', net: '955.00' }));
    expect(changed.body.results[0]).toMatchObject({ outcome: 'replaced' });
    const lower = await post('/api/v1/payouts', payout({ id: 'po_1', version: 2 }));
    expect(lower.body.results[0]!.errors![0]!.message).toBe('version 2 is lower than the stored version 3');
    expect(await getPayout(database.db, 'a', 'square', 'po_1')).toMatchObject({ version: 3, fees: 3000, net: 95500, state: 'pending' });
  });
});
