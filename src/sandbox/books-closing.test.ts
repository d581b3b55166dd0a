/**
 * The books closing date: every write of a transaction dated on or before it is refused with
 * 6210, whichever operation and however it is sent (single request or batch item).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import type { Answer, CompanyClient, Harness, SalesSetup } from './test-support/harness.js';
import { faultOf, itemLine, salesSetup, startHarness } from './test-support/harness.js';

// The manual clock starts at 2026-11-25 04:00 Pacific: "today" for a TxnDate left out is 2026-11-25.
const CLOSED_THROUGH = '2026-11-24';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: makeManualClock() });
});
afterAll(() => h.close());

interface Company {
  c: CompanyClient;
  s: SalesSetup;
  vendorId: string;
  expenseId: string;
}

async function newCompany(): Promise<Company> {
  const c = h.company();
  const s = await salesSetup(c);
  const vendorId = (await c.create('Vendor', { DisplayName: 'Milk Supplier' })).body.Vendor.Id;
  const expenseId = (await c.query("SELECT * FROM Account WHERE AccountType = 'Expense' MAXRESULTS 1")).body.QueryResponse.Account[0].Id;
  return { c, s, vendorId, expenseId };
}

/** A valid body for each transaction type, dated `TxnDate` (left out when undefined). */
function bodies(k: Company, TxnDate?: string): [string, Record<string, unknown>][] {
  const dated = TxnDate === undefined ? {} : { TxnDate };
  const jeLine = (PostingType: string, account: string) => ({
    DetailType: 'JournalEntryLineDetail', Amount: 10, JournalEntryLineDetail: { PostingType, AccountRef: { value: account } },
  });
  return [
    ['Invoice', { ...dated, CustomerRef: { value: k.s.customerId }, Line: [itemLine(k.s.itemId, 10)] }],
    ['Payment', { ...dated, CustomerRef: { value: k.s.customerId }, TotalAmt: 10 }],
    ['SalesReceipt', { ...dated, Line: [itemLine(k.s.itemId, 10)] }],
    ['RefundReceipt', { ...dated, Line: [itemLine(k.s.itemId, 10)], DepositToAccountRef: { value: k.s.undepositedId } }],
    ['JournalEntry', { ...dated, Line: [jeLine('Debit', k.s.checkingId), jeLine('Credit', k.s.undepositedId)] }],
    ['Bill', { ...dated, VendorRef: { value: k.vendorId }, Line: [{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 10, AccountBasedExpenseLineDetail: { AccountRef: { value: k.expenseId } } }] }],
  ];
}

function bodyOf(k: Company, entity: string, TxnDate?: string): Record<string, unknown> {
  const found = bodies(k, TxnDate).find(([name]) => name === entity);
  if (!found) throw new Error(`no test body for ${entity}`);
  return found[1];
}

function expectPeriodClosed(a: Answer, txnDate: string, closedThrough = CLOSED_THROUGH): void {
  expect(faultOf(a)).toMatchObject({ status: 400, type: 'ValidationFault', code: '6210', element: 'TxnDate' });
  expect(a.body.Fault.Error[0].Message).toBe('Account Period Closed');
  expect(faultOf(a).detail).toContain('The account period has closed');
  expect(faultOf(a).detail).toContain(txnDate);
  expect(faultOf(a).detail).toContain(`closing date ${closedThrough}`);
}

const docsOf = (k: Company) => h.sim.documents(k.c.realmId).length;

describe('creating a transaction in a closed period', () => {
  it('is refused for every transaction type dated on or before the closing date, and leaves nothing behind', async () => {
    const k = await newCompany();
    h.sim.setPreferences(k.c.realmId, { BookCloseDate: CLOSED_THROUGH });
    const before = docsOf(k);
    for (const date of [CLOSED_THROUGH, '2026-01-31']) {
      for (const [entity, body] of bodies(k, date)) expectPeriodClosed(await k.c.create(entity, body), date);
    }
    expect(docsOf(k)).toBe(before);
    // The refused invoices did not use up a number: the first invoice that goes through is 1001.
    expect((await k.c.create('Invoice', bodyOf(k, 'Invoice', '2026-11-25'))).body.Invoice.DocNumber).toBe('1001');
  });

  it('is accepted the day after the closing date, and a TxnDate left out means today', async () => {
    const k = await newCompany();
    h.sim.setPreferences(k.c.realmId, { BookCloseDate: CLOSED_THROUGH });
    for (const [entity, body] of bodies(k, '2026-11-25')) expect((await k.c.create(entity, body)).status, entity).toBe(200);
    for (const [entity, body] of bodies(k)) {
      const created = await k.c.create(entity, body);
      expect(created.status, created.text).toBe(200);
      expect(created.body[entity].TxnDate).toBe('2026-11-25');
    }
    h.sim.setPreferences(k.c.realmId, { BookCloseDate: '2026-11-25' });
    for (const [entity, body] of bodies(k)) expectPeriodClosed(await k.c.create(entity, body), '2026-11-25', '2026-11-25');
  });

  it('is refused per item in a batch, the other items going through', async () => {
    const k = await newCompany();
    h.sim.setPreferences(k.c.realmId, { BookCloseDate: CLOSED_THROUGH });
    const batch = await k.c.call('POST', 'batch', { BatchItemRequest: [
      { bId: 'closed', operation: 'create', SalesReceipt: bodyOf(k, 'SalesReceipt', '2026-11-01') },
      { bId: 'open', operation: 'create', SalesReceipt: bodyOf(k, 'SalesReceipt', '2026-11-30') },
    ] });
    const [first, second] = batch.body.BatchItemResponse;
    expect(first.Fault.Error[0]).toMatchObject({ code: '6210', Message: 'Account Period Closed' });
    expect(second.SalesReceipt.TxnDate).toBe('2026-11-30');
  });

  it('is allowed again once the books are reopened', async () => {
    const k = await newCompany();
    h.sim.setPreferences(k.c.realmId, { BookCloseDate: CLOSED_THROUGH });
    const body = bodyOf(k, 'JournalEntry', '2026-11-02');
    expect(faultOf(await k.c.create('JournalEntry', body)).code).toBe('6210');
    h.sim.setPreferences(k.c.realmId, { BookCloseDate: null });
    expect((await k.c.create('JournalEntry', body)).status).toBe(200);
  });
});

describe('changing a transaction of a closed period', () => {
  let k: Company;
  const created: Record<string, { Id: string; SyncToken: string }> = {};
  beforeAll(async () => {
    k = await newCompany();
    // Dated in the period about to be closed, created while it was open.
    for (const [entity, body] of bodies(k, '2026-11-20')) created[entity] = (await k.c.create(entity, body)).body[entity];
    h.sim.setPreferences(k.c.realmId, { BookCloseDate: CLOSED_THROUGH });
  });

  it('refuses updates, sparse or full, even one moving the document out of the closed period', async () => {
    for (const [entity, body] of bodies(k, '2026-11-20')) {
      const doc = created[entity] ?? { Id: '', SyncToken: '' };
      expectPeriodClosed(await k.c.update(entity, { Id: doc.Id, SyncToken: doc.SyncToken, sparse: true, PrivateNote: 'edited' }), '2026-11-20');
      expectPeriodClosed(await k.c.update(entity, { ...body, Id: doc.Id, SyncToken: doc.SyncToken, TxnDate: '2026-12-01' }), '2026-11-20');
    }
    expect((await k.c.read('Invoice', created.Invoice?.Id ?? '')).body.Invoice.SyncToken).toBe('0');
  });

  it('refuses voiding and deleting', async () => {
    const invoice = created.Invoice ?? { Id: '', SyncToken: '' };
    expectPeriodClosed(await k.c.call('POST', 'invoice', invoice, { query: { operation: 'void' } }), '2026-11-20');
    const payment = created.Payment ?? { Id: '', SyncToken: '' };
    expectPeriodClosed(await k.c.call('POST', 'payment', { ...payment, sparse: true }, { query: { operation: 'update', include: 'void' } }), '2026-11-20');
    for (const entity of ['Invoice', 'SalesReceipt', 'RefundReceipt', 'JournalEntry', 'Bill']) {
      const doc = created[entity] ?? { Id: '', SyncToken: '' };
      expectPeriodClosed(await k.c.call('POST', entity.toLowerCase(), doc, { query: { operation: 'delete' } }), '2026-11-20');
    }
    expect(h.sim.documents(k.c.realmId, 'Invoice').map((d) => d.Id)).toContain(invoice.Id);
  });

  it('refuses moving an open document into the closed period, but lets it change within the open one', async () => {
    const entity = 'Bill';
    const doc = (await k.c.create(entity, bodyOf(k, entity, '2026-11-26'))).body[entity];
    expectPeriodClosed(await k.c.update(entity, { Id: doc.Id, SyncToken: doc.SyncToken, sparse: true, TxnDate: '2026-11-23' }), '2026-11-23');
    const moved = await k.c.update(entity, { Id: doc.Id, SyncToken: doc.SyncToken, sparse: true, TxnDate: '2026-11-27', PrivateNote: 'ok' });
    expect(moved.body[entity]).toMatchObject({ TxnDate: '2026-11-27', PrivateNote: 'ok', SyncToken: '1' });
  });

  it('lets a payment dated in the open period be applied to an invoice of the closed period', async () => {
    const invoice = created.Invoice ?? { Id: '', SyncToken: '' };
    const payment = await k.c.create('Payment', {
      CustomerRef: { value: k.s.customerId }, TotalAmt: 4, TxnDate: '2026-11-25',
      Line: [{ Amount: 4, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    });
    expect(payment.status, payment.text).toBe(200);
    expect((await k.c.read('Invoice', invoice.Id)).body.Invoice.Balance).toBe(6);
  });

  it('leaves name lists alone: a customer can still be changed', async () => {
    const customer = (await k.c.read('Customer', k.s.customerId)).body.Customer;
    expect((await k.c.update('Customer', { Id: customer.Id, SyncToken: customer.SyncToken, sparse: true, Notes: 'regular' })).status).toBe(200);
  });
});
