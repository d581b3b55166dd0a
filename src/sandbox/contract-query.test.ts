/** Contract suite, issue item 5: the query language subset, refusals with 4001. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, SalesSetup } from './test-support/harness.js';
import { faultOf, itemLine, salesSetup, startHarness } from './test-support/harness.js';

let h: Harness;
let s: SalesSetup;

beforeAll(async () => {
  h = await startHarness();
  s = await salesSetup(h);
  for (let i = 1; i <= 12; i += 1) {
    await h.create('Invoice', { CustomerRef: { value: s.customerId }, DocNumber: `Q-${String(i).padStart(2, '0')}`, TxnDate: `2026-03-${String(i).padStart(2, '0')}`, Line: [itemLine(s.itemId, i * 10)] });
  }
  await h.create('Customer', { DisplayName: "O'Brien's Bakery" });
});
afterAll(() => h.close());

const rows = async (sql: string, entity = 'Invoice') => (await h.query(sql)).body.QueryResponse[entity] as Record<string, unknown>[] | undefined;

describe('query', () => {
  it('filters with = < > <= >= IN LIKE, combined with AND', async () => {
    expect((await rows("SELECT * FROM Invoice WHERE DocNumber = 'Q-03'"))?.map((r) => r.TotalAmt)).toEqual([30]);
    expect((await rows('SELECT * FROM Invoice WHERE TotalAmt > 100'))?.map((r) => r.DocNumber)).toEqual(['Q-11', 'Q-12']);
    expect((await rows("SELECT * FROM Invoice WHERE TxnDate >= '2026-03-10' AND TotalAmt <= 110"))?.map((r) => r.DocNumber)).toEqual(['Q-10', 'Q-11']);
    expect((await rows("SELECT * FROM Invoice WHERE TxnDate < '2026-03-02'"))?.map((r) => r.DocNumber)).toEqual(['Q-01']);
    expect((await rows("SELECT * FROM Invoice WHERE DocNumber IN ('Q-01', 'Q-05')"))?.map((r) => r.DocNumber)).toEqual(['Q-01', 'Q-05']);
    expect((await rows("SELECT * FROM Invoice WHERE DocNumber LIKE 'Q-1%'"))?.map((r) => r.DocNumber)).toEqual(['Q-10', 'Q-11', 'Q-12']);
    expect((await rows(`SELECT * FROM Invoice WHERE CustomerRef = '${s.customerId}' AND TotalAmt = 120.00`))?.length).toBe(1);
  });

  it('orders, pages from STARTPOSITION 1 and reports the rows returned', async () => {
    const res = await h.query('SELECT * FROM Invoice ORDERBY TotalAmt DESC STARTPOSITION 3 MAXRESULTS 4');
    expect(res.body.QueryResponse.startPosition).toBe(3);
    expect(res.body.QueryResponse.maxResults).toBe(4);
    expect(res.body.QueryResponse.Invoice.map((r: { TotalAmt: number }) => r.TotalAmt)).toEqual([100, 90, 80, 70]);
    expect((await h.query('SELECT * FROM Invoice')).body.QueryResponse.maxResults).toBe(12);
  });

  it('counts with COUNT(*)', async () => {
    expect((await h.query('SELECT COUNT(*) FROM Invoice WHERE TotalAmt >= 60')).body.QueryResponse).toEqual({ totalCount: 7 });
  });

  it('takes escaped quotes in string literals', async () => {
    expect(await rows("SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien\\'s Bakery'", 'Customer')).toHaveLength(1);
  });

  it('compares strings case-sensitively (QuickBooks folding case is UNCONFIRMED)', async () => {
    expect((await h.query("SELECT * FROM Customer WHERE DisplayName = 'guest customer'")).body.QueryResponse).toEqual({});
  });

  it('answers an empty result without the entity key', async () => {
    const res = await h.query("SELECT * FROM Invoice WHERE DocNumber = 'nope'");
    expect(res.status).toBe(200);
    expect(res.body.QueryResponse).toEqual({});
  });

  it('hides inactive name-list records unless the query asks about Active', async () => {
    const c = (await h.create('Customer', { DisplayName: 'Gone Away' })).body.Customer;
    await h.update('Customer', { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Active: false });
    expect(await rows("SELECT * FROM Customer WHERE DisplayName = 'Gone Away'", 'Customer')).toBeUndefined();
    expect(await rows("SELECT * FROM Customer WHERE DisplayName = 'Gone Away' AND Active = false", 'Customer')).toHaveLength(1);
    expect(await rows("SELECT * FROM Customer WHERE DisplayName = 'Gone Away' AND Active IN (true, false)", 'Customer')).toHaveLength(1);
  });

  it('accepts a query POSTed as application/text', async () => {
    const res = await h.call('POST', 'query', undefined, { rawBody: 'SELECT COUNT(*) FROM Invoice', headers: { 'content-type': 'application/text' } });
    expect(res.body.QueryResponse.totalCount).toBe(12);
  });

  it.each([
    ['a field that is not filterable', "SELECT * FROM Invoice WHERE PrivateNote = 'x'"],
    ['DocNumber on Payment', "SELECT * FROM Payment WHERE DocNumber = '1'"],
    ['a line-level field', "SELECT * FROM Invoice WHERE Line.Amount = 1"],
    ['MAXRESULTS over 1000', 'SELECT * FROM Invoice MAXRESULTS 1001'],
    ['STARTPOSITION 0', 'SELECT * FROM Invoice STARTPOSITION 0'],
    ['an entity the simulator does not know', 'SELECT * FROM Widget'],
    ['OR', "SELECT * FROM Invoice WHERE DocNumber = 'Q-01' OR DocNumber = 'Q-02'"],
    ['LIKE on a number', "SELECT * FROM Invoice WHERE TotalAmt LIKE '1%'"],
  ])('refuses %s (4001)', async (_name, sql) => {
    expect(faultOf(await h.query(sql))).toMatchObject({ status: 400, type: 'ValidationFault', code: '4001' });
  });

  it('matches entity names in any letter case, as QuickBooks answers node-quickbooks', async () => {
    const lower = await h.query("SELECT * FROM invoice WHERE DocNumber = 'Q-03'");
    expect(lower.body.QueryResponse.Invoice.map((r: { TotalAmt: number }) => r.TotalAmt)).toEqual([30]);
    expect((await h.query('select count(*) from INVOICE')).body.QueryResponse).toEqual({ totalCount: 12 });
    const methods = await h.query("select * from paymentMethod where Name = 'Cash'");
    expect(methods.body.QueryResponse.PaymentMethod).toHaveLength(1);
  });

  it('says which property is not queryable', async () => {
    expect(faultOf(await h.query("SELECT * FROM Invoice WHERE PrivateNote = 'x'")).detail).toBe("QueryValidationError: property 'PrivateNote' is not queryable");
  });
});
