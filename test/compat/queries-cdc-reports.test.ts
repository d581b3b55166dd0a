/**
 * Compatibility, part 2: node-quickbooks 2.0.50's `find*` (which write entity names as
 * `invoice`, `paymentMethod`, `journalEntry`: this file fails if the simulator makes query entity
 * names case-sensitive again), criteria arrays, fetchAll, count, LIKE, IN, orderby, Active =
 * false, batch, changeDataCapture and the reports, against `tillbooks simulator` in its own process.
 */
import type { QuickBooks } from 'node-quickbooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, SimulatorProcess } from './support.js';
import { call, connect, counters, faultOf, oauthClient, quickbooks, rejection, startSimulatorProcess } from './support.js';

let sim: SimulatorProcess;
let qbo: QuickBooks;
let realmId: string;
let itemId: string;
const customers: Record<string, string> = {};
const startedAt = Date.now();

const sale = (amount: number) => ({ DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: { value: itemId } } });

beforeAll(async () => {
  sim = await startSimulatorProcess();
  const client = oauthClient(sim);
  realmId = (await connect(client, 'Compat Queries')).realmId;
  qbo = quickbooks(sim, client);
  itemId = (await call((cb) => qbo.findItems({ Name: 'Services' }, cb))).QueryResponse.Item[0].Id;
  for (const name of ['Compat Alpha', 'Compat Beta', 'Compat Gamma', 'Other Delta']) {
    customers[name] = (await call((cb) => qbo.createCustomer({ DisplayName: name }, cb))).Id;
  }
  const gone = await call((cb) => qbo.getCustomer(customers['Compat Gamma']!, cb));
  await call((cb) => qbo.updateCustomer({ Id: gone.Id, SyncToken: gone.SyncToken, Active: false }, cb));
  for (const [doc, date, amount] of [['CQ-1', '2026-03-02', 10], ['CQ-2', '2026-03-04', 25.5], ['CQ-3', '2026-03-03', 7.25]] as const) {
    await call((cb) => qbo.createInvoice({ DocNumber: doc, TxnDate: date, CustomerRef: { value: customers['Compat Alpha']! }, Line: [sale(amount)] }, cb));
  }
});
afterAll(() => sim?.stop());

const rowsOf = (data: Json, entity: string) => (data.QueryResponse[entity] ?? []) as Json[];

describe('find* with the entity names node-quickbooks writes', () => {
  it.each([
    ['findAccounts', 'Account'], ['findItems', 'Item'], ['findPaymentMethods', 'PaymentMethod'], ['findCustomers', 'Customer'],
    ['findInvoices', 'Invoice'], ['findCompanyInfos', 'CompanyInfo'], ['findPreferenceses', 'Preferences'],
  ] as const)('%s answers QueryResponse.%s', async (method, entity) => {
    const data = await call((cb) => (qbo[method] as (cb: unknown) => void)(cb));
    expect(rowsOf(data, entity).length).toBeGreaterThan(0);
  });

  it.each([
    ['findVendors'], ['findEmployees'], ['findDepartments'], ['findClasses'], ['findSalesReceipts'], ['findRefundReceipts'],
    ['findPayments'], ['findJournalEntries'], ['findBills'],
  ] as const)('%s answers (empty: a QueryResponse without rows)', async (method) => {
    const data = await call((cb) => (qbo[method] as (cb: unknown) => void)(cb));
    expect(data.QueryResponse).toEqual({});
  });

  it('takes criteria arrays, LIKE, IN, orderby and Active = false', async () => {
    const like = await call((cb) => qbo.findCustomers([{ field: 'DisplayName', value: 'Compat%', operator: 'LIKE' }], cb));
    expect(rowsOf(like, 'Customer').map((c) => c.DisplayName)).toEqual(['Compat Alpha', 'Compat Beta']);
    const inList = await call((cb) => qbo.findInvoices([{ field: 'DocNumber', value: ['CQ-1', 'CQ-3'], operator: 'IN' }], cb));
    expect(rowsOf(inList, 'Invoice').map((i) => i.DocNumber)).toEqual(['CQ-1', 'CQ-3']);
    const ordered = await call((cb) => qbo.findInvoices([{ field: 'TotalAmt', value: '5', operator: '>' }, { field: 'desc', value: 'TxnDate' }], cb));
    expect(rowsOf(ordered, 'Invoice').map((i) => i.DocNumber)).toEqual(['CQ-2', 'CQ-3', 'CQ-1']);
    const inactive = await call((cb) => qbo.findCustomers([{ field: 'Active', value: false }], cb));
    expect(rowsOf(inactive, 'Customer').map((c) => c.DisplayName)).toEqual(['Compat Gamma']);
    const single = await call((cb) => qbo.findCustomers({ DisplayName: 'Compat Beta' }, cb));
    expect(rowsOf(single, 'Customer')).toHaveLength(1);
  });

  it('counts, and fetchAll pages until a short page, giving what one big page gives', async () => {
    const count = await call((cb) => qbo.findAccounts({ count: true }, cb));
    const total = count.QueryResponse.totalCount as number;
    expect(total).toBeGreaterThan(12);
    const all = await call((cb) => qbo.findAccounts([{ field: 'fetchAll', value: true }, { field: 'limit', value: 5 }], cb));
    expect(rowsOf(all, 'Account')).toHaveLength(total);
    expect(new Set(rowsOf(all, 'Account').map((a) => a.Id)).size).toBe(total);
  });

  it('is answered with lower-case entity names: the reason this suite exists', async () => {
    const res = await fetch(`${sim.url}/v3/company/${realmId}/query?query=${encodeURIComponent("select * from customer where DisplayName = 'Compat Beta'")}`, {
      headers: { authorization: `Bearer ${qbo.token}`, accept: 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Json).QueryResponse.Customer).toHaveLength(1);
  });
});

describe('batch', () => {
  it('creates, queries in lower case and captures changes in one request', async () => {
    const data = await call((cb) => qbo.batch([
      { bId: 'c', operation: 'create', Customer: { DisplayName: 'Compat Batch' } },
      { bId: 'q', Query: "select * from customer where DisplayName LIKE 'Compat A%'" } as never,
      { bId: 'n', Query: 'select count(*) from invoice' } as never,
      { bId: 'd', CDCQuery: { Entities: 'Invoice', ChangedSince: new Date(startedAt - 1000).toISOString() } } as never,
    ], cb));
    const [created, queried, counted, captured] = data.BatchItemResponse as Json[];
    expect(created!.Customer.DisplayName).toBe('Compat Batch');
    expect(rowsOf(queried!, 'Customer').map((c) => c.DisplayName)).toEqual(['Compat Alpha']);
    expect(counted!.QueryResponse.totalCount).toBe(3);
    expect(captured!.CDCResponse[0].QueryResponse[0].Invoice).toHaveLength(3);
  });
});

/** An instant as QuickBooks writes it, with a +02:00 offset (as a client east of UTC would send it). */
function plusTwo(ms: number): string {
  return `${new Date(ms + 2 * 3_600_000).toISOString().slice(0, 19)}+02:00`;
}

describe('changeDataCapture', () => {
  it('answers one QueryResponse per entity asked', async () => {
    const data = await call((cb) => qbo.changeDataCapture(['Invoice', 'Customer', 'Bill'], new Date(startedAt - 1000).toISOString(), cb));
    const [invoices, customersChanged, bills] = data.CDCResponse[0].QueryResponse as Json[];
    expect(invoices!.Invoice.map((i: Json) => i.DocNumber)).toEqual(['CQ-1', 'CQ-2', 'CQ-3']);
    expect(customersChanged!.Customer.length).toBeGreaterThanOrEqual(4);
    expect(bills).toEqual({});
  });

  it('refuses an unencoded "+hh:mm" offset, which node-quickbooks sends as is; the suite encodes it itself', async () => {
    // node-quickbooks 2.0.50 appends changedSince to the URL without encoding it, so the "+" of an
    // offset arrives as a space (as at Intuit, which reads query strings the same way). The client
    // is wrong, not the simulator: send the offset encoded (%2B) or in UTC (Z).
    const since = plusTwo(startedAt - 1000);
    expect(faultOf(await rejection(call((cb) => qbo.changeDataCapture('Invoice', since, cb))))).toMatchObject({ status: 400, code: '2010', element: 'changedSince' });
    const encoded = await call((cb) => qbo.changeDataCapture('Invoice', since.replace('+', '%2B'), cb));
    expect(encoded.CDCResponse[0].QueryResponse[0].Invoice).toHaveLength(3);
  });

  it('works with a Date only where the process runs at or west of UTC (formatISO writes "Z" or "-hh:mm" there)', async () => {
    const outcome = call((cb) => qbo.changeDataCapture('Invoice', new Date(startedAt - 1000), cb));
    if (new Date().getTimezoneOffset() >= 0) expect((await outcome).CDCResponse[0].QueryResponse[0].Invoice).toHaveLength(3);
    else expect(faultOf(await rejection(outcome)).code).toBe('2010');
  });

  it('refuses a look-back of more than 30 days', async () => {
    const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
    expect(faultOf(await rejection(call((cb) => qbo.changeDataCapture('Invoice', old, cb))))).toMatchObject({ status: 400, code: '500' });
  });
});

describe('reports', () => {
  const march = { start_date: '2026-03-01', end_date: '2026-03-31' };
  const summary = (report: Json, group: string): string | undefined => {
    for (const row of report.Rows.Row as Json[]) {
      if (row.group === group) return row.Summary.ColData[1].value;
      const inner = row.Rows ? summary({ Rows: row.Rows }, group) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };

  it('ProfitAndLoss, BalanceSheet and TrialBalance, each one metered read', async () => {
    const before = await counters(sim, realmId);
    const pl = await call((cb) => qbo.reportProfitAndLoss(march, cb));
    expect(pl.Header).toMatchObject({ ReportName: 'ProfitAndLoss', StartPeriod: '2026-03-01', EndPeriod: '2026-03-31', ReportBasis: 'Accrual' });
    expect(summary(pl, 'Income')).toBe('42.75');
    const bs = await call((cb) => qbo.reportBalanceSheet({ end_date: '2026-03-31' }, cb));
    expect(summary(bs, 'AR')).toBe('42.75');
    expect(summary(bs, 'TotalAssets')).toBe(summary(bs, 'TotalLiabilitiesAndEquity'));
    const tb = await call((cb) => qbo.reportTrialBalance(march, cb));
    const total = (tb.Rows.Row as Json[]).at(-1)!.Summary.ColData as Json[];
    expect([total[1]!.value, total[2]!.value]).toEqual(['42.75', '42.75']);
    const cash = await call((cb) => qbo.reportProfitAndLoss({ ...march, accounting_method: 'Cash' }, cb));
    expect(summary(cash, 'Income')).toBe('0.00');
    const after = await counters(sim, realmId);
    expect([after.requests - before.requests, after.writes - before.writes]).toEqual([4, 0]);
  });

  it('refuses a report it does not compute with a Fault the client surfaces', async () => {
    expect(faultOf(await rejection(call((cb) => qbo.reportCashFlow(march, cb))))).toMatchObject({ status: 400, code: '500' });
  });
});
