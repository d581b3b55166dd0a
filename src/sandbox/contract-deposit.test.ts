/**
 * Issue 15's simulator point: the Deposit entity as a processor payout posts it (gross out of a
 * clearing account, fees as a negative line, total = net), deposits of payments waiting in
 * Undeposited Funds, and 6540 for a deposited payment or sales receipt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import type { CompanyClient, Harness, SalesSetup } from './test-support/harness.js';
import { faultOf, itemLine, salesSetup, startHarness } from './test-support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: makeManualClock() });
});
afterAll(() => h.close());

interface Payout extends SalesSetup { clearingId: string; feesId: string }

async function payoutSetup(c: CompanyClient): Promise<Payout> {
  const s = await salesSetup(c);
  const clearingId = (await c.create('Account', { Name: 'Card clearing - square', AccountType: 'Other Current Asset' })).body.Account.Id;
  const feesId = (await c.create('Account', { Name: 'Merchant fees', AccountType: 'Expense' })).body.Account.Id;
  return { ...s, clearingId, feesId };
}

const line = (Amount: number, accountId: string, detail: Record<string, unknown> = {}) => ({
  DetailType: 'DepositLineDetail', Amount, DepositLineDetail: { AccountRef: { value: accountId }, ...detail },
});

function payout(p: Payout, extra: Record<string, unknown> = {}) {
  return {
    DepositToAccountRef: { value: p.checkingId }, TxnDate: '2026-03-09', PrivateNote: 'POS payout square/po_1 v1',
    Line: [{ ...line(1000, p.clearingId), Description: 'gross' }, line(-29.3, p.feesId)], ...extra,
  };
}

describe('a payout deposit', () => {
  it('takes gross from a clearing account and fees as a negative line; TotalAmt is the net, computed', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const created = await c.create('Deposit', payout(p));
    expect(created.status, created.text).toBe(200);
    expect(created.body.Deposit).toMatchObject({
      TotalAmt: 970.7, DepositToAccountRef: { value: p.checkingId, name: 'Checking' }, TxnDate: '2026-03-09', SyncToken: '0',
      Line: [
        { Id: '1', Amount: 1000, DetailType: 'DepositLineDetail', DepositLineDetail: { AccountRef: { value: p.clearingId, name: 'Card clearing - square' } } },
        { Id: '2', Amount: -29.3, DepositLineDetail: { AccountRef: { value: p.feesId } } },
      ],
    });
    expect((await c.read('Deposit', created.body.Deposit.Id)).body.Deposit.TotalAmt).toBe(970.7);
    expect((await c.create('Deposit', payout(p, { TotalAmt: 970.7 }))).status).toBe(200);
  });

  it('refuses a TotalAmt that disagrees, a negative total, a non-bank account, and missing pieces', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const wrongTotal = await c.create('Deposit', payout(p, { TotalAmt: 1000 }));
    expect(faultOf(wrongTotal)).toMatchObject({ code: '6000', element: 'TotalAmt' });
    expect(faultOf(wrongTotal).detail).toContain('970.70');
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [line(10, p.clearingId), line(-10.01, p.feesId)] }))).element).toBe('TotalAmt');
    expect((await c.create('Deposit', payout(p, { Line: [line(10, p.clearingId), line(-10, p.feesId)] }))).status).toBe(200);
    expect(faultOf(await c.create('Deposit', payout(p, { DepositToAccountRef: { value: p.undepositedId } })))).toMatchObject({ code: '6000', element: 'DepositToAccountRef' });
    expect(faultOf(await c.create('Deposit', payout(p, { DepositToAccountRef: undefined }))).code).toBe('2020');
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [] }))).code).toBe('2020');
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [line(5, p.checkingId)] }))).element).toBe('Line.DepositLineDetail.AccountRef');
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [{ DetailType: 'DepositLineDetail', Amount: 5, DepositLineDetail: {} }] }))).code).toBe('2020');
    expect(faultOf(await c.create('Deposit', payout(p, { CashBack: { Amount: 1 } }))).code).toBe('2010');
  });

  it('refuses missing (2500) and inactive (610) accounts and payment methods; checks Entity on A/R lines', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [line(5, '9999')] }))).code).toBe('2500');
    await c.update('Account', { Id: p.feesId, SyncToken: '0', sparse: true, Active: false });
    expect(faultOf(await c.create('Deposit', payout(p))).code).toBe('610');
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [line(5, p.clearingId, { PaymentMethodRef: { value: '9999' } })] }))).code).toBe('2500');
    const visa = (await c.query("SELECT * FROM PaymentMethod WHERE Name = 'Visa'")).body.QueryResponse.PaymentMethod[0].Id;
    const withMethod = await c.create('Deposit', payout(p, { Line: [line(5, p.clearingId, { PaymentMethodRef: { value: visa }, Entity: { value: p.customerId, type: 'Customer' } })] }));
    expect(withMethod.body.Deposit?.Line[0].DepositLineDetail, withMethod.text).toMatchObject({ PaymentMethodRef: { name: 'Visa' }, Entity: { value: p.customerId, type: 'Customer' } });
    const ar = (await c.query("SELECT * FROM Account WHERE AccountType = 'Accounts Receivable'")).body.QueryResponse.Account[0].Id;
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [line(5, ar)] }))).element).toBe('Line.DepositLineDetail.Entity');
  });

  it('follows the tracking settings: DepartmentRef on the deposit, ClassRef on its lines', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const cls = (await c.create('Class', { Name: 'Denver store' })).body.Class.Id;
    const dept = (await c.create('Department', { Name: 'Denver' })).body.Department.Id;
    const grouped = payout(p, { DepartmentRef: { value: dept }, Line: [line(5, p.clearingId, { ClassRef: { value: cls } })] });
    expect(faultOf(await c.create('Deposit', grouped)).element).toBe('Line.DepositLineDetail.ClassRef');
    h.sim.setPreferences(c.realmId, { classTracking: 'perTxn' });
    expect(faultOf(await c.create('Deposit', grouped)).element).toBe('DepartmentRef');
    h.sim.setPreferences(c.realmId, { trackDepartments: true });
    const ok = await c.create('Deposit', grouped);
    expect(ok.body.Deposit, ok.text).toMatchObject({ DepartmentRef: { value: dept }, Line: [{ DepositLineDetail: { ClassRef: { value: cls } } }] });
  });
});

describe('deposits in the ledger', () => {
  it('the Trial Balance shows the bank debited by the net, the clearing account credited by the gross, the fees debited', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    expect((await c.create('Deposit', payout(p))).status).toBe(200);
    const trial = await c.call('GET', 'reports/TrialBalance', undefined, { query: { start_date: '2026-03-01', end_date: '2026-03-31' } });
    expect(trial.status, trial.text).toBe(200);
    const row = (id: string) => (trial.body.Rows.Row as { ColData?: { id?: string; value: string }[] }[])
      .find((r) => r.ColData?.[0]?.id === id)?.ColData?.slice(1).map((d) => d.value);
    expect(row(p.checkingId)).toEqual(['970.70', '']);
    expect(row(p.clearingId)).toEqual(['', '1000.00']);
    expect(row(p.feesId)).toEqual(['29.30', '']);
    const total = trial.body.Rows.Row.at(-1).Summary.ColData;
    expect(total[1].value).toBe(total[2].value);
  });
});

describe('updating, deleting and finding deposits', () => {
  it('updates sparse (TotalAmt recomputed) and full, refuses stale SyncTokens (5010), deletes, and refuses void', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const d = (await c.create('Deposit', payout(p))).body.Deposit;
    const sparse = await c.update('Deposit', { Id: d.Id, SyncToken: '0', sparse: true, Line: [line(1000, p.clearingId), line(-30, p.feesId)] });
    expect(sparse.body.Deposit, sparse.text).toMatchObject({ TotalAmt: 970, SyncToken: '1', PrivateNote: 'POS payout square/po_1 v1' });
    const full = await c.update('Deposit', { Id: d.Id, SyncToken: '1', DepositToAccountRef: { value: p.checkingId }, Line: [line(50, p.clearingId)] });
    expect(full.body.Deposit).toMatchObject({ TotalAmt: 50, SyncToken: '2' });
    expect(full.body.Deposit).not.toHaveProperty('PrivateNote');
    expect(faultOf(await c.update('Deposit', { Id: d.Id, SyncToken: '1', sparse: true, PrivateNote: 'x' })).code).toBe('5010');
    expect(faultOf(await c.call('POST', 'deposit', { Id: d.Id, SyncToken: '2' }, { query: { operation: 'void' } })).code).toBe('500');
    const deleted = await c.call('POST', 'deposit', { Id: d.Id, SyncToken: '2' }, { query: { operation: 'delete' } });
    expect(deleted.body.Deposit).toMatchObject({ status: 'Deleted', Id: d.Id });
    expect(faultOf(await c.read('Deposit', d.Id)).code).toBe('610');
  });

  it('refuses writes in a closed period (6210)', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const d = (await c.create('Deposit', payout(p))).body.Deposit;
    h.sim.setPreferences(c.realmId, { BookCloseDate: '2026-03-31' });
    expect(faultOf(await c.create('Deposit', payout(p))).code).toBe('6210');
    expect(faultOf(await c.call('POST', 'deposit', { Id: d.Id, SyncToken: '0' }, { query: { operation: 'delete' } })).code).toBe('6210');
  });

  it('is queryable by Id and TxnDate (not DocNumber, 4001) and works in batches', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const d = (await c.create('Deposit', payout(p, { DocNumber: 'PO-1' }))).body.Deposit;
    const found = await c.query("SELECT * FROM Deposit WHERE TxnDate = '2026-03-09'");
    expect(found.body.QueryResponse.Deposit.map((x: { Id: string }) => x.Id)).toEqual([d.Id]);
    expect((await c.query(`SELECT * FROM Deposit WHERE Id = '${d.Id}'`)).body.QueryResponse.Deposit[0].DocNumber).toBe('PO-1');
    expect(faultOf(await c.query("SELECT * FROM Deposit WHERE DocNumber = 'PO-1'")).code).toBe('4001');
    const batch = await c.call('POST', 'batch', { BatchItemRequest: [
      { bId: '1', operation: 'create', Deposit: payout(p, { TxnDate: '2026-03-10' }) },
      { bId: '2', operation: 'create', Deposit: payout(p, { TotalAmt: 1 }) },
      { bId: '3', Query: "SELECT * FROM Deposit WHERE TxnDate >= '2026-03-09'" },
    ] });
    const [one, two, three] = batch.body.BatchItemResponse;
    expect(one.Deposit.TotalAmt).toBe(970.7);
    expect(two.Fault.Error[0].code).toBe('6000');
    expect(three.QueryResponse.Deposit).toHaveLength(1);
  });
});

describe('depositing payments from Undeposited Funds', () => {
  async function received(c: CompanyClient, p: Payout) {
    const invoice = (await c.create('Invoice', { CustomerRef: { value: p.customerId }, Line: [itemLine(p.itemId, 40)] })).body.Invoice;
    const payment = (await c.create('Payment', {
      CustomerRef: { value: p.customerId }, TotalAmt: 40, Line: [{ Amount: 40, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    })).body.Payment;
    const receipt = (await c.create('SalesReceipt', { Line: [itemLine(p.itemId, 12.5)] })).body.SalesReceipt;
    return { payment, receipt };
  }
  const linked = (Amount: number, TxnId: string, TxnType: string) => ({ Amount, LinkedTxn: [{ TxnId, TxnType }] });

  it('links whole payments and receipts; refuses a wrong amount, a second deposit, a voided or non-Undeposited one', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const { payment, receipt } = await received(c, p);
    const bad = await c.create('Deposit', payout(p, { Line: [linked(39, payment.Id, 'Payment')] }));
    expect(faultOf(bad)).toMatchObject({ code: '6000', element: 'Line.Amount' });
    const d = await c.create('Deposit', payout(p, { Line: [linked(40, payment.Id, 'Payment'), linked(12.5, receipt.Id, 'SalesReceipt'), line(-1.5, p.feesId)] }));
    expect(d.body.Deposit?.TotalAmt, d.text).toBe(51);
    expect(d.body.Deposit.Line[0]).toMatchObject({ Amount: 40, LinkedTxn: [{ TxnId: payment.Id, TxnType: 'Payment' }] });
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [linked(40, payment.Id, 'Payment')] }))).detail).toContain(`already deposited in Deposit ${d.body.Deposit.Id}`);
    const direct = (await c.create('SalesReceipt', { DepositToAccountRef: { value: p.checkingId }, Line: [itemLine(p.itemId, 3)] })).body.SalesReceipt;
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [linked(3, direct.Id, 'SalesReceipt')] }))).detail).toContain('Undeposited Funds');
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [linked(3, '9999', 'SalesReceipt')] }))).code).toBe('2500');
    const toVoid = (await c.create('SalesReceipt', { Line: [itemLine(p.itemId, 4)] })).body.SalesReceipt;
    await c.call('POST', 'salesreceipt', { Id: toVoid.Id, SyncToken: toVoid.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } });
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [linked(0, toVoid.Id, 'SalesReceipt')] }))).detail).toContain('is voided');
    expect(faultOf(await c.create('Deposit', payout(p, { Line: [linked(3, direct.Id, 'Invoice')] }))).element).toBe('Line.LinkedTxn.TxnType');
  });

  it('refuses changing, voiding or deleting a deposited payment or receipt (6540) until the deposit is deleted', async () => {
    const c = h.company();
    const p = await payoutSetup(c);
    const { payment, receipt } = await received(c, p);
    const d = (await c.create('Deposit', payout(p, { Line: [linked(40, payment.Id, 'Payment'), linked(12.5, receipt.Id, 'SalesReceipt')] }))).body.Deposit;
    const attempts = [
      c.update('Payment', { Id: payment.Id, SyncToken: payment.SyncToken, sparse: true, PrivateNote: 'x' }),
      c.call('POST', 'payment', { Id: payment.Id, SyncToken: payment.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } }),
      c.call('POST', 'payment', { Id: payment.Id, SyncToken: payment.SyncToken }, { query: { operation: 'delete' } }),
      c.update('SalesReceipt', { Id: receipt.Id, SyncToken: receipt.SyncToken, sparse: true, PrivateNote: 'x' }),
      c.call('POST', 'salesreceipt', { Id: receipt.Id, SyncToken: receipt.SyncToken }, { query: { operation: 'delete' } }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(faultOf(answer)).toMatchObject({ status: 400, code: '6540' });
      expect(answer.body.Fault.Error[0].Message).toBe('Deposited Transaction cannot be changed');
    }
    await c.call('POST', 'deposit', { Id: d.Id, SyncToken: '0' }, { query: { operation: 'delete' } });
    expect((await c.update('SalesReceipt', { Id: receipt.Id, SyncToken: receipt.SyncToken, sparse: true, PrivateNote: 'x' })).status).toBe(200);
  });
});
