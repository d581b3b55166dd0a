/**
 * Reads, updates and queries against the simulator: escaping, paging to the end,
 * find-by-name including inactive records, and the typed errors for stale and missing objects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whereEquals } from '../../src/qbo/index.js';
import type { QboClient } from '../../src/qbo/index.js';
import { customer, startWorld } from './world.js';
import type { World } from './world.js';

let world: World;
let client: QboClient;
beforeAll(async () => {
  world = await startWorld({ timeScale: 60 });
  client = world.client();
});
afterAll(async () => { await world.close(); });

describe('entities and queries', () => {
  it('creates, reads and sparse-updates with the current SyncToken', async () => {
    const created = await client.create('Customer', { DisplayName: "Joe's \\ Diner" }, { key: 'joe:v1' });
    const read = await client.read('Customer', created.Id!);
    expect(read.DisplayName).toBe("Joe's \\ Diner");
    const updated = await client.sparseUpdate('Customer', { Id: read.Id, SyncToken: read.SyncToken, Notes: 'regular' }, { key: 'joe:v2' });
    expect(updated.SyncToken).not.toBe(read.SyncToken);
    expect(updated.DisplayName).toBe("Joe's \\ Diner");
  });

  it('a stale SyncToken is QBO_STALE_OBJECT, not retried', async () => {
    const c = await client.create('Customer', customer(1, 'Stale'), { key: 'stale:v1' });
    await client.sparseUpdate('Customer', { Id: c.Id, SyncToken: c.SyncToken, Notes: 'a' }, { key: 'stale:v2' });
    const before = client.requests();
    await expect(client.sparseUpdate('Customer', { Id: c.Id, SyncToken: c.SyncToken, Notes: 'b' }, { key: 'stale:v3' }))
      .rejects.toMatchObject({ code: 'QBO_STALE_OBJECT', qboCode: '5010', status: 400 });
    expect(client.requests()).toBe(before + 1);
  });

  it('a missing record is QBO_NOT_FOUND with the intuit_tid kept', async () => {
    const error = await client.read('Customer', '999999').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'QBO_NOT_FOUND' });
    expect((error as { intuitTid: string | null }).intuitTid).toBeTruthy();
  });

  it('finds by name with quotes and backslashes, including inactive records', async () => {
    const c = await client.create('Customer', { DisplayName: "Ann's Bakery" }, { key: 'ann:v1' });
    await client.sparseUpdate('Customer', { Id: c.Id, SyncToken: c.SyncToken, Active: false }, { key: 'ann:v2' });
    expect(await client.findByName('Customer', "Ann's Bakery", { includeInactive: false })).toBeNull();
    const found = await client.findByName('Customer', "Ann's Bakery");
    expect(found).toMatchObject({ Id: c.Id, Active: false });
    expect((await client.findByName('Customer', "Joe's \\ Diner"))?.DisplayName).toBe("Joe's \\ Diner");
    expect(await client.findByName('Customer', 'Nobody at all')).toBeNull();
  });

  it('pages queryAll to the end', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => client.create('Customer', customer(i, 'Paged'), { key: `paged:${i}` })));
    const before = client.requests();
    const rows = await client.queryAll('Customer', "DisplayName LIKE 'Paged%'", { pageSize: 10 });
    expect(rows).toHaveLength(25);
    expect(new Set(rows.map((r) => r.Id)).size).toBe(25);
    expect(client.requests() - before).toBe(3);
    expect(await client.queryAll('Customer', whereEquals('DisplayName', 'none'))).toEqual([]);
  });

  it('voids an invoice and a sales receipt, and deletes an invoice, in QuickBooks\' own shapes', async () => {
    const item = await client.findByName('Item', 'Services');
    const cust = await client.create('Customer', customer(1, 'Voids'), { key: 'voids:cust' });
    const line = { Amount: 10, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: item!.Id }, Qty: 1, UnitPrice: 10 } };
    const inv = await client.create('Invoice', { CustomerRef: { value: cust.Id }, Line: [line] }, { key: 'voids:inv:v1' });
    const voided = await client.void('Invoice', { Id: inv.Id!, SyncToken: inv.SyncToken! }, { key: 'voids:inv:void' });
    expect(voided.TotalAmt).toBe(0);
    const sr = await client.create('SalesReceipt', { CustomerRef: { value: cust.Id }, Line: [line] }, { key: 'voids:sr:v1' });
    const srVoided = await client.void('SalesReceipt', { Id: sr.Id!, SyncToken: sr.SyncToken! }, { key: 'voids:sr:void' });
    expect(srVoided.TotalAmt).toBe(0);
    const inv2 = await client.create('Invoice', { CustomerRef: { value: cust.Id }, Line: [line] }, { key: 'voids:inv2:v1' });
    const deleted = await client.delete('Invoice', { Id: inv2.Id!, SyncToken: inv2.SyncToken! }, { key: 'voids:inv2:delete' });
    expect(deleted).toMatchObject({ Id: inv2.Id, status: 'Deleted' });
    await expect(client.read('Invoice', inv2.Id!)).rejects.toMatchObject({ code: 'QBO_NOT_FOUND', qboCode: '610' });
  });

  it('sends include=allowduplicatedocnum alone and in a batch, so a DocNumber may repeat', async () => {
    const item = await client.findByName('Item', 'Services');
    const cust = await client.create('Customer', customer(1, 'Dups'), { key: 'dups:cust' });
    const doc = (n: number) => ({ CustomerRef: { value: cust.Id }, DocNumber: 'DUP-1',
      Line: [{ Amount: n, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: item!.Id }, Qty: 1, UnitPrice: n } }] });
    await client.create('Invoice', doc(1), { key: 'dups:1' });
    await expect(client.create('Invoice', doc(2), { key: 'dups:2' })).rejects.toMatchObject({ code: 'QBO_VALIDATION', qboCode: '6140' });
    const second = await client.create('Invoice', doc(3), { key: 'dups:3', include: ['allowduplicatedocnum'] });
    expect(second.DocNumber).toBe('DUP-1');
    const [inBatch] = await client.batch([{ operation: 'create', entity: 'Invoice', body: doc(4), key: 'dups:4', include: ['allowduplicatedocnum'] }]);
    expect(inBatch).toMatchObject({ ok: true, entity: { DocNumber: 'DUP-1' } });
  });

  it('a full update keeps what it sends and clears what it leaves out', async () => {
    const c = await client.create('Customer', { DisplayName: 'Full Update', Notes: 'to be cleared' }, { key: 'full:v1' });
    const updated = await client.update('Customer', { Id: c.Id, SyncToken: c.SyncToken, DisplayName: 'Full Update 2' }, { key: 'full:v2' });
    expect(updated.DisplayName).toBe('Full Update 2');
    expect(updated.Notes).toBeUndefined();
  });
});
