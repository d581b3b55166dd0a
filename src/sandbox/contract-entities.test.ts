/**
 * Contract suite, issue item 3: a valid request for each entity succeeds, and create, read,
 * sparse/full update, delete, void and deactivate behave as QuickBooks does.
 */
import { describe, expect, it } from 'vitest';
import { faultOf, itemLine, salesSetup, useHarness } from './test-support/harness.js';

const t = useHarness({ sales: true });

describe('a valid request for each entity succeeds', () => {
  const cases: [string, () => Record<string, unknown>][] = [
    ['Account', () => ({ Name: 'Gift Card Liability', AccountType: 'Other Current Liability' })],
    ['Item', () => ({ Name: 'Tips', Type: 'Service', IncomeAccountRef: { value: t.s.incomeId } })],
    ['PaymentMethod', () => ({ Name: 'Gift Card', Type: 'NON_CREDIT_CARD' })],
    ['Customer', () => ({ GivenName: 'Ada', FamilyName: 'Lovelace' })],
    ['Vendor', () => ({ DisplayName: 'Coffee Roasters Inc' })],
    ['Employee', () => ({ GivenName: 'Sam', FamilyName: 'Barista' })],
    ['Department', () => ({ Name: 'Downtown' })],
    ['Class', () => ({ Name: 'Retail' })],
    ['Invoice', () => ({ CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 12.5, { Qty: 2, UnitPrice: 6.25 })] })],
    ['SalesReceipt', () => ({ Line: [itemLine(t.s.itemId, 9.99)] })],
    ['RefundReceipt', () => ({ Line: [itemLine(t.s.itemId, 4.5)], DepositToAccountRef: { value: t.s.undepositedId } })],
    ['Payment', () => ({ CustomerRef: { value: t.s.customerId }, TotalAmt: 25 })],
    ['JournalEntry', () => ({
      Line: [
        { DetailType: 'JournalEntryLineDetail', Amount: 100, JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: t.s.checkingId } } },
        { DetailType: 'JournalEntryLineDetail', Amount: 100, JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: t.s.undepositedId } } },
      ],
    })],
  ];
  it.each(cases)('%s: create, then read back', async (entity, body) => {
    const created = await t.h.create(entity, body());
    expect(created.status, created.text).toBe(200);
    const doc = created.body[entity];
    expect(doc).toMatchObject({ SyncToken: '0', domain: 'QBO', sparse: false });
    expect(doc.MetaData.CreateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    expect(created.body.time).toBeTypeOf('string');
    const read = await t.h.read(entity, doc.Id);
    expect(read.body[entity]).toEqual(doc);
    // Read-modify-write: sending back exactly what was read is a valid full update.
    const resent = await t.h.update(entity, read.body[entity]);
    expect(resent.status, resent.text).toBe(200);
    expect(resent.body[entity].SyncToken).toBe('1');
    expect(resent.body[entity].TotalAmt).toBe(doc.TotalAmt);
  });

  it('Bill: create against a vendor, with the A/P account filled in', async () => {
    const vendor = (await t.h.create('Vendor', { DisplayName: 'Milk Supplier' })).body.Vendor;
    const expense = (await t.h.query("SELECT * FROM Account WHERE AccountType = 'Expense' MAXRESULTS 1")).body.QueryResponse.Account[0];
    const bill = await t.h.create('Bill', {
      VendorRef: { value: vendor.Id },
      Line: [{ DetailType: 'AccountBasedExpenseLineDetail', Amount: 42.1, AccountBasedExpenseLineDetail: { AccountRef: { value: expense.Id } } }],
    });
    expect(bill.status, bill.text).toBe(200);
    expect(bill.body.Bill).toMatchObject({ TotalAmt: 42.1, Balance: 42.1, APAccountRef: { name: 'Accounts Payable (A/P)' } });
    expect((await t.h.read('Vendor', vendor.Id)).body.Vendor.Balance).toBe(42.1);
  });

  it('CompanyInfo and Preferences: read, and a sparse Preferences update switches behaviour', async () => {
    const c = t.h.company();
    const info = await c.read('CompanyInfo', c.realmId);
    expect(info.body.CompanyInfo).toMatchObject({ CompanyName: 'Corner Café', Country: 'US' });
    const prefs = (await c.call('GET', 'preferences')).body.Preferences;
    expect(prefs.SalesFormsPrefs.CustomTxnNumbers).toBe(false);
    expect(prefs.ProductAndServicesPrefs.QuantityOnHand).toBe(true);
    expect(prefs.TaxPrefs.PartnerTaxEnabled).toBe(false);
    const updated = await c.create('Preferences', { Id: prefs.Id, SyncToken: prefs.SyncToken, sparse: true, SalesFormsPrefs: { CustomTxnNumbers: true } });
    expect(updated.body.Preferences.SalesFormsPrefs).toMatchObject({ CustomTxnNumbers: true, AllowDiscount: true });
    expect(faultOf(await c.create('CompanyInfo', { CompanyName: 'Second' }))).toMatchObject({ status: 400, code: '500' });
  });
});

describe('a new company', () => {
  it('has the standard payment methods but no Credit Card or Gift Card', async () => {
    const rows = (await t.h.query('SELECT * FROM PaymentMethod')).body.QueryResponse.PaymentMethod.map((p: { Name: string }) => p.Name);
    expect(rows).toEqual(expect.arrayContaining(['Cash', 'Check', 'Visa', 'MasterCard', 'American Express', 'Discover', 'Diners Club']));
    expect(rows).not.toContain('Credit Card');
    const c = t.h.company();
    expect((await c.query("SELECT * FROM PaymentMethod WHERE Name = 'Credit Card'")).body.QueryResponse).toEqual({});
  });

  it('has Undeposited Funds, A/R and Inventory Asset with realistic types', async () => {
    const rows = (await t.h.query('SELECT * FROM Account MAXRESULTS 1000')).body.QueryResponse.Account as Record<string, string>[];
    const byName = (n: string) => rows.find((a) => a.Name === n);
    expect(byName('Undeposited Funds')).toMatchObject({ AccountType: 'Other Current Asset', AccountSubType: 'UndepositedFunds', Classification: 'Asset' });
    expect(byName('Accounts Receivable (A/R)')).toMatchObject({ AccountType: 'Accounts Receivable' });
    expect(byName('Inventory Asset')).toMatchObject({ AccountSubType: 'Inventory' });
    expect(byName('Sales of Product Income')).toMatchObject({ AccountType: 'Income', Classification: 'Revenue' });
  });
});

describe('updates', () => {
  it('sparse keeps unsent fields; full clears them', async () => {
    const c = (await t.h.create('Customer', { DisplayName: 'Updatable', Notes: 'keep me', CompanyName: 'Upd Co' })).body.Customer;
    const sparse = (await t.h.update('Customer', { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Notes: 'changed' })).body.Customer;
    expect(sparse).toMatchObject({ Notes: 'changed', CompanyName: 'Upd Co', SyncToken: '1' });
    const full = (await t.h.update('Customer', { Id: c.Id, SyncToken: sparse.SyncToken, DisplayName: 'Updatable' })).body.Customer;
    expect(full.SyncToken).toBe('2');
    expect(full.Notes).toBeUndefined();
    expect(full.CompanyName).toBeUndefined();
  });

  it('a Line list sent in a sparse update replaces all lines; the update without ?operation=update works too', async () => {
    const inv = (await t.h.create('Invoice', { CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 10), itemLine(t.s.itemId, 5)] })).body.Invoice;
    const updated = await t.h.call('POST', 'invoice', { Id: inv.Id, SyncToken: inv.SyncToken, sparse: true, Line: [itemLine(t.s.itemId, 7)] });
    expect(updated.body.Invoice.TotalAmt).toBe(7);
    expect(updated.body.Invoice.Line.filter((l: { DetailType: string }) => l.DetailType !== 'SubTotalLineDetail')).toHaveLength(1);
  });

  it('refuses lowering an invoice total below what is paid on it', async () => {
    const inv = (await t.h.create('Invoice', { CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 30)] })).body.Invoice;
    await t.h.create('Payment', { CustomerRef: { value: t.s.customerId }, TotalAmt: 20, Line: [{ Amount: 20, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }] });
    const current = (await t.h.read('Invoice', inv.Id)).body.Invoice;
    expect(current.SyncToken).toBe('1'); // applying the payment changed the invoice
    const f = faultOf(await t.h.update('Invoice', { Id: inv.Id, SyncToken: current.SyncToken, sparse: true, Line: [itemLine(t.s.itemId, 15)] }));
    expect(f).toMatchObject({ status: 400, code: '6000' });
  });
});

describe('delete, void, deactivate', () => {
  it('deletes a transaction; reading it then says it was deleted (610)', async () => {
    const sr = (await t.h.create('SalesReceipt', { Line: [itemLine(t.s.itemId, 3)] })).body.SalesReceipt;
    const deleted = await t.h.call('POST', 'salesreceipt', { Id: sr.Id, SyncToken: sr.SyncToken }, { query: { operation: 'delete' } });
    expect(deleted.body.SalesReceipt).toEqual({ status: 'Deleted', domain: 'QBO', Id: sr.Id });
    const f = faultOf(await t.h.read('SalesReceipt', sr.Id));
    expect(f).toMatchObject({ status: 400, code: '610' });
    expect(f.detail).toContain('deleted');
  });

  it('voids a sales receipt (record kept, amounts zeroed) but refuses to void a refund receipt', async () => {
    const sr = (await t.h.create('SalesReceipt', { Line: [itemLine(t.s.itemId, 3, { Qty: 1, UnitPrice: 3 })], PrivateNote: 'POS 1/7' })).body.SalesReceipt;
    const voided = await t.h.call('POST', 'salesreceipt', { Id: sr.Id, SyncToken: sr.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } });
    expect(voided.body.SalesReceipt).toMatchObject({ TotalAmt: 0, PrivateNote: 'Voided - POS 1/7', SyncToken: '1' });
    expect(voided.body.SalesReceipt.Line[0]).toMatchObject({ Amount: 0, SalesItemLineDetail: { Qty: 0 } });
    expect(faultOf(await t.h.update('SalesReceipt', { Id: sr.Id, SyncToken: '1', sparse: true, PrivateNote: 'x' }))).toMatchObject({ code: '6000' });
    const rr = (await t.h.create('RefundReceipt', { Line: [itemLine(t.s.itemId, 2)], DepositToAccountRef: { value: t.s.undepositedId } })).body.RefundReceipt;
    expect(faultOf(await t.h.call('POST', 'refundreceipt', { Id: rr.Id, SyncToken: rr.SyncToken }, { query: { operation: 'void' } }))).toMatchObject({ status: 400, code: '500' });
  });

  it('cannot delete a name-list record; makes it inactive instead, unless a customer still owes money', async () => {
    const c = (await t.h.create('Customer', { DisplayName: 'Owes Money' })).body.Customer;
    expect(faultOf(await t.h.call('POST', 'customer', { Id: c.Id, SyncToken: c.SyncToken }, { query: { operation: 'delete' } }))).toMatchObject({ code: '500' });
    await t.h.create('Invoice', { CustomerRef: { value: c.Id }, Line: [itemLine(t.s.itemId, 8)] });
    expect((await t.h.read('Customer', c.Id)).body.Customer.Balance).toBe(8);
    expect(faultOf(await t.h.update('Customer', { Id: c.Id, SyncToken: c.SyncToken, sparse: true, Active: false }))).toMatchObject({ code: '6000' });
    const pm = (await t.h.create('PaymentMethod', { Name: 'Store Credit' })).body.PaymentMethod;
    const off = await t.h.update('PaymentMethod', { Id: pm.Id, SyncToken: pm.SyncToken, sparse: true, Active: false });
    expect(off.body.PaymentMethod.Active).toBe(false);
  });
});

describe('numbering and tax', () => {
  it('numbers sales forms unless the company uses custom transaction numbers; AUTO_GENERATE forces it', async () => {
    const auto = (await t.h.create('Invoice', { CustomerRef: { value: t.s.customerId }, Line: [itemLine(t.s.itemId, 1)] })).body.Invoice;
    expect(auto.DocNumber).toMatch(/^\d+$/);
    const c = t.h.company({ customTxnNumbers: true });
    const cs = await salesSetup(c);
    const none = (await c.create('Invoice', { CustomerRef: { value: cs.customerId }, Line: [itemLine(cs.itemId, 1)] })).body.Invoice;
    expect(none.DocNumber).toBeUndefined();
    const forced = (await c.create('Invoice', { CustomerRef: { value: cs.customerId }, DocNumber: 'AUTO_GENERATE', Line: [itemLine(cs.itemId, 1)] })).body.Invoice;
    expect(forced.DocNumber).toBe('1001');
  });

  it('adds automated sales tax unless TotalTax is sent explicitly', async () => {
    const c = t.h.company({ automatedSalesTax: true });
    const cs = await salesSetup(c);
    const taxed = (await c.create('Invoice', { CustomerRef: { value: cs.customerId }, Line: [itemLine(cs.itemId, 100), itemLine(cs.itemId, 50, { TaxCodeRef: { value: 'NON' } })] })).body.Invoice;
    expect(taxed.TxnTaxDetail.TotalTax).toBe(8.25);
    expect(taxed.TotalAmt).toBe(158.25);
    const zero = (await c.create('Invoice', { CustomerRef: { value: cs.customerId }, TxnTaxDetail: { TotalTax: 0 }, Line: [itemLine(cs.itemId, 100)] })).body.Invoice;
    expect(zero.TotalAmt).toBe(100);
    expect(faultOf(await c.create('Invoice', { CustomerRef: { value: cs.customerId }, Line: [itemLine(cs.itemId, 1, { TaxCodeRef: { value: 'GST' } })] }))).toMatchObject({ code: '6100' });
  });
});
