/**
 * Compatibility, part 1: intuit-oauth 4.2.5 connects to `tillbooks simulator` (a separate
 * process) through the consent page, refreshes and revokes; node-quickbooks 2.0.50 does what
 * tillbooks' own flows do (company settings, name lists, invoices, payments, refunds, sparse
 * updates, deletes), voids in both of its styles, replays a requestid, and surfaces refusals.
 */
import type OAuthClient from 'intuit-oauth';
import type { QuickBooks } from 'node-quickbooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, SimulatorProcess } from './support.js';
import { call, connect, counters, faultOf, oauthClient, quickbooks, rejection, startSimulatorProcess } from './support.js';

let sim: SimulatorProcess;
let client: OAuthClient;
let qbo: QuickBooks;
let realmId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  sim = await startSimulatorProcess();
  client = oauthClient(sim);
});
afterAll(() => sim?.stop());

const sale = (itemId: string, amount: number) => ({ DetailType: 'SalesItemLineDetail', Amount: amount, SalesItemLineDetail: { ItemRef: { value: itemId } } });

describe('intuit-oauth against the simulator', () => {
  it('runs the authorization code flow through the consent page', async () => {
    const connected = await connect(client, 'Compat Café');
    realmId = connected.realmId;
    expect(new URL(connected.redirect).searchParams.get('state')).toBe('compat-state');
    expect(realmId).toMatch(/^\d+$/);
    const token = client.getToken();
    expect(token).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(client.isAccessTokenValid()).toBe(true);
    qbo = quickbooks(sim, client);
  });
});

describe('node-quickbooks: what tillbooks does', () => {
  it('reads the company and its settings', async () => {
    const info = await call((cb) => qbo.getCompanyInfo(realmId, cb));
    expect(info.CompanyName).toBe('Compat Café');
    const prefs = await call((cb) => qbo.getPreferences(cb));
    expect(prefs.CurrencyPrefs.HomeCurrency.value).toBe('USD');
  });

  it('creates the name lists a store needs', async () => {
    const accounts = await call((cb) => qbo.findAccounts({ AccountSubType: 'SalesOfProductIncome' } as Json, cb)).catch((e: unknown) => e);
    // AccountSubType is not filterable at QuickBooks (quickbooks-facts §3): the client surfaces the 4001.
    expect(faultOf(accounts)).toMatchObject({ status: 400, code: '4001' });
    const income = (await call((cb) => qbo.findAccounts({ Name: 'Sales of Product Income' }, cb))).QueryResponse.Account[0];
    const gift = await call((cb) => qbo.createAccount({ Name: 'Gift Card Liability', AccountType: 'Other Current Liability' }, cb));
    expect(gift).toMatchObject({ AccountSubType: 'OtherCurrentLiabilities', SyncToken: '0' });
    const item = await call((cb) => qbo.createItem({ Name: 'Flat White', Type: 'NonInventory', IncomeAccountRef: { value: income.Id } }, cb));
    const method = await call((cb) => qbo.createPaymentMethod({ Name: 'Gift Card', Type: 'NON_CREDIT_CARD' }, cb));
    const customer = await call((cb) => qbo.createCustomer({ DisplayName: 'Walk-in Compat' }, cb));
    Object.assign(ids, { item: item.Id, method: method.Id, customer: customer.Id, income: income.Id });
  });

  it('posts an invoice, reads it back, updates it sparsely and applies a payment', async () => {
    const invoice = await call((cb) => qbo.createInvoice({
      DocNumber: 'CP-1', TxnDate: '2026-03-02', CustomerRef: { value: ids.customer! }, Line: [sale(ids.item!, 12.5), sale(ids.item!, 7.25)],
    }, cb));
    expect(invoice).toMatchObject({ TotalAmt: 19.75, Balance: 19.75 });
    const read = await call((cb) => qbo.getInvoice(invoice.Id, cb));
    const updated = await call((cb) => qbo.updateInvoice({ Id: read.Id, SyncToken: read.SyncToken, PrivateNote: 'till 3' }, cb));
    expect(updated).toMatchObject({ SyncToken: '1', PrivateNote: 'till 3', TotalAmt: 19.75 });
    const payment = await call((cb) => qbo.createPayment({
      TxnDate: '2026-03-02', CustomerRef: { value: ids.customer! }, TotalAmt: 19.75, PaymentMethodRef: { value: ids.method! },
      Line: [{ Amount: 19.75, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
    }, cb));
    expect(payment).toMatchObject({ UnappliedAmt: 0 });
    expect(await call((cb) => qbo.getInvoice(invoice.Id, cb))).toMatchObject({ Balance: 0 });
    ids.paidInvoice = invoice.Id;
    ids.payment = payment.Id;
  });

  it('posts a refund receipt and a sales receipt, and deletes an invoice by Id (the client reads it first)', async () => {
    const checking = (await call((cb) => qbo.findAccounts({ Name: 'Checking' }, cb))).QueryResponse.Account[0];
    const refund = await call((cb) => qbo.createRefundReceipt({ TxnDate: '2026-03-03', DepositToAccountRef: { value: checking.Id }, Line: [sale(ids.item!, 4)] }, cb));
    expect(refund).toMatchObject({ TotalAmt: 4, PaymentRefNum: 'To Print' });
    const receipt = await call((cb) => qbo.createSalesReceipt({ TxnDate: '2026-03-03', Line: [sale(ids.item!, 9)] }, cb));
    expect(receipt.DepositToAccountRef.name).toBe('Undeposited Funds');
    const doomed = await call((cb) => qbo.createInvoice({ CustomerRef: { value: ids.customer! }, Line: [sale(ids.item!, 1)] }, cb));
    const deleted = await call((cb) => qbo.deleteInvoice(doomed.Id, cb));
    expect(deleted.Invoice).toMatchObject({ status: 'Deleted', Id: doomed.Id });
    expect(faultOf(await rejection(call((cb) => qbo.getInvoice(doomed.Id, cb))))).toMatchObject({ status: 400, code: '610' });
  });

  it('voids in both of its styles: voidInvoice (operation=void) and voidPayment (operation=update&include=void)', async () => {
    const invoice = await call((cb) => qbo.createInvoice({ CustomerRef: { value: ids.customer! }, Line: [sale(ids.item!, 30)] }, cb));
    const voided = await call((cb) => qbo.voidInvoice(invoice, cb));
    expect(voided.Invoice).toMatchObject({ Id: invoice.Id, TotalAmt: 0, PrivateNote: 'Voided' });
    const payment = await call((cb) => qbo.getPayment(ids.payment!, cb));
    const voidedPayment = await call((cb) => qbo.voidPayment({ Id: payment.Id, SyncToken: payment.SyncToken }, cb));
    expect(voidedPayment).toMatchObject({ Id: payment.Id, TotalAmt: 0 });
    expect(await call((cb) => qbo.getInvoice(ids.paidInvoice!, cb))).toMatchObject({ Balance: 19.75 });
  });

  it('replays a requestid: the same answer, no second customer', async () => {
    const before = await counters(sim, realmId);
    // node-quickbooks takes entity.requestId, sends it as ?requestid= and deletes it from the object: a fresh object per call.
    const first = await call((cb) => qbo.createCustomer({ DisplayName: 'Replayed Once', requestId: 'compat-rid-0001' } as Json, cb));
    const second = await call((cb) => qbo.createCustomer({ DisplayName: 'Replayed Once', requestId: 'compat-rid-0001' } as Json, cb));
    expect(second).toEqual(first);
    expect((await counters(sim, realmId)).replays - before.replays).toBe(1);
    expect((await call((cb) => qbo.findCustomers({ DisplayName: 'Replayed Once' }, cb))).QueryResponse.Customer).toHaveLength(1);
  });

  it('surfaces a refused document as axios rejects it: status 400 and the Fault in response.data', async () => {
    const duplicate = await rejection(call((cb) => qbo.createInvoice({ DocNumber: 'CP-1', CustomerRef: { value: ids.customer! }, Line: [sale(ids.item!, 1)] }, cb)));
    expect(faultOf(duplicate)).toMatchObject({ status: 400, type: 'ValidationFault', code: '6140', element: 'DocNumber' });
    const stale = await rejection(call((cb) => qbo.updateCustomer({ Id: ids.customer!, SyncToken: '99', Notes: 'late' }, cb)));
    expect(faultOf(stale)).toMatchObject({ status: 400, code: '5010' });
  });

  it('gets a Fault with a code from a route the simulator does not serve (getInvoicePdf)', async () => {
    const pdf = await rejection(call((cb) => qbo.getInvoicePdf(ids.paidInvoice!, cb)));
    expect(faultOf(pdf)).toMatchObject({ status: 400, type: 'ValidationFault', code: '500' });
  });
});

describe('intuit-oauth: refresh and revoke', () => {
  it('refreshes (the refresh token rotates) and node-quickbooks refreshes too', async () => {
    const before = { ...client.getToken() };
    await client.refresh();
    const after = client.getToken();
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    qbo = quickbooks(sim, client);
    expect((await call((cb) => qbo.getCompanyInfo(realmId, cb))).CompanyName).toBe('Compat Café');
    const refreshed = await call((cb) => qbo.refreshAccessToken(cb));
    expect(refreshed.access_token).toBe(qbo.token);
    expect((await call((cb) => qbo.getPreferences(cb))).Id).toBe('1');
    client.setToken({ ...client.getToken(), access_token: refreshed.access_token, refresh_token: refreshed.refresh_token, realmId });
  });

  it('revokes: the API answers 401 in the gateway shape and the refresh token is dead', async () => {
    await client.revoke({ refresh_token: client.getToken().refresh_token });
    expect(faultOf(await rejection(call((cb) => qbo.getCompanyInfo(realmId, cb))))).toMatchObject({ status: 401, type: 'AUTHENTICATION', code: '3200' });
    const refused = await rejection(client.refreshUsingToken(qbo.refreshToken ?? ''));
    expect(String((refused as Error).message ?? refused)).toMatch(/invalid_grant|400/);
  });
});
