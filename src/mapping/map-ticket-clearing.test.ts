/**
 * Card tenders through a processor's clearing account (records-format.md, issue 15 item 2):
 * once payouts are turned on for a processor, from its start date, its card payments are
 * deposited to its clearing account (the payout's Deposit empties it); earlier tenders, other
 * methods, and card tenders of other processors stay where they were.
 */
import { describe, expect, it } from 'vitest';
import { emptyMapping } from '../domain/account-mapping.js';
import type { AccountMapping } from '../domain/account-mapping.js';
import type { Ticket } from '../domain/ticket.js';
import { mapTicket } from './map-ticket.js';
import { compileRules } from './rules.js';
import { makeSetupIds } from './test-support/setup-fixture.js';
import { makeTicket } from './test-support/tickets.js';

const ref = (id: string) => ({ id, name: id });
const processors = (p: AccountMapping['processors']): AccountMapping => ({ ...emptyMapping(), processors: p });
const square = { bank: ref('bank'), clearing: ref('clear-square'), fees: ref('fees'), from: '2026-11-24' };
const stripe = { bank: ref('bank'), clearing: ref('clear-stripe'), fees: ref('fees'), from: '2026-11-01' };
const payments = [{ method: 'credit_card', amount: '3.00', label: 'Visa' }, { method: 'credit_card', amount: '2.00', label: 'Stripe' },
  { method: 'cash', amount: '5.00' }];
const ticket = makeTicket({ lines: [{ kind: 'product', name: 'Item', quantity: '1', unitPrice: '10.00' }], payments, total: '10.00' });

/** [method, deposit account] of each Payment the ticket posts on that date. */
function deposits(t: Ticket, date: string, mapping: AccountMapping): string[][] {
  const r = mapTicket(t, date, makeSetupIds([t]), compileRules(mapping, t.locationId));
  if (!r.ok || (r.documents.kind !== 'sale' && r.documents.kind !== 'zero')) throw new Error('expected a sale');
  return r.documents.payments.map((p) => [p.PaymentMethodRef.value, p.DepositToAccountRef.value]);
}

describe('card tenders and clearing accounts', () => {
  it('with one processor on, every card tender from its date goes to its clearing account; before it, to Undeposited Funds', () => {
    const m = processors({ square });
    expect(deposits(ticket, '2026-11-24', m).map((d) => d[1])).toEqual(['clear-square', 'clear-square', 'acct-undeposited']);
    expect(deposits(ticket, '2026-11-23', m).map((d) => d[1])).toEqual(['acct-undeposited', 'acct-undeposited', 'acct-undeposited']);
  });

  it('with several processors on, a label naming one goes to its clearing; any other card tender stays', () => {
    const m = processors({ square, stripe });
    expect(deposits(ticket, '2026-11-24', m).map((d) => d[1])).toEqual(['acct-undeposited', 'clear-stripe', 'acct-undeposited']);
  });

  it('a processor mapped but not turned on (no clearing account or date) changes nothing', () => {
    const m = processors({ square: { bank: ref('bank'), fees: ref('fees') } });
    expect(deposits(ticket, '2026-11-30', m).map((d) => d[1])).toEqual(['acct-undeposited', 'acct-undeposited', 'acct-undeposited']);
  });
});
