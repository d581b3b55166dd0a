/**
 * Issue 19 item 3: ProfitAndLoss, BalanceSheet and TrialBalance computed from the simulator's own
 * documents. The expected figures are summed here from the documents as a read returns them
 * (not from the ledger code), to the cent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from './test-support/harness.js';
import { faultOf, itemLine, startHarness } from './test-support/harness.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let h: Harness;
const ids: Record<string, string> = {};

const cents = (n: unknown) => Math.round(Number(n ?? 0) * 100);
const create = async (entity: string, body: unknown) => {
  const res = await h.create(entity, body);
  if (res.status !== 200) throw new Error(`${entity}: ${res.text}`);
  return res.body[entity] as Doc;
};
const report = (name: string, query: Record<string, string>) => h.call('GET', `reports/${name}`, undefined, { query });

/** Every Data row (with an account id) of a report, flattened, as { id: [cents per money column] }. */
function dataRows(rows: Row[], out: Record<string, number[]> = {}): Record<string, number[]> {
  for (const row of rows) {
    if (row.Rows?.Row) dataRows(row.Rows.Row, out);
    if (row.type === 'Data' && row.ColData[0].id) out[row.ColData[0].id] = row.ColData.slice(1).map((c: { value: string }) => cents(c.value));
  }
  return out;
}

/** The Summary figures of the section (at any depth) with this group. */
function summaryOf(rows: Row[], group: string): number[] | undefined {
  for (const row of rows) {
    if (row.group === group) return row.Summary.ColData.slice(1).map((c: { value: string }) => cents(c.value));
    const inner = row.Rows?.Row ? summaryOf(row.Rows.Row, group) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

beforeAll(async () => {
  h = await startHarness({ company: { automatedSalesTax: true }, limits: { enabled: false } });
  const accounts = (await h.query('SELECT * FROM Account MAXRESULTS 1000')).body.QueryResponse.Account as Doc[];
  for (const a of accounts) ids[a.AccountSubType] = a.Id;
  const rent = accounts.find((a) => a.Name === 'Rent & Lease')!;
  ids.rent = rent.Id;
  const prefs = (await h.read('Preferences', '1')).body.Preferences;
  await h.update('Preferences', { Id: '1', SyncToken: prefs.SyncToken, sparse: true, AccountingInfoPrefs: { ClassTrackingPerTxn: true, TrackDepartments: true } });
  ids.customer = (await create('Customer', { DisplayName: 'Report Customer' })).Id;
  ids.vendor = (await create('Vendor', { DisplayName: 'Report Vendor' })).Id;
  ids.coffee = (await create('Item', { Name: 'Coffee', Type: 'NonInventory', IncomeAccountRef: { value: ids.SalesOfProductIncome } })).Id;
  ids.services = (await h.query("SELECT * FROM Item WHERE Name = 'Services'")).body.QueryResponse.Item[0].Id;
  ids.discount = (await create('Account', { Name: 'Discounts given', AccountType: 'Income', AccountSubType: 'DiscountsRefundsGiven' })).Id;
  ids.classA = (await create('Class', { Name: 'Bar' })).Id;
  ids.dept = (await create('Department', { Name: 'Downtown' })).Id;
  const customerRef = { value: ids.customer };
  // Last year: closed into Retained Earnings on this year's balance sheet.
  await create('SalesReceipt', { TxnDate: '2025-06-01', Line: [itemLine(ids.services!, 50)], TxnTaxDetail: { TotalTax: 0 } });
  const invoice = await create('Invoice', {
    TxnDate: '2026-03-03', CustomerRef: customerRef, ClassRef: { value: ids.classA }, DepartmentRef: { value: ids.dept },
    Line: [itemLine(ids.coffee!, 30.75, { Qty: 3, UnitPrice: 10.25 }), itemLine(ids.services!, 19.99),
      { DetailType: 'DiscountLineDetail', Amount: 5, DiscountLineDetail: { PercentBased: false, DiscountAccountRef: { value: ids.discount } } }],
  });
  await create('Payment', { TxnDate: '2026-03-05', CustomerRef: customerRef, TotalAmt: 20, Line: [{ Amount: 20, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
  await create('Payment', { TxnDate: '2026-03-06', CustomerRef: customerRef, TotalAmt: 7.5, DepositToAccountRef: { value: ids.Checking } });
  await create('SalesReceipt', { TxnDate: '2026-03-07', Line: [itemLine(ids.coffee!, 12.34)], DepartmentRef: { value: ids.dept } });
  await create('SalesReceipt', { TxnDate: '2026-03-08', Line: [itemLine(ids.services!, 8.01)], DepositToAccountRef: { value: ids.Checking } });
  await create('RefundReceipt', { TxnDate: '2026-03-09', Line: [itemLine(ids.coffee!, 4.1)], DepositToAccountRef: { value: ids.UndepositedFunds } });
  await create('JournalEntry', { TxnDate: '2026-03-10', Line: [
    { DetailType: 'JournalEntryLineDetail', Amount: 100, JournalEntryLineDetail: { PostingType: 'Debit', AccountRef: { value: ids.rent } } },
    { DetailType: 'JournalEntryLineDetail', Amount: 100, JournalEntryLineDetail: { PostingType: 'Credit', AccountRef: { value: ids.Checking } } },
  ] });
  await create('Bill', { TxnDate: '2026-03-11', VendorRef: { value: ids.vendor }, Line: [
    { DetailType: 'AccountBasedExpenseLineDetail', Amount: 45.67, AccountBasedExpenseLineDetail: { AccountRef: { value: ids.Utilities } } },
  ] });
  // Voided and deleted documents post nothing; one outside the period is outside the P&L.
  const voided = await create('SalesReceipt', { TxnDate: '2026-03-12', Line: [itemLine(ids.coffee!, 99)] });
  await h.call('POST', 'salesreceipt', { Id: voided.Id, SyncToken: voided.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } });
  const deleted = await create('Invoice', { TxnDate: '2026-03-12', CustomerRef: customerRef, Line: [itemLine(ids.coffee!, 77)] });
  await h.call('POST', 'invoice', { Id: deleted.Id, SyncToken: deleted.SyncToken }, { query: { operation: 'delete' } });
  await create('SalesReceipt', { TxnDate: '2026-04-02', Line: [itemLine(ids.coffee!, 1000)] });
});
afterAll(() => h.close());

const MARCH = { start_date: '2026-03-01', end_date: '2026-03-31' };
const inMarch = (d: Doc) => d.TxnDate >= MARCH.start_date && d.TxnDate <= MARCH.end_date;
const docs = (entity: string) => h.sim.documents(h.realmId, entity) as Doc[];

describe('ProfitAndLoss', () => {
  it('shows each income account as the sum of the posted lines, to the cent, and Net Income', async () => {
    const res = await report('ProfitAndLoss', MARCH);
    expect(res.status).toBe(200);
    expect(res.body.Header).toMatchObject({ ReportName: 'ProfitAndLoss', ReportBasis: 'Accrual', StartPeriod: '2026-03-01', EndPeriod: '2026-03-31', Currency: 'USD' });
    const expected: Record<string, number> = {};
    for (const [entity, sign] of [['Invoice', 1], ['SalesReceipt', 1], ['RefundReceipt', -1]] as const) {
      for (const doc of docs(entity).filter(inMarch)) {
        for (const line of doc.Line as Doc[]) {
          if (line.DetailType === 'SalesItemLineDetail') {
            const id = line.SalesItemLineDetail.ItemAccountRef.value;
            expected[id] = (expected[id] ?? 0) + sign * cents(line.Amount);
          }
          if (line.DetailType === 'DiscountLineDetail') {
            const id = line.DiscountLineDetail.DiscountAccountRef.value;
            expected[id] = (expected[id] ?? 0) - sign * cents(line.Amount);
          }
        }
      }
    }
    const rows = dataRows(res.body.Rows.Row);
    for (const [id, amount] of Object.entries(expected)) expect([id, rows[id]?.[0]]).toEqual([id, amount]);
    expect(expected[ids.SalesOfProductIncome!]).toBe(3075 + 1234 - 410);
    const income = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(summaryOf(res.body.Rows.Row, 'Income')).toEqual([income]);
    expect(rows[ids.rent!]).toEqual([10000]);
    expect(rows[ids.Utilities!]).toEqual([4567]);
    expect(summaryOf(res.body.Rows.Row, 'NetIncome')).toEqual([income - 10000 - 4567]);
  });

  it('on a cash basis counts an invoice as far as it is paid, and leaves unpaid bills out', async () => {
    const res = await report('ProfitAndLoss', { ...MARCH, accounting_method: 'Cash' });
    expect(res.body.Header.ReportBasis).toBe('Cash');
    const invoice = docs('Invoice').find((d) => d.TxnDate === '2026-03-03')!;
    const total = cents(invoice.TotalAmt);
    const receipts = 1234 - 410 + 801;
    const income = summaryOf(res.body.Rows.Row, 'Income')![0]!;
    // The invoice's 20.00 payment recognises its share of income (rounded to the cent); its share of tax goes to Sales Tax Payable.
    const share = Math.round(((3075 + 1999 - 500) * 2000) / total);
    expect(income).toBe(receipts + share);
    expect(dataRows(res.body.Rows.Row)[ids.Utilities!]).toBeUndefined();
  });

  it('summarises by class and by location, with the Total column equal to the plain report', async () => {
    const plain = summaryOf((await report('ProfitAndLoss', MARCH)).body.Rows.Row, 'NetIncome')!;
    const byClass = await report('ProfitAndLoss', { ...MARCH, summarize_column_by: 'Classes' });
    expect(byClass.body.Columns.Column.map((c: { ColTitle: string }) => c.ColTitle)).toEqual(['', 'Bar', 'Not Specified', 'Total']);
    const net = summaryOf(byClass.body.Rows.Row, 'NetIncome')!;
    expect(net[2]).toEqual(plain[0]);
    expect(net[0]! + net[1]!).toEqual(plain[0]);
    expect(net[0]).toBe(3075 + 1999 - 500);
    const byLocation = await report('ProfitAndLoss', { ...MARCH, summarize_column_by: 'Departments' });
    expect(byLocation.body.Header.SummarizeColumnsBy).toBe('Departments');
    expect(summaryOf(byLocation.body.Rows.Row, 'Income')![0]).toBe(3075 + 1999 - 500 + 1234);
  });
});

describe('BalanceSheet', () => {
  it('shows Undeposited Funds as the sum of undeposited payments and receipts, and balances', async () => {
    const res = await report('BalanceSheet', MARCH);
    expect(res.status).toBe(200);
    const uf = ids.UndepositedFunds!;
    const into = (entity: string) => docs(entity).filter((d) => d.TxnDate <= MARCH.end_date && d.DepositToAccountRef?.value === uf)
      .reduce((sum, d) => sum + cents(d.TotalAmt), 0);
    const expected = into('Payment') + into('SalesReceipt') - into('RefundReceipt');
    // Automated sales tax (8.25%) is part of what the receipts took in: 12.34 + 1.02 and 4.10 + 0.34.
    expect(expected).toBe(2000 + 1336 + 5000 - 444);
    const rows = dataRows(res.body.Rows.Row);
    expect(rows[uf]).toEqual([expected]);
    const openInvoices = docs('Invoice').reduce((sum, d) => sum + cents(d.Balance), 0);
    const unapplied = docs('Payment').reduce((sum, d) => sum + cents(d.UnappliedAmt), 0);
    expect(rows[ids.AccountsReceivable!]).toEqual([openInvoices - unapplied]);
    expect(summaryOf(res.body.Rows.Row, 'TotalAssets')).toEqual(summaryOf(res.body.Rows.Row, 'TotalLiabilitiesAndEquity'));
    // Last year's sale is in Retained Earnings, not in this year's Net Income.
    expect(rows[ids.RetainedEarnings!]).toEqual([5000]);
  });
});

describe('TrialBalance', () => {
  it('lists debits and credits that agree', async () => {
    const res = await report('TrialBalance', MARCH);
    expect(res.body.Columns.Column.map((c: { ColTitle: string }) => c.ColTitle)).toEqual(['', 'Debit', 'Credit']);
    const total = res.body.Rows.Row.at(-1);
    expect(total.group).toBe('GrandTotal');
    expect(total.Summary.ColData[1].value).toBe(total.Summary.ColData[2].value);
    const rent = res.body.Rows.Row.find((r: Row) => r.ColData?.[0].id === ids.rent);
    expect(rent.ColData.slice(1)).toEqual([{ value: '100.00' }, { value: '' }]);
  });
});

describe('report requests', () => {
  it('are one metered read each, no write', async () => {
    const before = h.sim.counters(h.realmId);
    await report('TrialBalance', {});
    const after = h.sim.counters(h.realmId);
    expect([after.requests - before.requests, after.writes - before.writes]).toEqual([1, 0]);
  });

  it('refuse what the simulator does not compute, and bad values', async () => {
    expect(faultOf(await report('GeneralLedger', MARCH))).toMatchObject({ status: 400, code: '500' });
    expect(faultOf(await report('ProfitAndLoss', { date_macro: 'This Month' }))).toMatchObject({ status: 400, code: '500' });
    expect(faultOf(await report('ProfitAndLoss', { start_date: '2026-02-30' }))).toMatchObject({ code: '2010', element: 'start_date' });
    expect(faultOf(await report('ProfitAndLoss', { start_date: '2026-04-01', end_date: '2026-03-01' }))).toMatchObject({ code: '2010' });
    expect(faultOf(await report('ProfitAndLoss', { accounting_method: 'Modified' }))).toMatchObject({ code: '2010' });
    expect(faultOf(await report('TrialBalance', { summarize_column_by: 'Classes' }))).toMatchObject({ code: '500' });
  });
});
