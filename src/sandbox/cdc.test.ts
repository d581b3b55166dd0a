/** Issue 19 item 2: Change Data Capture, over HTTP, with the simulator's own clock. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../lib/clock.js';
import { makeManualClock } from '../lib/clock.js';
import { startSimulator } from './server.js';
import type { CompanyClient, Harness, SalesSetup } from './test-support/harness.js';
import { clientFor, faultOf, itemLine, salesSetup, startHarness } from './test-support/harness.js';

const START = Date.UTC(2026, 10, 25, 20, 0, 0); // 12:00:00 in Pacific time
let clock: ManualClock;
let h: Harness;
let s: SalesSetup;

beforeAll(async () => {
  clock = makeManualClock(START);
  h = await startHarness({ clock, limits: { enabled: false } });
  s = await salesSetup(h);
});
afterAll(() => h.close());

const iso = (ms: number) => new Date(ms).toISOString();
const cdc = (c: CompanyClient, entities: string, changedSince: string) => c.call('GET', 'cdc', undefined, { query: { entities, changedSince } });
const responses = (res: { body: { CDCResponse: { QueryResponse: Record<string, unknown>[] }[] } }) => res.body.CDCResponse[0]!.QueryResponse;

describe('change data capture', () => {
  it('answers whole changed objects, stubs for deleted ones and {} for a type without changes, one QueryResponse per entity asked', async () => {
    const invoice = (await h.create('Invoice', { CustomerRef: { value: s.customerId }, Line: [itemLine(s.itemId, 20)] })).body.Invoice;
    const receipt = (await h.create('SalesReceipt', { Line: [itemLine(s.itemId, 7)] })).body.SalesReceipt;
    const untouched = (await h.create('Invoice', { CustomerRef: { value: s.customerId }, Line: [itemLine(s.itemId, 3)] })).body.Invoice;
    await clock.advance(60_000);
    const since = clock.now();
    await clock.advance(5_000);
    await h.update('Invoice', { Id: invoice.Id, SyncToken: invoice.SyncToken, sparse: true, PrivateNote: 'changed' });
    await h.call('POST', 'salesreceipt', { Id: receipt.Id, SyncToken: receipt.SyncToken }, { query: { operation: 'delete' } });
    const res = await cdc(h, 'Invoice,SalesReceipt,Customer', iso(since));
    expect(res.status).toBe(200);
    expect(res.body.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const [invoices, receipts, customers] = responses(res);
    expect(invoices).toMatchObject({ startPosition: 1, maxResults: 1, Invoice: [{ Id: invoice.Id, PrivateNote: 'changed', TotalAmt: 20, SyncToken: '1' }] });
    expect((invoices!.Invoice as { Id: string }[]).map((i) => i.Id)).not.toContain(untouched.Id);
    expect(receipts).toEqual({
      SalesReceipt: [{ domain: 'QBO', status: 'Deleted', Id: receipt.Id, MetaData: { LastUpdatedTime: '2026-11-25T12:01:05-08:00' } }],
      startPosition: 1, maxResults: 1,
    });
    expect(customers).toEqual({});
  });

  it('reports a change made in the same second as changedSince (LastUpdatedTime has whole seconds)', async () => {
    await clock.advance(60_000);
    const c = (await h.create('Customer', { DisplayName: 'Same Second' })).body.Customer;
    const res = await cdc(h, 'Customer', iso(clock.now() + 400));
    expect((responses(res)[0]!.Customer as { Id: string }[]).map((r) => r.Id)).toEqual([c.Id]);
  });

  it('reports voided and deactivated records whole, as they are now', async () => {
    await clock.advance(60_000);
    const since = iso(clock.now());
    const sr = (await h.create('SalesReceipt', { Line: [itemLine(s.itemId, 11)] })).body.SalesReceipt;
    await h.call('POST', 'salesreceipt', { Id: sr.Id, SyncToken: sr.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } });
    const c = (await h.create('Customer', { DisplayName: 'Going Quiet' })).body.Customer;
    await h.update('Customer', { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Active: false });
    const [receipts, customers] = responses(await cdc(h, 'SalesReceipt,Customer', since));
    expect(receipts!.SalesReceipt).toMatchObject([{ Id: sr.Id, TotalAmt: 0, PrivateNote: 'Voided' }]);
    expect(customers!.Customer).toMatchObject([{ Id: c.Id, Active: false }]);
  });

  it('takes offsets: Z, an encoded +hh:mm, and none (Pacific); an unencoded + reads as a space and is refused', async () => {
    await clock.advance(60_000);
    const c = (await h.create('Customer', { DisplayName: 'Offsets' })).body.Customer;
    const ids = (res: Awaited<ReturnType<typeof cdc>>) => (responses(res)[0]!.Customer as { Id: string }[]).map((r) => r.Id);
    const at = clock.now();
    expect(ids(await cdc(h, 'Customer', iso(at)))).toEqual([c.Id]);
    const paris = new Date(at + 3_600_000).toISOString().replace('Z', '+01:00');
    expect(ids(await cdc(h, 'Customer', paris))).toEqual([c.Id]);
    expect(ids(await cdc(h, 'Customer', '2026-11-25T12:04:00'))).toEqual([c.Id]);
    const raw = await h.call('GET', `cdc?entities=Customer&changedSince=${paris}`);
    expect(faultOf(raw)).toMatchObject({ status: 400, code: '2010', element: 'changedSince' });
  });

  it('refuses a look-back of more than 30 days (Intuit: "older than fixed days")', async () => {
    const thirtyDays = 30 * 86_400_000;
    expect((await cdc(h, 'Customer', iso(clock.now() - thirtyDays))).status).toBe(200);
    const old = await cdc(h, 'Customer', iso(clock.now() - thirtyDays - 1000));
    expect(faultOf(old)).toMatchObject({ status: 400, type: 'ValidationFault', code: '500' });
    expect(faultOf(old).detail).toContain('older than fixed days');
  });

  it('refuses entity names it cannot serve or spelled in another case, and missing parameters', async () => {
    const since = iso(clock.now());
    expect(faultOf(await cdc(h, 'invoice', since))).toMatchObject({ code: '2010', element: 'entities' });
    expect(faultOf(await cdc(h, 'invoice', since)).detail).toContain('spelled Invoice');
    expect(faultOf(await cdc(h, 'CompanyInfo', since))).toMatchObject({ code: '2010' });
    expect(faultOf(await cdc(h, 'Invoice,Invoice', since))).toMatchObject({ code: '2010' });
    expect(faultOf(await h.call('GET', 'cdc', undefined, { query: { changedSince: since } }))).toMatchObject({ code: '2020', element: 'entities' });
    expect(faultOf(await h.call('GET', 'cdc', undefined, { query: { entities: 'Invoice' } }))).toMatchObject({ code: '2020', element: 'changedSince' });
  });

  it('refuses an answer of more than 1,000 objects over all types asked (the stricter reading)', async () => {
    const c = h.company();
    await clock.advance(60_000);
    const since = iso(clock.now());
    for (let batch = 0; batch < 34; batch += 1) {
      const items = Array.from({ length: batch < 33 ? 30 : 10 }, (_, i) => ({ bId: String(i), operation: 'create', Customer: { DisplayName: `Bulk ${batch}-${i}` } }));
      expect((await c.call('POST', 'batch', { BatchItemRequest: items })).status).toBe(200);
    }
    const payment = (await c.query("SELECT * FROM PaymentMethod WHERE Name = 'Cash'")).body.QueryResponse.PaymentMethod[0];
    await c.update('PaymentMethod', { Id: payment.Id, SyncToken: payment.SyncToken, sparse: true, Active: false });
    expect((responses(await cdc(c, 'Customer', since))[0]!.Customer as unknown[]).length).toBe(1000);
    const both = await cdc(c, 'Customer,PaymentMethod', since);
    expect(faultOf(both)).toMatchObject({ status: 400, code: '10100' });
  });

  it('serves CDCQuery batch items, which are reads', async () => {
    await clock.advance(60_000);
    const since = iso(clock.now());
    const c = (await h.create('Customer', { DisplayName: 'Batch Capture' })).body.Customer;
    const writes = h.sim.counters(h.realmId).writes;
    const res = await h.call('POST', 'batch', { BatchItemRequest: [
      { bId: 'c1', CDCQuery: { Entities: 'Customer,Invoice', ChangedSince: since } },
      { bId: 'c2', CDCQuery: { Entities: 'Nope', ChangedSince: since } },
    ] });
    const [one, two] = res.body.BatchItemResponse;
    expect(one.CDCResponse[0].QueryResponse).toEqual([{ Customer: [expect.objectContaining({ Id: c.Id })], startPosition: 1, maxResults: 1 }, {}]);
    expect(two.Fault.Error[0].code).toBe('2010');
    expect(h.sim.counters(h.realmId).writes).toBe(writes);
  });
});

describe('change data capture across a restart', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sim-cdc-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps deletion times in the state file', async () => {
    const file = join(dir, 'sim.json');
    const first = await startSimulator({ clock: makeManualClock(START), stateFile: file });
    const { realmId } = first.createCompany({ name: 'Kept' });
    const c1 = clientFor(first, realmId, first.issueTokens(realmId).access_token);
    const setup = await salesSetup(c1);
    const sr = (await c1.create('SalesReceipt', { Line: [itemLine(setup.itemId, 5)] })).body.SalesReceipt;
    await c1.call('POST', 'salesreceipt', { Id: sr.Id, SyncToken: sr.SyncToken }, { query: { operation: 'delete' } });
    await first.close();
    const second = await startSimulator({ clock: makeManualClock(START + 3_600_000), stateFile: file });
    try {
      const c2 = clientFor(second, realmId, second.issueTokens(realmId).access_token);
      const res = await cdc(c2, 'SalesReceipt', iso(START - 1000));
      expect(responses(res)[0]!.SalesReceipt).toEqual([{ domain: 'QBO', status: 'Deleted', Id: sr.Id, MetaData: { LastUpdatedTime: '2026-11-25T12:00:00-08:00' } }]);
    } finally {
      await second.close();
    }
  });
});
