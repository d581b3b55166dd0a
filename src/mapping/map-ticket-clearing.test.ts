/**
 * Card tenders through a processor's clearing account (records-format.md, issue 15 item 2):
 * once payouts are turned on for a processor, from its start date, its card payments are
 * deposited to its clearing account (the payout's Deposit empties it); earlier tenders, other
 * methods, and card tenders of other processors stay where they were. Summary mode's tender
 * lines follow the same rule (rules.ts tenderDepositFor).
 */
import { describe, expect, it } from 'vitest';
import { emptyMapping } from '../domain/account-mapping.js';
import type { AccountMapping } from '../domain/account-mapping.js';
import type { Ticket } from '../domain/ticket.js';
import { mapTicket } from './map-ticket.js';
import { compileRules } from './rules.js';
import { makeSetupIds } from './test-support/setup-fixture.js';
import { LOCATION, summariseMet } from './test-support/summary-fixture.js';
import { makeTicket } from './test-support/tickets.js';

const ref = (id: string) => ({ id, name: id });
const processors = (p: AccountMapping['processors']): AccountMapping => ({ ...emptyMapping(), processors: p });
const square = { bank: ref('bank'), clearing: ref('clear-square'), fees: ref('fees'), from: '2026-11-24' };
const stripe = { bank: ref('bank'), clearing: ref('clear-stripe'), fees: ref('fees'), from: '2026-11-01' };
const payments = [{ method: 'credit_card', amount: '3.00', label: 'Visa' }, { method: 'credit_card', amount: '2.00', label: 'Stripe' },
  { method: 'cash', amount: '5.00' }];
const input = { lines: [{ kind: 'product', name: 'Item', quantity: '1', unitPrice: '10.00' }], payments, total: '10.00' };
const ticket = makeTicket(input);

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

/** [tender line name, PMT item's account] of the summary day posted on that date. */
function summaryTenders(date: string, mapping: AccountMapping): [string, string][] {
  const t = makeTicket({ ...input, locationId: LOCATION, closedAt: `${date}T10:00:00-07:00` });
  const day = summariseMet({ locationId: LOCATION, businessDate: date, revision: 1, tickets: [t], drawerOperations: [], mapping });
  return day.needs.filter((n) => n.kind === 'pmt-item').map((n) => [n.title, n.account.kind === 'mapped' ? n.account.account.id : n.account.kind]);
}

describe('summary mode: the day\'s tender lines follow the same rule', () => {
  it('from the start date, the card tender lines post on the processor\'s clearing account; before it, on the method\'s clearing account', () => {
    const m = processors({ square });
    expect(summaryTenders('2026-11-24', m)).toEqual([['Visa', 'clear-square'], ['Stripe', 'clear-square'], ['Cash', 'clearing']]);
    expect(summaryTenders('2026-11-23', m)).toEqual([['Visa', 'clearing'], ['Stripe', 'clearing'], ['Cash', 'clearing']]);
  });

  it('with several processors on, only the line whose label names one moves; a processor not turned on moves nothing', () => {
    expect(summaryTenders('2026-11-24', processors({ square, stripe }))).toEqual([['Visa', 'clearing'], ['Stripe', 'clear-stripe'], ['Cash', 'clearing']]);
    expect(summaryTenders('2026-11-30', processors({ square: { bank: ref('bank'), fees: ref('fees') } })).map((t) => t[1])).toEqual(['clearing', 'clearing', 'clearing']);
  });

  it('the receipt\'s tender line names the PMT item on the clearing account, and the day still totals zero', () => {
    const t = makeTicket({ ...input, locationId: LOCATION, closedAt: '2026-11-24T10:00:00-07:00' });
    const day = summariseMet({ locationId: LOCATION, businessDate: '2026-11-24', revision: 1, tickets: [t], drawerOperations: [], mapping: processors({ stripe }) });
    const tender = day.groups.findIndex((g) => g.key === 'label:stripe');
    expect(day.salesReceipt!.Line[tender]).toMatchObject({ Amount: -2, SalesItemLineDetail: { ItemRef: { value: 'pmt:label:stripe|account:clear-stripe' } } });
    expect(day.salesReceipt!.Line.reduce((s, l) => s + Math.round(l.Amount * 100), 0)).toBe(0);
  });
});
