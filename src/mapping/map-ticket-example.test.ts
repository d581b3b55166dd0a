/** The contract's example ticket (ticket-format.md), mapped in full. */
import { describe, expect, it } from 'vitest';
import { parseTicket } from '../domain/ticket-schema.js';
import { linkPayment } from './link-payment.js';
import { mapTicket } from './map-ticket.js';
import { makeSetupIds } from './test-support/setup-fixture.js';
import { CONTRACT_EXAMPLE } from './test-support/tickets.js';

const parsed = parseTicket(CONTRACT_EXAMPLE);
if (!parsed.ok) throw new Error('the contract example must parse');
const ticket = parsed.ticket;
const setup = makeSetupIds([ticket]);
const NON = { value: 'NON' };
const line = (item: string, qty: number, price: number, amount: number, description: string) => ({
  DetailType: 'SalesItemLineDetail',
  Amount: amount,
  Description: description,
  SalesItemLineDetail: { ItemRef: { value: item }, Qty: qty, UnitPrice: price, TaxCodeRef: NON },
});

const payment = (total: number, method: string, title: string, extra: Record<string, string> = {}) => ({
  CustomerRef: { value: 'cust-guest' },
  TotalAmt: total,
  PaymentMethodRef: { value: method },
  DepositToAccountRef: { value: 'acct-undeposited' },
  ...extra,
  TxnDate: '2026-11-24',
  PrivateNote: `POS denver-1/1042-0007 v1; ${title}`,
});

describe('the contract example', () => {
  it('becomes one invoice and one payment per method', () => {
    expect(mapTicket(ticket, '2026-11-24', setup)).toEqual({
      ok: true,
      documents: {
        kind: 'sale',
        docNumber: '1042-0007',
        invoice: {
          CustomerRef: { value: 'cust-guest' },
          TxnDate: '2026-11-24',
          DocNumber: '1042-0007',
          PrivateNote: 'POS denver-1/1042-0007 v1',
          Line: [
            line('item-product', 2, 4.5, 9, 'Latte 16oz | SKU LAT16 | Coffee | 2 x 4.50'),
            line('disc-staff 10%', 1, -0.9, -0.9, 'Staff 10% | discount on Latte 16oz'),
            line('item-service', 1, 2, 2, 'Gift wrap | 1 x 2.00'),
            line('disc-happy hour', 1, -1, -1, 'Happy hour | ticket discount'),
            line('item-tax', 1, 0.29, 0.29, 'CO state'),
            line('item-tax', 1, 0.44, 0.44, 'Denver city'),
            line('item-tips', 1, 2, 2, 'Tip'),
            line('item-reward', 1, -1, -1, 'Reward points redeemed'),
          ],
        },
        payments: [
          payment(8, 'pm-card', 'Credit Card', { PaymentRefNum: 'auth 771203' }),
          payment(2.83, 'pm-cash', 'Cash'),
        ],
      },
    });
  });

  it('serialises to the JSON QuickBooks reads, amounts as exact decimals', () => {
    const result = mapTicket(ticket, '2026-11-24', setup);
    if (!result.ok || result.documents.kind !== 'sale') throw new Error('expected a sale');
    const json = JSON.stringify(result.documents.invoice.Line.map((l) => l.Amount));
    expect(json).toBe('[9,-0.9,2,-1,0.29,0.44,2,-1]');
  });

  it('links each payment to the invoice for its whole amount', () => {
    const result = mapTicket(ticket, '2026-11-24', setup);
    if (!result.ok || result.documents.kind !== 'sale') throw new Error('expected a sale');
    const [card] = result.documents.payments;
    if (!card) throw new Error('expected a card payment');
    expect(linkPayment(card, '145')).toEqual({
      ...card,
      Line: [{ Amount: 8, LinkedTxn: [{ TxnId: '145', TxnType: 'Invoice' }] }],
    });
  });
});
