/** When the mapping cannot guarantee the documents, it says why: typed problems, never a throw. */
import { describe, expect, it } from 'vitest';
import type { Ticket } from '../domain/ticket.js';
import { mapTicket } from './map-ticket.js';
import type { SetupIds } from './setup-ids.js';
import { makeSetupIds } from './test-support/setup-fixture.js';
import { BUSINESS_DATE } from './test-support/map-helpers.js';
import { CONTRACT_EXAMPLE, makeTicket } from './test-support/tickets.js';

const example = makeTicket(CONTRACT_EXAMPLE);
const problemsOf = (ticket: Ticket, setup: SetupIds = makeSetupIds([ticket]), date = BUSINESS_DATE) => {
  const result = mapTicket(ticket, date, setup);
  return result.ok ? [] : result.problems;
};

describe('missing set-up ids', () => {
  it('a discount item not yet created', () => {
    const setup = makeSetupIds([example]);
    delete setup.discountItems['happy hour'];
    expect(problemsOf(example, setup)).toEqual([
      { code: 'missing-setup', field: 'discountItems["happy hour"]', message: 'no QuickBooks id for the discount item "happy hour" yet: run Initialize' },
    ]);
  });

  it('names every missing id once', () => {
    const setup = makeSetupIds([], {
      guestCustomer: '',
      items: { product: '', service: 'item-service', tips: '', rewardPoints: 'r', customerBalance: 'b', tax: '' },
      paymentMethods: { cash: 'pm-cash', check: 'pm-check', credit_card: '', gift_card: 'g', other: 'o' },
    });
    expect(problemsOf(example, setup).map((p) => p.field)).toEqual([
      'items.product', 'discountItems["staff 10%"]', 'discountItems["happy hour"]', 'items.tax', 'items.tips', 'guestCustomer', 'paymentMethods.credit_card',
    ]);
  });

  it('does not look discount names up on Object.prototype', () => {
    const ticket = makeTicket({ lines: [{ kind: 'product', name: 'A', quantity: 1, unitPrice: '5.00', discounts: [{ name: 'constructor', amount: '1.00' }] }], total: '4.00' });
    expect(problemsOf(ticket, makeSetupIds([])).map((p) => p.field)).toEqual(['discountItems["constructor"]']);
  });

  it('finds a discount named "__proto__" when the ids were stored as own properties', () => {
    const ticket = makeTicket({ lines: [{ kind: 'product', name: 'A', quantity: 1, unitPrice: '5.00' }], discounts: [{ name: '__proto__', amount: '1.00' }], total: '4.00' });
    expect(problemsOf(ticket, makeSetupIds([], { discountItems: Object.fromEntries([['__proto__', 'd-1']]) }))).toEqual([]);
  });

  it('Undeposited Funds for a sale with payments and for a refund, not for a zero total', () => {
    const setup = makeSetupIds([], { undepositedFunds: '' });
    const line = (q: string) => [{ kind: 'product', name: 'A', quantity: q, unitPrice: '5.00' }];
    expect(problemsOf(makeTicket({ lines: line('1'), total: '5.00' }), setup).map((p) => p.field)).toEqual(['undepositedFunds']);
    expect(problemsOf(makeTicket({ lines: line('-1'), total: '-5.00' }), setup).map((p) => p.field)).toEqual(['undepositedFunds']);
    expect(problemsOf(makeTicket({ lines: line('1'), discounts: [{ name: 'X', amount: '5.00' }], payments: [], total: '0' }),
      makeSetupIds([], { undepositedFunds: '', discountItems: { x: 'd' } }))).toEqual([]);
  });
});

describe('a ticket the documents could not equal', () => {
  it('parts that do not add up to the total', () => {
    const broken: Ticket = { ...example, total: example.total + 1, payments: [{ method: 'cash', amount: example.total + 1 }] };
    expect(problemsOf(broken)).toEqual([
      { code: 'total-mismatch', field: 'total', message: 'the document would total 10.83, the ticket 10.84' },
    ]);
  });

  it('tenders that do not add up to the total', () => {
    const broken: Ticket = { ...example, payments: [{ method: 'cash', amount: 1 }] };
    expect(problemsOf(broken)).toEqual([
      { code: 'payments-mismatch', field: 'payments', message: 'payments add up to 0.01 ≠ total 10.83' },
    ]);
  });

  it('a refund with nothing paid back', () => {
    const refund = makeTicket({ lines: [{ kind: 'product', name: 'A', quantity: '-1', unitPrice: '5.00' }], total: '-5.00' });
    const broken: Ticket = { ...refund, payments: [] };
    expect(problemsOf(broken).map((p) => p.code)).toEqual(['payments-mismatch', 'payments-mismatch']);
  });

  it('a line beyond what is sent to QuickBooks (intake refuses it; the mapping checks anyway)', () => {
    const small = makeTicket({ lines: [{ kind: 'product', name: 'A', quantity: '1', unitPrice: '1.00' }, { kind: 'product', name: 'B', quantity: '-1', unitPrice: '1.00' }], payments: [], total: '0' });
    const [a, b] = small.lines;
    if (!a || !b) throw new Error('two lines expected');
    const huge: Ticket = { ...small, lines: [{ ...a, quantity: 999_999_000, unitPrice: 99_999_999_900 }, { ...b, quantity: -999_999_000,
      unitPrice: 99_999_999_900 }] };
    expect(problemsOf(huge)).toEqual([
      { code: 'amount-out-of-range', field: 'lines[0]', message: '999999 x 999999999.00 is beyond 999999999.99' },
      { code: 'amount-out-of-range', field: 'lines[1]', message: '-999999 x 999999999.00 is beyond 999999999.99' },
    ]);
  });

  it('numbers that are not whole cents or quantities', () => {
    const t = makeTicket({ lines: [{ kind: 'product', name: 'A', quantity: '1', unitPrice: '1.00' }], total: '1.00' });
    const [line] = t.lines;
    if (!line) throw new Error('a line expected');
    const odd: Ticket = { ...t, lines: [{ ...line, quantity: 0.5, unitPrice: Number.NaN }], tip: 2 ** 60, payments: [{ method: 'cash', amount: 0.25 }] };
    expect(problemsOf(odd).map((p) => p.field)).toEqual(['lines[0].quantity', 'lines[0].unitPrice', 'tip', 'payments[0].amount']);
  });

  it('a business date that is not a date', () => {
    expect(problemsOf(example, undefined, '2026-02-30')).toEqual([
      { code: 'invalid-business-date', message: 'business date "2026-02-30" is not a YYYY-MM-DD date' },
    ]);
    expect(problemsOf(example, undefined, '24/11/2026').map((p) => p.code)).toEqual(['invalid-business-date']);
  });

  it('never throws, even on a setup with nothing in it', () => {
    const empty = { items: {}, discountItems: {}, paymentMethods: {} } as unknown as SetupIds;
    expect(() => mapTicket(example, BUSINESS_DATE, empty)).not.toThrow();
    expect(problemsOf(example, empty).every((p) => p.code === 'missing-setup')).toBe(true);
  });
});
