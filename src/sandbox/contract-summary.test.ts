/**
 * Issue 14's simulator points (summary mode): the day's zero-total SalesReceipt with negative
 * lines, items selling to liability and asset accounts (tender "PMT" items, gift card sales),
 * and JournalEntry with the same strictness as invoices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import type { CompanyClient, Harness } from './test-support/harness.js';
import { faultOf, itemLine, salesSetup, startHarness } from './test-support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: makeManualClock() });
});
afterAll(() => h.close());

async function account(c: CompanyClient, Name: string, AccountType: string, AccountSubType?: string): Promise<string> {
  const answer = await c.create('Account', { Name, AccountType, ...(AccountSubType ? { AccountSubType } : {}) });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.Account.Id;
}

async function serviceItem(c: CompanyClient, Name: string, incomeId: string, Type = 'Service') {
  return c.create('Item', { Name, Type, IncomeAccountRef: { value: incomeId } });
}

const jeLine = (PostingType: 'Debit' | 'Credit', Amount: number, accountId: string, detail: Record<string, unknown> = {}) => ({
  DetailType: 'JournalEntryLineDetail', Amount, JournalEntryLineDetail: { PostingType, AccountRef: { value: accountId }, ...detail },
});

describe('items on balance-sheet accounts', () => {
  it('a Service or NonInventory item may sell to an Other Current Liability or Other Current Asset account', async () => {
    const c = h.company();
    const giftCards = await account(c, 'Gift Card Liability', 'Other Current Liability');
    const cashClearing = await account(c, 'Cash clearing (POS)', 'Other Current Asset');
    const gift = await serviceItem(c, 'Gift card sales', giftCards, 'NonInventory');
    expect(gift.body.Item?.IncomeAccountRef, gift.text).toEqual({ value: giftCards, name: 'Gift Card Liability' });
    expect((await serviceItem(c, 'PMT - Cash', cashClearing)).status).toBe(200);
  });

  it('refuses a Bank, Expense or Equity account as an item income account (6000), and an Inventory item on a liability', async () => {
    const c = h.company();
    for (const type of ['Bank', 'Expense', 'Equity']) {
      const id = await account(c, `Some ${type}`, type);
      expect(faultOf(await serviceItem(c, `Item on ${type}`, id))).toMatchObject({ code: '6000', element: 'IncomeAccountRef' });
    }
    const liability = await account(c, 'Tips payable', 'Other Current Liability');
    const accounts = (await c.query('SELECT * FROM Account MAXRESULTS 1000')).body.QueryResponse.Account as { Id: string; AccountSubType: string }[];
    const bySubtype = (t: string) => ({ value: accounts.find((a) => a.AccountSubType === t)?.Id ?? '' });
    const inventory = await c.create('Item', {
      Name: 'Beans', Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 1, InvStartDate: '2026-11-01', IncomeAccountRef: { value: liability },
      ExpenseAccountRef: bySubtype('SuppliesMaterialsCogs'), AssetAccountRef: bySubtype('Inventory'),
    });
    expect(faultOf(inventory)).toMatchObject({ code: '6000', element: 'IncomeAccountRef' });
  });
});

describe('the daily summary receipt', () => {
  it('takes negative lines adding up to a total of exactly zero (summary-rules §3.1 worked example)', async () => {
    const c = h.company();
    const { itemId } = await salesSetup(c);
    const clearing = await account(c, 'Card clearing (POS)', 'Other Current Asset');
    const card = (await serviceItem(c, 'PMT - Credit Card', clearing)).body.Item.Id;
    const cash = (await serviceItem(c, 'PMT - Cash', await account(c, 'Cash clearing (POS)', 'Other Current Asset'))).body.Item.Id;
    const gift = (await serviceItem(c, 'Gift card sales', await account(c, 'Gift Card Liability', 'Other Current Liability'), 'NonInventory')).body.Item.Id;
    const amounts: [string, number][] = [[itemId, 9], [itemId, 3], [itemId, -4.5], [itemId, -0.9], [itemId, -1], [gift, 25], [itemId, 0.14],
      [itemId, 0.22], [itemId, 2], [card, -35], [cash, 2.04]];
    const receipt = await c.create('SalesReceipt', {
      TxnDate: '2026-03-07', DocNumber: 'D-20260307-denver-1', PrivateNote: 'POS summary denver-1 2026-03-07 r1',
      Line: amounts.map(([id, amount]) => itemLine(id, amount, { TaxCodeRef: { value: 'NON' } })),
    });
    expect(receipt.status, receipt.text).toBe(200);
    expect(receipt.body.SalesReceipt).toMatchObject({ TotalAmt: 0, Balance: 0, DepositToAccountRef: { name: 'Undeposited Funds' } });
    expect(receipt.body.SalesReceipt.Line.filter((l: { DetailType: string }) => l.DetailType === 'SalesItemLineDetail')).toHaveLength(11);
    const negative = await c.create('SalesReceipt', { Line: [itemLine(itemId, 5), itemLine(card, -5.01)] });
    expect(faultOf(negative)).toMatchObject({ code: '6000', element: 'TotalAmt' });
    expect(faultOf(negative).detail).toContain('-0.01');
  });
});

describe('JournalEntry', () => {
  it('creates a balanced entry with DocNumber and PrivateNote, and refuses an unbalanced one naming both sums (6000)', async () => {
    const c = h.company();
    const { checkingId, incomeId } = await salesSetup(c);
    const ok = await c.create('JournalEntry', {
      TxnDate: '2026-03-07', DocNumber: 'COGS-20260307', PrivateNote: 'POS summary denver-1 2026-03-07 COGS r1',
      Line: [jeLine('Debit', 10.5, checkingId), jeLine('Credit', 10.5, incomeId)],
    });
    expect(ok.body.JournalEntry, ok.text).toMatchObject({ TotalAmt: 10.5, DocNumber: 'COGS-20260307', SyncToken: '0' });
    const unbalanced = await c.create('JournalEntry', { Line: [jeLine('Debit', 10.5, checkingId), jeLine('Credit', 10.49, incomeId)] });
    expect(faultOf(unbalanced)).toMatchObject({ code: '6000', element: 'Line' });
    expect(faultOf(unbalanced).detail).toContain('debits 10.50, credits 10.49');
    const duplicate = await c.create('JournalEntry', { DocNumber: 'COGS-20260307', Line: [jeLine('Debit', 1, checkingId), jeLine('Credit', 1, incomeId)] });
    expect(faultOf(duplicate).code).toBe('6140');
    const longNote = await c.create('JournalEntry', { PrivateNote: 'x'.repeat(4001), Line: [jeLine('Debit', 1, checkingId), jeLine('Credit', 1, incomeId)] });
    expect(faultOf(longNote).code).toBe('2050');
  });

  it('refuses a missing account (2500), an inactive one (610), and an A/R or A/P line without its customer or vendor', async () => {
    const c = h.company();
    const s = await salesSetup(c);
    expect(faultOf(await c.create('JournalEntry', { Line: [jeLine('Debit', 1, '9999'), jeLine('Credit', 1, s.incomeId)] })).code).toBe('2500');
    const old = await account(c, 'Old bank', 'Bank');
    await c.update('Account', { Id: old, SyncToken: '0', sparse: true, Active: false });
    expect(faultOf(await c.create('JournalEntry', { Line: [jeLine('Debit', 1, old), jeLine('Credit', 1, s.incomeId)] })).code).toBe('610');
    const accounts = (await c.query("SELECT * FROM Account WHERE AccountType = 'Accounts Receivable'")).body.QueryResponse.Account;
    const ar = accounts[0].Id;
    const noCustomer = await c.create('JournalEntry', { Line: [jeLine('Debit', 1, ar), jeLine('Credit', 1, s.incomeId)] });
    expect(faultOf(noCustomer)).toMatchObject({ code: '6000', element: 'Line.JournalEntryLineDetail.Entity' });
    const withCustomer = await c.create('JournalEntry', {
      Line: [jeLine('Debit', 1, ar, { Entity: { Type: 'Customer', EntityRef: { value: s.customerId } } }), jeLine('Credit', 1, s.incomeId)],
    });
    expect(withCustomer.status, withCustomer.text).toBe(200);
    const missingCustomer = await c.create('JournalEntry', {
      Line: [jeLine('Debit', 1, ar, { Entity: { Type: 'Customer', EntityRef: { value: '9999' } } }), jeLine('Credit', 1, s.incomeId)],
    });
    expect(faultOf(missingCustomer).code).toBe('2500');
  });

  it('updates sparse and full, deletes, and answers 5010 to a stale SyncToken and 6210 in a closed period', async () => {
    const c = h.company();
    const { checkingId, incomeId } = await salesSetup(c);
    const je = (await c.create('JournalEntry', {
      TxnDate: '2026-03-07', PrivateNote: 'r1', Line: [jeLine('Debit', 5, checkingId), jeLine('Credit', 5, incomeId)],
    })).body.JournalEntry;
    const sparse = await c.update('JournalEntry', { Id: je.Id, SyncToken: '0', sparse: true, PrivateNote: 'r2' });
    expect(sparse.body.JournalEntry).toMatchObject({ PrivateNote: 'r2', TotalAmt: 5, SyncToken: '1' });
    const full = await c.update('JournalEntry', { Id: je.Id, SyncToken: '1', TxnDate: '2026-03-07', Line: [jeLine('Debit', 7, checkingId), jeLine('Credit', 7, incomeId)] });
    expect(full.body.JournalEntry).toMatchObject({ TotalAmt: 7, SyncToken: '2' });
    expect(full.body.JournalEntry).not.toHaveProperty('PrivateNote');
    expect(faultOf(await c.update('JournalEntry', { Id: je.Id, SyncToken: '1', sparse: true, PrivateNote: 'late' })).code).toBe('5010');
    h.sim.setPreferences(c.realmId, { BookCloseDate: '2026-03-31' });
    expect(faultOf(await c.update('JournalEntry', { Id: je.Id, SyncToken: '2', sparse: true, PrivateNote: 'r3' })).code).toBe('6210');
    expect(faultOf(await c.call('POST', 'journalentry', { Id: je.Id, SyncToken: '2' }, { query: { operation: 'delete' } })).code).toBe('6210');
    h.sim.setPreferences(c.realmId, { BookCloseDate: null });
    const deleted = await c.call('POST', 'journalentry', { Id: je.Id, SyncToken: '2' }, { query: { operation: 'delete' } });
    expect(deleted.body.JournalEntry).toMatchObject({ status: 'Deleted', Id: je.Id });
    expect(faultOf(await c.read('JournalEntry', je.Id)).code).toBe('610');
    const voided = await c.call('POST', 'journalentry', { Id: je.Id, SyncToken: '2' }, { query: { operation: 'void' } });
    expect(faultOf(voided).code).toBe('500');
  });

  it('takes ClassRef and DepartmentRef on lines under the company tracking settings', async () => {
    const c = h.company();
    const { checkingId, incomeId } = await salesSetup(c);
    const cls = (await c.create('Class', { Name: 'Denver store' })).body.Class.Id;
    const dept = (await c.create('Department', { Name: 'Denver' })).body.Department.Id;
    const lines = [jeLine('Debit', 3, checkingId, { ClassRef: { value: cls }, DepartmentRef: { value: dept } }), jeLine('Credit', 3, incomeId)];
    expect(faultOf(await c.create('JournalEntry', { Line: lines })).element).toBe('Line.JournalEntryLineDetail.ClassRef');
    h.sim.setPreferences(c.realmId, { classTracking: 'perTxn' });
    expect(faultOf(await c.create('JournalEntry', { Line: lines })).element).toBe('Line.JournalEntryLineDetail.DepartmentRef');
    h.sim.setPreferences(c.realmId, { trackDepartments: true });
    const ok = await c.create('JournalEntry', { DepartmentRef: { value: dept }, Line: lines });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.JournalEntry.DepartmentRef).toEqual({ value: dept, name: 'Denver' });
    expect(ok.body.JournalEntry.Line[0].JournalEntryLineDetail).toMatchObject({ ClassRef: { value: cls }, DepartmentRef: { value: dept } });
  });
});
