/**
 * Issue 13's simulator points: Class and Department (QuickBooks Location) as name lists, the
 * company's class and location tracking settings (four ways to change them), and the refusals
 * a company gives when a transaction names a class or location it cannot take.
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

const sim = async (method: string, path: string, body?: unknown, type = 'application/json') => toAnswer(await fetch(`${h.sim.url}${path}`, {
  method, redirect: 'manual',
  ...(body === undefined ? {} : { headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
}));

const preferences = async (c: CompanyClient) => (await c.call('GET', 'preferences')).body.Preferences;

async function grouping(c: CompanyClient) {
  const cls = (await c.create('Class', { Name: 'Denver store' })).body.Class;
  const dept = (await c.create('Department', { Name: 'Denver' })).body.Department;
  return { cls, dept };
}

describe('Class and Department name lists', () => {
  it('create, query, sparse update and deactivate; inactive ones are hidden from plain queries', async () => {
    const c = h.company();
    for (const entity of ['Class', 'Department']) {
      const parent = (await c.create(entity, { Name: 'West' })).body[entity];
      const child = (await c.create(entity, { Name: 'Denver', ParentRef: { value: parent.Id } })).body[entity];
      expect(child).toMatchObject({ FullyQualifiedName: 'West:Denver', Active: true, ParentRef: { value: parent.Id } });
      expect(child[entity === 'Class' ? 'SubClass' : 'SubDepartment']).toBe(true);
      expect(faultOf(await c.create(entity, { Name: 'west' })).code).toBe('6240');
      const renamed = await c.update(entity, { Id: child.Id, SyncToken: child.SyncToken, sparse: true, Name: 'Boulder' });
      expect(renamed.body[entity]).toMatchObject({ Name: 'Boulder', FullyQualifiedName: 'West:Boulder', SyncToken: '1' });
      const inactive = await c.update(entity, { Id: child.Id, SyncToken: '1', sparse: true, Active: false });
      expect(inactive.body[entity].Active).toBe(false);
      expect((await c.query(`SELECT * FROM ${entity} WHERE Name = 'Boulder'`)).body.QueryResponse).toEqual({});
      const all = (await c.query(`SELECT * FROM ${entity} WHERE Active IN (true, false)`)).body.QueryResponse[entity];
      expect(all.map((r: { Name: string }) => r.Name)).toEqual(['West', 'Boulder']);
      expect(faultOf(await c.call('POST', entity.toLowerCase(), { Id: child.Id, SyncToken: '2' }, { query: { operation: 'delete' } })).code).toBe('500');
    }
  });
});

describe('tracking settings', () => {
  it('are off in a new company, and change through sim.setPreferences, /__sim and the Preferences API alike', async () => {
    const c = h.company();
    expect((await sim('GET', `/__sim/companies/${c.realmId}/preferences`)).body)
      .toMatchObject({ classTracking: 'off', trackDepartments: false, departmentTerminology: 'Location' });
    expect(h.sim.setPreferences(c.realmId, { classTracking: 'perLine', trackDepartments: true, departmentTerminology: 'Store' }))
      .toMatchObject({ classTracking: 'perLine', trackDepartments: true, departmentTerminology: 'Store' });
    expect((await preferences(c)).AccountingInfoPrefs)
      .toMatchObject({ ClassTrackingPerTxn: false, ClassTrackingPerTxnLine: true, TrackDepartments: true, DepartmentTerminology: 'Store' });
    const put = await sim('PUT', `/__sim/companies/${c.realmId}/preferences`, { classTracking: 'perTxn' });
    expect(put.body).toMatchObject({ classTracking: 'perTxn', trackDepartments: true });
    const p = await preferences(c);
    const api = await c.create('Preferences', { Id: p.Id, SyncToken: p.SyncToken, sparse: true,
      AccountingInfoPrefs: { ClassTrackingPerTxn: false, ClassTrackingPerTxnLine: false, TrackDepartments: false } });
    expect(api.status, api.text).toBe(200);
    expect((await sim('GET', `/__sim/companies/${c.realmId}/preferences`)).body).toMatchObject({ classTracking: 'off', trackDepartments: false });
  });

  it('refuse both class modes at once (6000), an unknown terminology (2170), and bad values from outside (400 / TypeError)', async () => {
    const c = h.company();
    const p = await preferences(c);
    const both = await c.create('Preferences', { Id: p.Id, SyncToken: p.SyncToken, sparse: true,
      AccountingInfoPrefs: { ClassTrackingPerTxn: true, ClassTrackingPerTxnLine: true } });
    expect(faultOf(both)).toMatchObject({ code: '6000', element: 'AccountingInfoPrefs.ClassTrackingPerTxnLine' });
    const term = await c.create('Preferences', { Id: p.Id, SyncToken: p.SyncToken, sparse: true, AccountingInfoPrefs: { DepartmentTerminology: 'Shop' } });
    expect(faultOf(term).code).toBe('2170');
    expect((await sim('PUT', `/__sim/companies/${c.realmId}/preferences`, { classTracking: 'sometimes' })).status).toBe(400);
    expect(() => h.sim.setPreferences(c.realmId, { trackDepartments: 'yes' as unknown as boolean })).toThrow(TypeError);
  });

  it('change through the company page form (an unticked box is off)', async () => {
    const c = h.company();
    const page = (await sim('GET', `/__sim/companies/${c.realmId}`)).text;
    expect(page).toContain('<button type="submit" class="secondary">Update tracking</button>');
    const form = new URLSearchParams({ tracking: 'on', trackDepartments: 'on', classTracking: 'perLine', departmentTerminology: 'Store' });
    const posted = await sim('POST', `/__sim/companies/${c.realmId}/preferences`, form.toString(), 'application/x-www-form-urlencoded');
    expect(posted.status).toBe(303);
    expect((await sim('GET', `/__sim/companies/${c.realmId}/preferences`)).body)
      .toMatchObject({ classTracking: 'perLine', trackDepartments: true, departmentTerminology: 'Store' });
    const after = (await sim('GET', `/__sim/companies/${c.realmId}`)).text;
    expect(after).toContain('<input type="checkbox" name="trackDepartments" checked>');
    expect(after).toContain('<option value="perLine" selected>');
    const off = new URLSearchParams({ tracking: 'on', classTracking: 'off', departmentTerminology: 'Location' });
    await sim('POST', `/__sim/companies/${c.realmId}/preferences`, off.toString(), 'application/x-www-form-urlencoded');
    expect((await sim('GET', `/__sim/companies/${c.realmId}/preferences`)).body).toMatchObject({ classTracking: 'off', trackDepartments: false });
  });
});

describe('transactions naming a class or location', () => {
  it('refuse ClassRef and DepartmentRef while the feature is off (6000 naming the setting)', async () => {
    const c = h.company();
    const s = await salesSetup(c);
    const { cls, dept } = await grouping(c);
    const onLine = await c.create('SalesReceipt', { Line: [itemLine(s.itemId, 5, { ClassRef: { value: cls.Id } })] });
    expect(faultOf(onLine)).toMatchObject({ code: '6000', element: 'Line.SalesItemLineDetail.ClassRef' });
    expect(faultOf(onLine).detail).toContain('ClassTrackingPerTxn');
    const onTxn = await c.create('SalesReceipt', { ClassRef: { value: cls.Id }, Line: [itemLine(s.itemId, 5)] });
    expect(faultOf(onTxn)).toMatchObject({ code: '6000', element: 'ClassRef' });
    const location = await c.create('Invoice', { CustomerRef: { value: s.customerId }, DepartmentRef: { value: dept.Id }, Line: [itemLine(s.itemId, 5)] });
    expect(faultOf(location)).toMatchObject({ code: '6000', element: 'DepartmentRef' });
    expect(faultOf(location).detail).toContain('TrackDepartments');
  });

  it('per line: ClassRef on lines is kept, on the transaction refused; DepartmentRef on the transaction kept', async () => {
    const c = h.company();
    const s = await salesSetup(c);
    const { cls, dept } = await grouping(c);
    h.sim.setPreferences(c.realmId, { classTracking: 'perLine', trackDepartments: true });
    const ok = await c.create('SalesReceipt', { DepartmentRef: { value: dept.Id }, Line: [itemLine(s.itemId, 5, { ClassRef: { value: cls.Id } })] });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.SalesReceipt.DepartmentRef).toEqual({ value: dept.Id, name: 'Denver' });
    expect(ok.body.SalesReceipt.Line[0].SalesItemLineDetail.ClassRef).toEqual({ value: cls.Id, name: 'Denver store' });
    const onTxn = await c.create('SalesReceipt', { ClassRef: { value: cls.Id }, Line: [itemLine(s.itemId, 5)] });
    expect(faultOf(onTxn)).toMatchObject({ code: '6000', element: 'ClassRef' });
    expect(faultOf(onTxn).detail).toContain('ClassTrackingPerTxnLine');
  });

  it('per transaction: ClassRef on the transaction is kept, on a sales line refused', async () => {
    const c = h.company();
    const s = await salesSetup(c);
    const { cls } = await grouping(c);
    h.sim.setPreferences(c.realmId, { classTracking: 'perTxn' });
    const ok = await c.create('Invoice', { CustomerRef: { value: s.customerId }, ClassRef: { value: cls.Id }, Line: [itemLine(s.itemId, 5)] });
    expect(ok.body.Invoice?.ClassRef, ok.text).toEqual({ value: cls.Id, name: 'Denver store' });
    const onLine = await c.create('Invoice', { CustomerRef: { value: s.customerId }, Line: [itemLine(s.itemId, 5, { ClassRef: { value: cls.Id } })] });
    expect(faultOf(onLine)).toMatchObject({ code: '6000', element: 'Line.SalesItemLineDetail.ClassRef' });
  });

  it('refuse a missing class or location (2500) and an inactive one (610), as for accounts and items', async () => {
    const c = h.company();
    const s = await salesSetup(c);
    const { cls, dept } = await grouping(c);
    h.sim.setPreferences(c.realmId, { classTracking: 'perLine', trackDepartments: true });
    expect(faultOf(await c.create('SalesReceipt', { Line: [itemLine(s.itemId, 5, { ClassRef: { value: '9999' } })] })).code).toBe('2500');
    expect(faultOf(await c.create('SalesReceipt', { DepartmentRef: { value: '9999' }, Line: [itemLine(s.itemId, 5)] })).code).toBe('2500');
    await c.update('Class', { Id: cls.Id, SyncToken: cls.SyncToken, sparse: true, Active: false });
    await c.update('Department', { Id: dept.Id, SyncToken: dept.SyncToken, sparse: true, Active: false });
    expect(faultOf(await c.create('SalesReceipt', { Line: [itemLine(s.itemId, 5, { ClassRef: { value: cls.Id } })] })).code).toBe('610');
    expect(faultOf(await c.create('SalesReceipt', { DepartmentRef: { value: dept.Id }, Line: [itemLine(s.itemId, 5)] })).code).toBe('610');
    const income = await c.create('Account', { Name: 'Old sales', AccountType: 'Income' });
    const item = await c.create('Item', { Name: 'Old item', Type: 'Service', IncomeAccountRef: { value: income.body.Account.Id } });
    await c.update('Item', { Id: item.body.Item.Id, SyncToken: '0', sparse: true, Active: false });
    expect(faultOf(await c.create('SalesReceipt', { Line: [itemLine(item.body.Item.Id, 5)] })).code).toBe('610');
    await c.update('Account', { Id: income.body.Account.Id, SyncToken: '0', sparse: true, Active: false });
    expect(faultOf(await c.create('Item', { Name: 'New item', Type: 'Service', IncomeAccountRef: { value: income.body.Account.Id } })).code).toBe('610');
  });
});
