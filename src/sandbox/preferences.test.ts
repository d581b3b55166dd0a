/**
 * The four ways to change a company's settings: a sparse Preferences update over the API,
 * PUT /__sim/companies/{realm}/preferences, sim.setPreferences, and the company page's forms
 * (those are in pages.test.ts). Each changes what the API then does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import type { CompanyClient, Harness } from './test-support/harness.js';
import { faultOf, itemLine, salesSetup, startHarness, toAnswer } from './test-support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: makeManualClock() });
});
afterAll(() => h.close());

const sim = async (method: string, path: string, body?: unknown) => toAnswer(await fetch(`${h.sim.url}${path}`, {
  method,
  ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
}));

const preferences = async (c: CompanyClient) => (await c.call('GET', 'preferences')).body.Preferences;

async function salesReceiptDated(c: CompanyClient, TxnDate: string) {
  const item = (await c.query("SELECT * FROM Item WHERE Name = 'Services'")).body.QueryResponse.Item[0];
  return c.create('SalesReceipt', { TxnDate, Line: [itemLine(item.Id, 5)] });
}

async function inventoryItem(c: CompanyClient, incomeId: string): Promise<Record<string, unknown>> {
  const accounts = (await c.query('SELECT * FROM Account MAXRESULTS 1000')).body.QueryResponse.Account as { Id: string; AccountSubType: string }[];
  const bySubtype = (subtype: string) => ({ value: accounts.find((a) => a.AccountSubType === subtype)?.Id ?? '' });
  return {
    Name: 'Beans', Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 1, InvStartDate: '2026-11-01',
    IncomeAccountRef: { value: incomeId }, ExpenseAccountRef: bySubtype('SuppliesMaterialsCogs'), AssetAccountRef: bySubtype('Inventory'),
  };
}

describe('the closing date through the Preferences entity', () => {
  it('is set by a sparse update of AccountingInfoPrefs.BookCloseDate, and cleared with null', async () => {
    const c = h.company();
    const before = await preferences(c);
    expect(before.AccountingInfoPrefs.BookCloseDate).toBeUndefined();
    const closed = await c.create('Preferences', { Id: before.Id, SyncToken: before.SyncToken, sparse: true, AccountingInfoPrefs: { BookCloseDate: '2026-10-31' } });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.body.Preferences.AccountingInfoPrefs).toMatchObject({ BookCloseDate: '2026-10-31', TrackDepartments: false, DepartmentTerminology: 'Location' });
    expect(faultOf(await salesReceiptDated(c, '2026-10-31')).code).toBe('6210');
    expect((await salesReceiptDated(c, '2026-11-01')).status).toBe(200);
    const p = closed.body.Preferences;
    const reopened = await c.create('Preferences', { Id: p.Id, SyncToken: p.SyncToken, sparse: true, AccountingInfoPrefs: { BookCloseDate: null } });
    expect(reopened.body.Preferences.AccountingInfoPrefs).not.toHaveProperty('BookCloseDate');
    expect((await salesReceiptDated(c, '2026-10-31')).status).toBe(200);
  });

  it('refuses a closing date that is not a yyyy-MM-dd date (2010)', async () => {
    const c = h.company();
    const p = await preferences(c);
    for (const bad of ['31/10/2026', '2026-02-30', 20261031]) {
      const answer = await c.create('Preferences', { Id: p.Id, SyncToken: p.SyncToken, sparse: true, AccountingInfoPrefs: { BookCloseDate: bad } });
      expect(faultOf(answer)).toMatchObject({ status: 400, code: '2010', element: 'AccountingInfoPrefs.BookCloseDate' });
    }
  });

  it('adds the Sales Tax Payable account when automated sales tax is turned on, as QuickBooks does', async () => {
    const c = h.company({ automatedSalesTax: false });
    const p = await preferences(c);
    expect((await c.query("SELECT * FROM Account WHERE Name = 'Sales Tax Payable'")).body.QueryResponse).toEqual({});
    await c.create('Preferences', { Id: p.Id, SyncToken: p.SyncToken, sparse: true, TaxPrefs: { PartnerTaxEnabled: true } });
    const account = (await c.query("SELECT * FROM Account WHERE Name = 'Sales Tax Payable'")).body.QueryResponse.Account;
    expect(account).toEqual([expect.objectContaining({ AccountType: 'Other Current Liability', AccountSubType: 'SalesTaxPayable' })]);
  });
});

describe('sim.setPreferences', () => {
  it('changes the Preferences record as a person would (new SyncToken) and returns the settings in force', async () => {
    const c = h.company();
    const before = await preferences(c);
    const summary = h.sim.setPreferences(c.realmId, { BookCloseDate: '2026-06-30', customTxnNumbers: true });
    expect(summary).toEqual({
      BookCloseDate: '2026-06-30', inventoryTracking: true, automatedSalesTax: false, customTxnNumbers: true,
      classTracking: 'off', trackDepartments: false, departmentTerminology: 'Location',
    });
    const after = await preferences(c);
    expect(Number(after.SyncToken)).toBe(Number(before.SyncToken) + 1);
    expect(after.AccountingInfoPrefs.BookCloseDate).toBe('2026-06-30');
    expect(after.SalesFormsPrefs).toMatchObject({ CustomTxnNumbers: true, AllowDiscount: true });
    // A client holding the old SyncToken must re-read, as after any change made by a person.
    expect(faultOf(await c.create('Preferences', { Id: before.Id, SyncToken: before.SyncToken, sparse: true, SalesFormsPrefs: {} })).code).toBe('5010');
  });

  it('leaves the record alone when nothing changes', async () => {
    const c = h.company();
    const before = await preferences(c);
    h.sim.setPreferences(c.realmId, { inventoryTracking: true });
    expect((await preferences(c)).SyncToken).toBe(before.SyncToken);
  });

  it('switches what the API does: numbering, automated tax, inventory items', async () => {
    const c = h.company({ inventoryTracking: true });
    const s = await salesSetup(c);
    const invoice = (extra: Record<string, unknown> = {}) => c.create('Invoice', { CustomerRef: { value: s.customerId }, Line: [itemLine(s.itemId, 100)], ...extra });
    h.sim.setPreferences(c.realmId, { customTxnNumbers: true, automatedSalesTax: true, inventoryTracking: false });
    const created = (await invoice()).body.Invoice;
    expect(created.DocNumber).toBeUndefined();
    expect(created.TotalAmt).toBe(108.25);
    const beans = await inventoryItem(c, s.incomeId);
    expect(faultOf(await c.create('Item', beans)).detail).toContain('Track quantity on hand is turned off');
    h.sim.setPreferences(c.realmId, { customTxnNumbers: false, automatedSalesTax: false, inventoryTracking: true });
    const plain = (await invoice()).body.Invoice;
    expect(plain).toMatchObject({ DocNumber: '1001', TotalAmt: 100 });
    expect((await c.create('Item', beans)).status).toBe(200);
  });

  it('refuses bad values with a TypeError and an unknown company with a RangeError', () => {
    const c = h.company();
    expect(() => h.sim.setPreferences(c.realmId, { BookCloseDate: 'yesterday' })).toThrow(TypeError);
    expect(() => h.sim.setPreferences(c.realmId, { customTxnNumbers: 'yes' as unknown as boolean })).toThrow(TypeError);
    expect(() => h.sim.setPreferences(c.realmId, { bookCloseDate: '2026-01-01' } as never)).toThrow(/unknown preference bookCloseDate/);
    expect(() => h.sim.setPreferences('123', { BookCloseDate: null })).toThrow(RangeError);
  });
});

describe('/__sim/companies/{realm}/preferences', () => {
  it('PUT sets and clears the closing date and the switches; GET reads them', async () => {
    const c = h.company();
    const put = await sim('PUT', `/__sim/companies/${c.realmId}/preferences`, { BookCloseDate: '2026-11-24', automatedSalesTax: true });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ BookCloseDate: '2026-11-24', inventoryTracking: true, automatedSalesTax: true, customTxnNumbers: false });
    expect(faultOf(await salesReceiptDated(c, '2026-11-24')).code).toBe('6210');
    expect((await sim('PUT', `/__sim/companies/${c.realmId}/preferences`, { BookCloseDate: null })).body.BookCloseDate).toBeNull();
    expect((await sim('GET', `/__sim/companies/${c.realmId}/preferences`)).body).toMatchObject({ BookCloseDate: null, automatedSalesTax: true });
    expect((await salesReceiptDated(c, '2026-11-24')).status).toBe(200);
  });

  it('answers 400 for a bad body and 404 for an unknown company', async () => {
    const c = h.company();
    expect((await sim('PUT', `/__sim/companies/${c.realmId}/preferences`, { BookCloseDate: '24.11.2026' })).status).toBe(400);
    expect((await sim('PUT', `/__sim/companies/${c.realmId}/preferences`, { closingDate: '2026-11-24' })).status).toBe(400);
    expect((await sim('PUT', `/__sim/companies/${c.realmId}/preferences`, [])).status).toBe(400);
    expect((await sim('PUT', '/__sim/companies/000/preferences', { BookCloseDate: null })).status).toBe(404);
    expect((await sim('GET', '/__sim/companies/000/preferences')).status).toBe(404);
    expect((await sim('GET', `/__sim/companies/${c.realmId}/preferences`)).body.BookCloseDate).toBeNull();
  });
});
