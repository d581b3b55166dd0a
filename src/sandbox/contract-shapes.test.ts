/**
 * Request and response shapes of Invoice, Payment and RefundReceipt creates against Intuit's
 * documented examples (API reference, "Create an invoice / a payment / a refund receipt"). The
 * documented requests are sent as they are (ids swapped for this company's), and every field of
 * the documented response must come back with the same JSON type. Fields that only exist because
 * of data the example company had (addresses, custom fields, projects, memos) are left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness, SalesSetup } from './test-support/harness.js';
import { salesSetup, startHarness } from './test-support/harness.js';

// Intuit's documented responses, trimmed to the fields a create of the documented request yields.
const DOCUMENTED_INVOICE = {
  Invoice: {
    TxnDate: '2015-07-24', domain: 'QBO', PrintStatus: 'NeedToPrint', TotalAmt: 100.0,
    Line: [
      { LineNum: 1, Amount: 100.0, SalesItemLineDetail: { TaxCodeRef: { value: 'NON' }, ItemRef: { name: 'Services', value: '1' } }, Id: '1', DetailType: 'SalesItemLineDetail' },
      { DetailType: 'SubTotalLineDetail', Amount: 100.0, SubTotalLineDetail: {} },
    ],
    DueDate: '2015-08-23', ApplyTaxAfterDiscount: false, DocNumber: '1069', sparse: false, Deposit: 0, Balance: 100.0,
    CustomerRef: { name: "Amy's Bird Sanctuary", value: '1' }, TxnTaxDetail: { TotalTax: 0 }, SyncToken: '0', LinkedTxn: [],
    EmailStatus: 'NotSet', MetaData: { CreateTime: '2015-07-24T10:33:39-07:00', LastUpdatedTime: '2015-07-24T10:33:39-07:00' }, Id: '238',
  },
  time: '2015-07-24T10:33:39.11-07:00',
};

const DOCUMENTED_PAYMENT = {
  Payment: {
    SyncToken: '0', domain: 'QBO', DepositToAccountRef: { value: '4' }, UnappliedAmt: 25.0, TxnDate: '2014-12-30', TotalAmt: 25.0,
    ProcessPayment: false, sparse: false, Line: [], CustomerRef: { name: 'Red Rock Diner', value: '20' }, Id: '154',
    MetaData: { CreateTime: '2014-12-30T10:26:03-08:00', LastUpdatedTime: '2014-12-30T10:26:03-08:00' },
  },
  time: '2014-12-30T10:26:03.668-08:00',
};

const DOCUMENTED_APPLIED_PAYMENT_LINE = {
  Amount: 55.0,
  LineEx: { any: [{ name: '{http://schema.intuit.com/finance/v3}NameValue', nil: false, value: { Name: 'txnId', Value: '70' },
    declaredType: 'com.intuit.schema.finance.v3.NameValue', scope: 'javax.xml.bind.JAXBElement$GlobalScope', globalScope: true, typeSubstituted: false }] },
  LinkedTxn: [{ TxnId: '70', TxnType: 'Invoice' }],
};

const DOCUMENTED_REFUND_RECEIPT = {
  RefundReceipt: {
    DocNumber: '1072', SyncToken: '0', domain: 'QBO', Balance: 0, DepositToAccountRef: { name: 'Checking', value: '35' }, TxnDate: '2015-07-29',
    TotalAmt: 420.0, PrintStatus: 'NeedToPrint', PaymentRefNum: 'To Print', sparse: false,
    Line: [
      { LineNum: 1, Amount: 420.0, SalesItemLineDetail: { TaxCodeRef: { value: 'NON' }, ItemRef: { name: 'Garden Supplies', value: '38' } }, Id: '1', DetailType: 'SalesItemLineDetail' },
      { DetailType: 'SubTotalLineDetail', Amount: 420.0, SubTotalLineDetail: {} },
    ],
    ApplyTaxAfterDiscount: false, Id: '261', TxnTaxDetail: { TotalTax: 0 },
    MetaData: { CreateTime: '2015-07-29T08:07:43-07:00', LastUpdatedTime: '2015-07-29T08:07:43-07:00' },
  },
  time: '2015-07-29T08:07:43.749-07:00',
};

/** Every field of `documented` is in `actual`, with the same JSON type, recursively. */
function expectCovers(actual: unknown, documented: unknown, path = '$'): void {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  expect(kind(actual), path).toBe(kind(documented));
  if (Array.isArray(documented)) {
    expect((actual as unknown[]).length, `${path}.length`).toBeGreaterThanOrEqual(documented.length);
    documented.forEach((d, i) => expectCovers((actual as unknown[])[i], d, `${path}[${i}]`));
  } else if (kind(documented) === 'object') {
    for (const [k, v] of Object.entries(documented as Record<string, unknown>)) {
      expect(actual as object, `${path}.${k}`).toHaveProperty([k]);
      expectCovers((actual as Record<string, unknown>)[k], v, `${path}.${k}`);
    }
  }
}

let h: Harness;
let s: SalesSetup;
beforeAll(async () => {
  h = await startHarness();
  s = await salesSetup(h, "Amy's Bird Sanctuary");
});
afterAll(() => h.close());

describe("shapes of Intuit's documented creates", () => {
  it('Invoice', async () => {
    const request = {
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 100.0, SalesItemLineDetail: { ItemRef: { name: 'Services', value: s.itemId } } }],
      CustomerRef: { value: s.customerId },
    };
    const res = await h.create('Invoice', request);
    expect(res.status).toBe(200);
    expectCovers(res.body, DOCUMENTED_INVOICE);
    expect(res.body.Invoice).toMatchObject({ TotalAmt: 100, Balance: 100, CustomerRef: { name: "Amy's Bird Sanctuary" } });
    expect(res.body.Invoice.Line[1]).toEqual({ DetailType: 'SubTotalLineDetail', Amount: 100, SubTotalLineDetail: {} });
  });

  it('Payment, unapplied and applied', async () => {
    const res = await h.create('Payment', { TotalAmt: 25.0, CustomerRef: { value: s.customerId } });
    expect(res.status).toBe(200);
    expectCovers(res.body, DOCUMENTED_PAYMENT);
    expect(res.body.Payment).toMatchObject({ UnappliedAmt: 25, Line: [], DepositToAccountRef: { value: s.undepositedId } });
    const inv = (await h.create('Invoice', { CustomerRef: { value: s.customerId }, Line: [{ DetailType: 'SalesItemLineDetail', Amount: 71, SalesItemLineDetail: { ItemRef: { value: s.itemId } } }] })).body.Invoice;
    const applied = await h.create('Payment', { TotalAmt: 65.0, CustomerRef: { value: s.customerId }, Line: [{ Amount: 55.0, LinkedTxn: [{ TxnId: inv.Id, TxnType: 'Invoice' }] }] });
    expect(applied.body.Payment.UnappliedAmt).toBe(10);
    expectCovers(applied.body.Payment.Line[0], DOCUMENTED_APPLIED_PAYMENT_LINE);
    const openBalance = applied.body.Payment.Line[0].LineEx.any.find((nv: { value: { Name: string } }) => nv.value.Name === 'txnOpenBalance');
    expect(openBalance.value.Value).toBe('71.00');
  });

  it('RefundReceipt paid from a bank account', async () => {
    const request = {
      Line: [{ DetailType: 'SalesItemLineDetail', Amount: 420.0, SalesItemLineDetail: { ItemRef: { value: s.itemId } } }],
      DepositToAccountRef: { name: 'Checking', value: s.checkingId },
    };
    const res = await h.create('RefundReceipt', request);
    expect(res.status).toBe(200);
    expectCovers(res.body, DOCUMENTED_REFUND_RECEIPT);
    expect(res.body.RefundReceipt).toMatchObject({ TotalAmt: 420, Balance: 0, PaymentRefNum: 'To Print', PrintStatus: 'NeedToPrint' });
  });

  it('a delete answers with the documented status shape', async () => {
    const pay = (await h.create('Payment', { TotalAmt: 1, CustomerRef: { value: s.customerId } })).body.Payment;
    const res = await h.call('POST', 'payment', { SyncToken: pay.SyncToken, Id: pay.Id }, { query: { operation: 'delete' } });
    expect(res.body.Payment).toEqual({ status: 'Deleted', domain: 'QBO', Id: pay.Id });
    expect(res.headers.get('intuit_tid')).toBeTruthy();
  });
});
