/**
 * The pages a person reads: the list of companies and a company's page, with its settings
 * forms (used here the way a browser submits them), its documents and its lists, every value
 * escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import type { Harness, SalesSetup } from './test-support/harness.js';
import { faultOf, itemLine, salesSetup, startHarness, toAnswer } from './test-support/harness.js';

const HOSTILE = '<img src=x onerror="alert(1)">&';

let h: Harness;
let s: SalesSetup;
let ids: Record<string, string>;
beforeAll(async () => {
  h = await startHarness({ clock: makeManualClock() });
  s = await salesSetup(h, `Guest ${HOSTILE}`);
  const invoice = (await h.create('Invoice', {
    CustomerRef: { value: s.customerId }, DocNumber: 'T-1001', TxnDate: '2026-11-20', PrivateNote: `POS main/1001 v1 ${HOSTILE}`,
    Line: [itemLine(s.itemId, 19.98, { Qty: 2, UnitPrice: 9.99 })],
  })).body.Invoice;
  const payment = (await h.create('Payment', {
    CustomerRef: { value: s.customerId }, TotalAmt: 19.98, TxnDate: '2026-11-20',
    Line: [{ Amount: 19.98, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
  })).body.Payment;
  const voided = (await h.create('SalesReceipt', { DocNumber: 'T-1002', TxnDate: '2026-11-21', PrivateNote: 'POS main/1002 v1', Line: [itemLine(s.itemId, 5)] })).body.SalesReceipt;
  await h.call('POST', 'salesreceipt', { Id: voided.Id, SyncToken: voided.SyncToken, sparse: true }, { query: { operation: 'update', include: 'void' } });
  const deleted = (await h.create('SalesReceipt', { DocNumber: 'T-1003', TxnDate: '2026-11-22', PrivateNote: 'POS main/1003 v1', Line: [itemLine(s.itemId, 6)] })).body.SalesReceipt;
  await h.call('POST', 'salesreceipt', { Id: deleted.Id, SyncToken: deleted.SyncToken }, { query: { operation: 'delete' } });
  ids = { invoice: invoice.Id, payment: payment.Id, voided: voided.Id, deleted: deleted.Id };
});
afterAll(() => h.close());

const get = async (path: string) => toAnswer(await fetch(`${h.sim.url}${path}`));
const companyPage = async () => (await get(`/__sim/companies/${h.realmId}`)).text;

/** The row of one document on the company page (its summary row, up to the lines table). */
function rowOf(page: string, entity: string, id: string): string {
  const start = page.indexOf(`id="${entity}-${id}"`);
  expect(start, `${entity} ${id} is on the page`).toBeGreaterThan(-1);
  return page.slice(page.lastIndexOf('<tr', start), page.indexOf('</tr>', start));
}

/** Submits the page's form whose button says `button`, as a browser would (hidden fields included). */
async function submitForm(page: string, button: string, fields: Record<string, string> = {}) {
  const forms = [...page.matchAll(/<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
  const match = forms.find((f) => new RegExp(`<button[^>]*>${button}</button>`).test(f[2] ?? ''));
  expect(match, `a form with a ${button} button`).toBeDefined();
  const hidden = Object.fromEntries([...(match?.[2] ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  const res = await fetch(new URL(match?.[1] ?? '', h.sim.url), {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...hidden, ...fields }).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

describe('the list of companies', () => {
  it('links every company, with its document count and whether its books are closed', async () => {
    const other = h.company({ name: `Shop ${HOSTILE}` });
    const index = (await get('/__sim/')).text;
    expect(index).toContain(`href="/__sim/companies/${h.realmId}"`);
    expect(index).toContain(`href="/__sim/companies/${other.realmId}"`);
    expect(index).toContain('Shop &lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;');
    expect(index).not.toContain(HOSTILE);
    expect(index).toMatch(/<td class="num">3<\/td><td>open<\/td>/); // invoice, payment, voided receipt; not the deleted one
  });
});

describe('the company page', () => {
  it('shows documents grouped by type, with number, date, memo, totals, lines and status', async () => {
    const page = await companyPage();
    expect(page.indexOf('<h2>Invoices')).toBeLessThan(page.indexOf('<h2>Payments'));
    expect(page.indexOf('<h2>Payments')).toBeLessThan(page.indexOf('<h2>Sales receipts'));
    const invoice = rowOf(page, 'Invoice', ids.invoice ?? '');
    expect(invoice).toContain('<td>T-1001</td>');
    expect(invoice).toContain('2026-11-20');
    expect(invoice).toContain('POS main/1001 v1 &lt;img');
    expect(invoice).toContain('19.98');
    expect(page).toContain('<td class="num">2</td><td class="num">9.99</td>');
    expect(page).toContain('Invoice no. T-1001 (Id');
    const voided = rowOf(page, 'SalesReceipt', ids.voided ?? '');
    expect(voided).toContain('class="doc voided"');
    expect(voided).toContain('<span class="badge voided">Voided</span>');
    const deleted = rowOf(page, 'SalesReceipt', ids.deleted ?? '');
    expect(deleted).toContain('class="doc deleted"');
    expect(deleted).toContain('<span class="badge deleted">Deleted</span>');
    expect(deleted).toContain('T-1003');
    expect(deleted).toContain('6.00');
  });

  it('shows the lists, and escapes everything a client sent', async () => {
    const page = await companyPage();
    for (const heading of ['Customers', 'Products and services', 'Payment methods', 'Chart of accounts']) expect(page).toContain(`<h2>${heading}`);
    expect(page).toContain('Undeposited Funds');
    expect(page).toContain('American Express');
    expect(page).not.toContain(HOSTILE);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script');
  });

  it('answers 404 for an unknown company', async () => {
    expect((await get('/__sim/companies/000')).status).toBe(404);
  });
});

describe('the settings forms', () => {
  it('close the books through a date, which the API then enforces, and reopen them', async () => {
    let page = await companyPage();
    expect(page).toContain('<label for="book-close-date">Close the books through</label>');
    expect(page).toContain('The books are <strong>open</strong>');
    expect(page).not.toContain('>Reopen</button>');
    const saved = await submitForm(page, 'Save', { BookCloseDate: '2026-11-21' });
    expect(saved).toMatchObject({ status: 303, location: `/__sim/companies/${h.realmId}` });
    page = await companyPage();
    expect(page).toContain('closed through 2026-11-21');
    expect(page).toContain('value="2026-11-21"');
    expect(rowOf(page, 'Invoice', ids.invoice ?? '')).toContain('Closed period');
    const refused = await h.create('SalesReceipt', { TxnDate: '2026-11-21', Line: [itemLine(s.itemId, 1)] });
    expect(faultOf(refused).code).toBe('6210');
    expect((await submitForm(page, 'Reopen')).status).toBe(303);
    page = await companyPage();
    expect(page).toContain('The books are <strong>open</strong>');
    expect((await h.create('SalesReceipt', { TxnDate: '2026-11-21', Line: [itemLine(s.itemId, 1)] })).status).toBe(200);
  });

  it('switch features: a ticked box is on, an unticked one off', async () => {
    const page = await companyPage();
    expect(page).toContain('<input type="checkbox" name="inventoryTracking" checked>');
    expect((await submitForm(page, 'Update settings', { customTxnNumbers: 'on' })).status).toBe(303);
    expect((await get(`/__sim/companies/${h.realmId}/preferences`)).body).toMatchObject({
      inventoryTracking: false, automatedSalesTax: false, customTxnNumbers: true,
    });
    expect(await companyPage()).toContain('<input type="checkbox" name="customTxnNumbers" checked>');
    expect((await submitForm(await companyPage(), 'Update settings', { inventoryTracking: 'on' })).status).toBe(303);
    expect((await get(`/__sim/companies/${h.realmId}/preferences`)).body).toMatchObject({ inventoryTracking: true, customTxnNumbers: false });
  });

  it('show what was wrong with a bad date, escaped, and change nothing', async () => {
    const answer = await submitForm(await companyPage(), 'Save', { BookCloseDate: '<b>soon</b>' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('Not saved');
    expect(answer.text).not.toContain('<b>soon');
    expect((await get(`/__sim/companies/${h.realmId}/preferences`)).body.BookCloseDate).toBeNull();
  });
});
