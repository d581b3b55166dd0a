/**
 * Contract suite, issue item 4: every request QuickBooks would refuse gets the same HTTP status,
 * Fault type and error code from the simulator.
 */
import { describe, expect, it } from 'vitest';
import type { CompanyClient } from './test-support/harness.js';
import { faultOf, itemLine, useHarness } from './test-support/harness.js';

const t = useHarness({ sales: true });

const invoice = (extra: Record<string, unknown> = {}) => ({ CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 10)], ...extra });
const refused = (code: string) => ({ status: 400, type: 'ValidationFault', code });

describe('required fields (2020)', () => {
  it.each([
    ['Invoice without CustomerRef', 'Invoice', () => ({ Line: [itemLine(t.s.itemId, 10)] })],
    ['Invoice without lines', 'Invoice', () => ({ CustomerRef: { value: t.s.customerId } })],
    ['Invoice line without Amount', 'Invoice', () => invoice({ Line: [{ DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: t.s.itemId } } }] })],
    ['Invoice line without DetailType', 'Invoice', () => invoice({ Line: [{ Amount: 10 }] })],
    ['Payment without TotalAmt', 'Payment', () => ({ CustomerRef: { value: t.s.customerId } })],
    ['Item without Type', 'Item', () => ({ Name: 'No type', IncomeAccountRef: { value: t.s.incomeId } })],
    ['Service item without IncomeAccountRef', 'Item', () => ({ Name: 'No income', Type: 'Service' })],
    ['Account without Name', 'Account', () => ({ AccountType: 'Bank' })],
    ['Bill without VendorRef', 'Bill', () => ({ Line: [] })],
  ])('%s', async (_name, entity, body) => {
    expect(faultOf(await t.h.create(entity, body()))).toMatchObject(refused('2020'));
  });

  it('an update without SyncToken', async () => {
    const created = await t.h.create('Invoice', invoice());
    expect(faultOf(await t.h.update('Invoice', { Id: created.body.Invoice.Id, sparse: true, PrivateNote: 'x' }))).toMatchObject(refused('2020'));
  });
});

describe('unknown or malformed properties (2010)', () => {
  it('refuses an unknown top-level property and names it', async () => {
    const f = faultOf(await t.h.create('Invoice', invoice({ Color: 'blue' })));
    expect(f).toMatchObject({ ...refused('2010'), element: 'Color' });
  });
  it('refuses an unknown property inside a line detail', async () => {
    const f = faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 10, { Discount: 1 })] })));
    expect(f).toMatchObject({ ...refused('2010'), element: 'Line.SalesItemLineDetail.Discount' });
  });
  it('refuses an amount sent as a string (QuickBooks would coerce it; the simulator is stricter)', async () => {
    expect(faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, '10.00' as unknown as number)] })))).toMatchObject(refused('2010'));
  });
  it('refuses an amount with a fraction of a cent', async () => {
    expect(faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 10.005)] })))).toMatchObject(refused('2010'));
  });
  it('refuses a body that is not JSON', async () => {
    expect(faultOf(await t.h.call('POST', 'invoice', undefined, { rawBody: '{"Line": [' }))).toMatchObject(refused('2010'));
  });
});

describe('Amount = Qty x UnitPrice (6070)', () => {
  it('refuses a line whose Amount is not Qty x UnitPrice', async () => {
    const f = faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 10, { Qty: 3, UnitPrice: 3.33 })] })));
    expect(f).toMatchObject(refused('6070'));
  });
  it('accepts the exact product rounded half away from zero to the cent (0.333 x 2.99 = 0.99567 -> 1.00)', async () => {
    const ok = await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 1, { Qty: 0.333, UnitPrice: 2.99 })] }));
    expect(ok.status).toBe(200);
    expect(faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 0.99, { Qty: 0.333, UnitPrice: 2.99 })] })))).toMatchObject(refused('6070'));
  });
});

describe('totals and document numbers', () => {
  it('refuses a negative sales-form total but takes a negative line inside a positive total', async () => {
    expect(faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, -5)] })))).toMatchObject(refused('6000'));
    const ok = await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 10), itemLine(t.s.itemId, -2.5)] }));
    expect(ok.body.Invoice.TotalAmt).toBe(7.5);
  });
  it('adds money exactly (0.1 + 0.2 = 0.3)', async () => {
    const ok = await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 0.1), itemLine(t.s.itemId, 0.2)] }));
    expect(ok.body.Invoice.TotalAmt).toBe(0.3);
    expect(ok.body.Invoice.Balance).toBe(0.3);
  });
  it('refuses a DocNumber over 21 characters (2050)', async () => {
    const f = faultOf(await t.h.create('Invoice', invoice({ DocNumber: 'X'.repeat(22) })));
    expect(f).toMatchObject({ ...refused('2050'), element: 'DocNumber' });
  });
  it('refuses a duplicate DocNumber (6140) unless include=allowduplicatedocnum', async () => {
    expect((await t.h.create('Invoice', invoice({ DocNumber: 'T-100' }))).status).toBe(200);
    expect(faultOf(await t.h.create('Invoice', invoice({ DocNumber: 'T-100' })))).toMatchObject(refused('6140'));
    const allowed = await t.h.create('Invoice', invoice({ DocNumber: 'T-100' }), { include: 'allowduplicatedocnum' });
    expect(allowed.status).toBe(200);
  });
});

describe('names', () => {
  it.each([
    ['a colon in a customer name', 'Customer', { DisplayName: 'Store: Main' }, '6000'],
    ['a colon in an item name', 'Item', { Name: 'Shirts:Red', Type: 'Service', IncomeAccountRef: { value: '1' } }, '6000'],
    ['a name over 100 characters', 'Customer', { DisplayName: 'N'.repeat(101) }, '2050'],
    ['no name at all', 'Customer', { Notes: 'nameless' }, '6080'],
  ])('refuses %s', async (_n, entity, body, code) => {
    expect(faultOf(await t.h.create(entity, body))).toMatchObject(refused(code));
  });

  it('keeps Customer, Vendor and Employee in one namespace, case-insensitively, inactive records included (6240)', async () => {
    const c = await t.h.create('Customer', { DisplayName: 'Shared Name' });
    expect(faultOf(await t.h.create('Vendor', { DisplayName: 'shared name' }))).toMatchObject(refused('6240'));
    await t.h.update('Customer', { Id: c.body.Customer.Id, SyncToken: c.body.Customer.SyncToken, sparse: true, Active: false });
    expect(faultOf(await t.h.create('Employee', { DisplayName: 'SHARED NAME' }))).toMatchObject(refused('6240'));
    expect(faultOf(await t.h.create('Customer', { DisplayName: 'Shared Name ' }))).toMatchObject(refused('6240'));
  });

  it('keeps item names unique too (6240)', async () => {
    expect(faultOf(await t.h.create('Item', { Name: 'services', Type: 'Service', IncomeAccountRef: { value: t.s.incomeId } }))).toMatchObject(refused('6240'));
  });
});

describe('references', () => {
  it('refuses a reference to a record that does not exist (2500)', async () => {
    expect(faultOf(await t.h.create('Invoice', invoice({ CustomerRef: { value: '99999' } })))).toMatchObject(refused('2500'));
    expect(faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine('99999', 10)] })))).toMatchObject(refused('2500'));
  });
  it('refuses an Id of another entity type (ids are not shared across types)', async () => {
    expect(faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.customerId, 10)] })))).toMatchObject(refused('2500'));
  });
  it('refuses a reference to an inactive record (610)', async () => {
    const item = await t.h.create('Item', { Name: 'Retired', Type: 'Service', IncomeAccountRef: { value: t.s.incomeId } });
    await t.h.update('Item', { Id: item.body.Item.Id, SyncToken: '0', sparse: true, Active: false });
    expect(faultOf(await t.h.create('Invoice', invoice({ Line: [itemLine(item.body.Item.Id, 10)] })))).toMatchObject(refused('610'));
  });
});

describe('items', () => {
  const accounts = async (c: CompanyClient = t.h) => {
    const rows = (await c.query('SELECT * FROM Account MAXRESULTS 1000')).body.QueryResponse.Account as { Id: string; Name: string }[];
    const id = (name: string) => rows.find((a) => a.Name === name)?.Id;
    return { income: id('Sales of Product Income'), asset: id('Inventory Asset'), cogs: id('Cost of Goods Sold') };
  };

  it('creates an Inventory item with every required field', async () => {
    const a = await accounts();
    const ok = await t.h.create('Item', {
      Name: 'Widget', Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 0, InvStartDate: '2026-01-01',
      IncomeAccountRef: { value: a.income }, AssetAccountRef: { value: a.asset }, ExpenseAccountRef: { value: a.cogs },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.Item).toMatchObject({ Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 0 });
  });

  it.each(['QtyOnHand', 'InvStartDate', 'AssetAccountRef', 'ExpenseAccountRef', 'TrackQtyOnHand'])('refuses an Inventory item without %s (2020)', async (missing) => {
    const a = await accounts();
    const body: Record<string, unknown> = {
      Name: `Widget without ${missing}`, Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 0, InvStartDate: '2026-01-01',
      IncomeAccountRef: { value: a.income }, AssetAccountRef: { value: a.asset }, ExpenseAccountRef: { value: a.cogs },
    };
    delete body[missing];
    expect(faultOf(await t.h.create('Item', body))).toMatchObject(refused('2020'));
  });

  it('refuses an Inventory item in a company without inventory tracking (6000)', async () => {
    const c = t.h.company({ inventoryTracking: false });
    const a = await accounts(c);
    const f = faultOf(await c.create('Item', {
      Name: 'Widget', Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 0, InvStartDate: '2026-01-01',
      IncomeAccountRef: { value: a.income }, AssetAccountRef: { value: t.s.undepositedId }, ExpenseAccountRef: { value: a.cogs },
    }));
    expect(f).toMatchObject(refused('6000'));
    expect(f.detail).toContain('Track quantity on hand is turned off');
  });

  it('refuses item types that cannot be created through the API, and unknown ones', async () => {
    expect(faultOf(await t.h.create('Item', { Name: 'Promo', Type: 'Discount', IncomeAccountRef: { value: t.s.incomeId } }))).toMatchObject(refused('6000'));
    expect(faultOf(await t.h.create('Item', { Name: 'Promo', Type: 'Gizmo', IncomeAccountRef: { value: t.s.incomeId } }))).toMatchObject(refused('2170'));
  });
});

describe('payments, voids and ledgers', () => {
  it('lets the invoice balance follow payments and refuses applying beyond the open balance (6000)', async () => {
    const inv = (await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 50)] }))).body.Invoice;
    const link = (amount: number) => ({ Amount: amount, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] });
    const first = await t.h.create('Payment', { CustomerRef: { value: t.s.customerId }, TotalAmt: 30, Line: [link(30)] });
    expect(first.body.Payment.UnappliedAmt).toBe(0);
    expect((await t.h.read('Invoice', inv.Id)).body.Invoice).toMatchObject({ Balance: 20, LinkedTxn: [{ TxnId: first.body.Payment.Id, TxnType: 'Payment' }] });
    expect(faultOf(await t.h.create('Payment', { CustomerRef: { value: t.s.customerId }, TotalAmt: 25, Line: [link(25)] }))).toMatchObject(refused('6000'));
    const rest = await t.h.create('Payment', { CustomerRef: { value: t.s.customerId }, TotalAmt: 25, Line: [link(20)] });
    expect(rest.body.Payment.UnappliedAmt).toBe(5);
    expect((await t.h.read('Invoice', inv.Id)).body.Invoice.Balance).toBe(0);
  });

  it('refuses voiding or deleting an invoice that has payments, and allows it once they are voided', async () => {
    const inv = (await t.h.create('Invoice', invoice({ Line: [itemLine(t.s.itemId, 40)] }))).body.Invoice;
    const pay = (await t.h.create('Payment', {
      CustomerRef: { value: t.s.customerId }, TotalAmt: 40, Line: [{ Amount: 40, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }],
    })).body.Payment;
    const current = (await t.h.read('Invoice', inv.Id)).body.Invoice;
    expect(faultOf(await t.h.call('POST', 'invoice', { Id: inv.Id, SyncToken: current.SyncToken }, { query: { operation: 'void' } }))).toMatchObject(refused('6000'));
    expect(faultOf(await t.h.call('POST', 'invoice', { Id: inv.Id, SyncToken: current.SyncToken }, { query: { operation: 'delete' } }))).toMatchObject(refused('6000'));
    const voided = await t.h.call('POST', 'payment', { Id: pay.Id, SyncToken: pay.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } });
    expect(voided.body.Payment).toMatchObject({ TotalAmt: 0, UnappliedAmt: 0, Line: [], PrivateNote: 'Voided' });
    const after = (await t.h.read('Invoice', inv.Id)).body.Invoice;
    expect(after.Balance).toBe(40);
    const invVoid = await t.h.call('POST', 'invoice', { Id: inv.Id, SyncToken: after.SyncToken }, { query: { operation: 'void' } });
    expect(invVoid.body.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0 });
  });

  it('refuses an unbalanced journal entry (6000)', async () => {
    const line = (posting: string, amount: number, account: string) => ({
      DetailType: 'JournalEntryLineDetail', Amount: amount, JournalEntryLineDetail: { PostingType: posting, AccountRef: { value: account } },
    });
    const f = faultOf(await t.h.create('JournalEntry', { Line: [line('Debit', 10, t.s.checkingId), line('Credit', 9.99, t.s.undepositedId)] }));
    expect(f).toMatchObject(refused('6000'));
    expect(f.detail).toContain('not balanced');
  });

  it('refuses a refund receipt without DepositToAccountRef (2020)', async () => {
    const f = faultOf(await t.h.create('RefundReceipt', { CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 10)] }));
    expect(f).toMatchObject({ ...refused('2020'), element: 'DepositToAccountRef' });
  });

  it('refuses a stale SyncToken (5010)', async () => {
    const c = (await t.h.create('Customer', { DisplayName: 'Versioned' })).body.Customer;
    expect((await t.h.update('Customer', { Id: c.Id, SyncToken: '0', sparse: true, Notes: 'first' })).status).toBe(200);
    expect(faultOf(await t.h.update('Customer', { Id: c.Id, SyncToken: '0', sparse: true, Notes: 'second' }))).toMatchObject(refused('5010'));
  });
});

describe('the gate in front of the data', () => {
  it('answers 401 in the gateway shape without a bearer token', async () => {
    const res = await t.h.call('GET', 'preferences', undefined, { token: null });
    expect(res.status).toBe(401);
    expect(res.body.fault).toMatchObject({ type: 'AUTHENTICATION', error: [{ code: '3200' }] });
  });
  it('answers 401 to an unknown token', async () => {
    expect((await t.h.call('GET', 'preferences', undefined, { token: 'not-a-token' })).status).toBe(401);
  });
  it('refuses to answer without Accept: application/json (QuickBooks would answer XML)', async () => {
    expect((await t.h.call('GET', 'preferences', undefined, { headers: { accept: '*/*' } })).status).toBe(406);
  });
  it('knows entity segments only in lower case: anything else is "Unsupported Operation"', async () => {
    expect(faultOf(await t.h.call('GET', `Invoice/1`))).toMatchObject({ status: 400, type: 'ValidationFault', code: '500' });
    expect(faultOf(await t.h.call('GET', `widget/1`))).toMatchObject({ status: 400, type: 'ValidationFault', code: '500' });
  });
  it('answers 610 to a read of an Id that does not exist', async () => {
    expect(faultOf(await t.h.read('Invoice', '424242'))).toMatchObject(refused('610'));
  });
});
