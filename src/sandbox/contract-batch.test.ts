/** Contract suite, issue item 6: the batch endpoint. */
import { describe, expect, it } from 'vitest';
import { faultOf, itemLine, useHarness } from './test-support/harness.js';

const t = useHarness({ sales: true });

const batch = (items: unknown[], query?: Record<string, string>) => t.h.call('POST', 'batch', { BatchItemRequest: items }, query ? { query } : {});

describe('batch', () => {
  it('runs items independently: a failed item gets its own Fault and undoes nothing', async () => {
    const res = await batch([
      { bId: '1', operation: 'create', Customer: { DisplayName: 'Batch One' } },
      { bId: '2', operation: 'create', Customer: { DisplayName: 'Batch: Bad' } },
      { bId: '3', operation: 'create', Invoice: { CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 5)] } },
      { bId: '4', Query: "SELECT * FROM Customer WHERE DisplayName = 'Guest Customer'" },
      { bId: '5', Query: "select count(*) from customer where DisplayName = 'Guest Customer'" },
    ]);
    expect(res.status).toBe(200);
    const [one, two, three, four, five] = res.body.BatchItemResponse;
    expect(one).toMatchObject({ bId: '1', Customer: { DisplayName: 'Batch One' } });
    expect(two).toMatchObject({ bId: '2', Fault: { type: 'ValidationFault', Error: [{ code: '6000' }] } });
    expect(three.Invoice.TotalAmt).toBe(5);
    expect(four.QueryResponse.Customer).toHaveLength(1);
    expect(five.QueryResponse).toEqual({ totalCount: 1 });
    expect((await t.h.query("SELECT * FROM Customer WHERE DisplayName = 'Batch One'")).body.QueryResponse.Customer).toHaveLength(1);
  });

  it('updates, deletes and voids through optionsData', async () => {
    const inv = (await t.h.create('Invoice', { CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 9)] })).body.Invoice;
    const sr = (await t.h.create('SalesReceipt', { Line: [itemLine(t.s.itemId, 4)] })).body.SalesReceipt;
    const c = (await t.h.create('Customer', { DisplayName: 'Batch Update' })).body.Customer;
    const res = await batch([
      { bId: 'v', operation: 'update', optionsData: 'void', Invoice: { Id: inv.Id, SyncToken: inv.SyncToken, sparse: true } },
      { bId: 'd', operation: 'delete', SalesReceipt: { Id: sr.Id, SyncToken: sr.SyncToken } },
      { bId: 'u', operation: 'update', Customer: { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Notes: 'from batch' } },
    ]);
    const [v, d, u] = res.body.BatchItemResponse;
    expect(v.Invoice).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided' });
    expect(d.SalesReceipt).toEqual({ status: 'Deleted', domain: 'QBO', Id: sr.Id });
    expect(u.Customer.Notes).toBe('from batch');
  });

  it('allows duplicate DocNumbers through optionsData', async () => {
    await t.h.create('Invoice', { CustomerRef: { value: t.s.customerId }, DocNumber: 'B-1', Line: [itemLine(t.s.itemId, 1)] });
    const item = { operation: 'create', Invoice: { CustomerRef: { value: t.s.customerId }, DocNumber: 'B-1', Line: [itemLine(t.s.itemId, 1)] } };
    const res = await batch([{ bId: '1', ...item }, { bId: '2', optionsData: 'allowduplicatedocnum', ...item }]);
    expect(res.body.BatchItemResponse[0].Fault.Error[0].code).toBe('6140');
    expect(res.body.BatchItemResponse[1].Invoice.DocNumber).toBe('B-1');
  });

  it('hides what earlier items created from later items of the same batch', async () => {
    const res = await batch([
      { bId: '1', operation: 'create', Customer: { DisplayName: 'Created In Batch' } },
      { bId: '2', Query: "SELECT * FROM Customer WHERE DisplayName = 'Created In Batch'" },
    ]);
    expect(res.body.BatchItemResponse[1].QueryResponse).toEqual({});
    const id = res.body.BatchItemResponse[0].Customer.Id;
    const dependent = await batch([
      { bId: '1', operation: 'create', Customer: { DisplayName: 'Parent In Batch' } },
      { bId: '2', operation: 'create', Invoice: { CustomerRef: { value: String(Number(id) + 1) }, Line: [itemLine(t.s.itemId, 1)] } },
    ]);
    expect(dependent.body.BatchItemResponse[1].Fault.Error[0].code).toBe('2500');
  });

  it('refuses more than 30 items (1040) and an empty batch', async () => {
    const items = Array.from({ length: 31 }, (_, i) => ({ bId: String(i), Query: 'SELECT COUNT(*) FROM Customer' }));
    expect(faultOf(await batch(items))).toMatchObject({ status: 400, type: 'ValidationFault', code: '1040' });
    expect((await batch(items.slice(0, 30))).status).toBe(200);
    expect(faultOf(await batch([]))).toMatchObject({ status: 400, code: '2020' });
  });

  it('limits bIds to 10 characters and the requestid to 36 when a requestid is sent', async () => {
    const item = { bId: '12345678901', Query: 'SELECT COUNT(*) FROM Customer' };
    expect((await batch([item])).status).toBe(200);
    expect(faultOf(await batch([item], { requestid: 'r-bid' }))).toMatchObject({ status: 400, code: '2050' });
    expect(faultOf(await batch([{ bId: '1', Query: 'SELECT COUNT(*) FROM Customer' }], { requestid: 'x'.repeat(37) }))).toMatchObject({ status: 400, code: '2050' });
  });

  it('counts batches and their items', async () => {
    const c = t.h.company();
    await c.call('POST', 'batch', { BatchItemRequest: [{ bId: '1', Query: 'SELECT COUNT(*) FROM Item' }, { bId: '2', Query: 'SELECT COUNT(*) FROM Account' }] });
    expect(t.h.sim.counters(c.realmId)).toMatchObject({ batchRequests: 1, batchItems: 2, itemsPerBatch: [2], requests: 1 });
  });
});
