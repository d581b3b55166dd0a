import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeTotal, formatFieldError, parseTicket } from './ticket-schema.js';
import { formatCents } from './money.js';

const example = JSON.parse(readFileSync(new URL('../../test/fixtures/example-ticket.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const clone = () => structuredClone(example) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('parseTicket: the contract example', () => {
  it('is taken, with the arithmetic of the contract', () => {
    const r = parseTicket(example);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const t = r.ticket;
    expect(t.version).toBe(1);
    expect(t.lines.map((l) => [l.extended, l.amount])).toEqual([[900, 810], [200, 200]]);
    expect(t.total).toBe(1083);
    expect(computeTotal(t)).toBe(1083);
    expect(t.closedAtMs).toBe(Date.parse('2026-11-25T02:42:10Z'));
    expect(t.payments).toEqual([
      { method: 'credit_card', amount: 800, reference: 'auth 771203' },
      { method: 'cash', amount: 283 },
    ]);
  });

  it('accepts fields the contract does not name (the service may accept more)', () => {
    expect(parseTicket({ ...example, posTerminal: 'T2' }).ok).toBe(true);
  });
});

// Each rule of docs/ticket-format.md, broken once: [what, how to break it, field named, words in the message]
const breakages: [string, (t: Record<string, any>) => void, string, string][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  ['id missing', (t) => delete t.id, 'id', 'required'],
  ['id empty', (t) => (t.id = ''), 'id', 'must not be empty'],
  ['id over 64', (t) => (t.id = 'x'.repeat(65)), 'id', 'at most 64'],
  ['locationId missing', (t) => delete t.locationId, 'locationId', 'required'],
  ['locationId over 64', (t) => (t.locationId = 'l'.repeat(65)), 'locationId', 'at most 64'],
  ['version 0', (t) => (t.version = 0), 'version', '≥ 1'],
  ['version fractional', (t) => (t.version = 1.5), 'version', 'whole number'],
  ['version a string', (t) => (t.version = '2'), 'version', 'whole number'],
  ['status unknown', (t) => (t.status = 'open'), 'status', '"closed" or "voided"'],
  ['closedAt without offset', (t) => (t.closedAt = '2026-11-24T19:42:10'), 'closedAt', 'with an offset'],
  ['closedAt not a date', (t) => (t.closedAt = '2026-13-45T19:42:10Z'), 'closedAt', 'RFC 3339'],
  ['lines empty', (t) => (t.lines = []), 'lines', 'at least one line'],
  ['lines missing', (t) => delete t.lines, 'lines', 'array of lines'],
  ['line kind', (t) => (t.lines[1].kind = 'fee'), 'lines[1].kind', '"product", "service" or "gift_card"'],
  ['line name empty', (t) => (t.lines[0].name = ''), 'lines[0].name', 'must not be empty'],
  ['line name over 200', (t) => (t.lines[0].name = 'n'.repeat(201)), 'lines[0].name', 'at most 200'],
  ['line sku over 100', (t) => (t.lines[0].sku = 's'.repeat(101)), 'lines[0].sku', 'at most 100'],
  ['line category over 100', (t) => (t.lines[0].category = 'c'.repeat(101)), 'lines[0].category', 'at most 100'],
  ['quantity zero', (t) => (t.lines[1].quantity = '0'), 'lines[1].quantity', 'zero'],
  ['quantity 4 decimals', (t) => (t.lines[1].quantity = '1.0001'), 'lines[1].quantity', 'more than 3 fraction digits'],
  ['unitPrice a number', (t) => (t.lines[1].unitPrice = 2), 'lines[1].unitPrice', 'not a JSON number'],
  ['unitPrice 3 decimals', (t) => (t.lines[1].unitPrice = '2.005'), 'lines[1].unitPrice', 'more than 2 fraction digits'],
  ['unitPrice negative', (t) => (t.lines[1].unitPrice = '-2.00'), 'lines[1].unitPrice', 'must not be negative'],
  ['line discount zero', (t) => (t.lines[0].discounts[0].amount = '0'), 'lines[0].discounts[0].amount', 'greater than 0'],
  ['line discount name empty', (t) => (t.lines[0].discounts[0].name = ''), 'lines[0].discounts[0].name', 'must not be empty'],
  ['ticket discount name over 100', (t) => (t.discounts[0].name = 'd'.repeat(101)), 'discounts[0].name', 'at most 100'],
  ['ticket discount negative', (t) => (t.discounts[0].amount = '-1.00'), 'discounts[0].amount', 'greater than 0'],
  ['tax name missing', (t) => delete t.taxes[1].name, 'taxes[1].name', 'required'],
  ['tax amount a number', (t) => (t.taxes[0].amount = 0.29), 'taxes[0].amount', 'not a JSON number'],
  ['tip negative', (t) => (t.tip = '-2.00'), 'tip', 'must not be negative'],
  ['reward points negative', (t) => (t.rewardPointsRedeemed = '-1.00'), 'rewardPointsRedeemed', 'must not be negative'],
  ['customer balance malformed', (t) => (t.customerBalanceUsed = 'abc'), 'customerBalanceUsed', 'not a decimal amount'],
  ['payments missing', (t) => delete t.payments, 'payments', 'array of payments'],
  ['payment method unknown', (t) => (t.payments[1].method = 'bitcoin'), 'payments[1].method', 'must be one of'],
  ['payment label over 100', (t) => (t.payments[1].label = 'l'.repeat(101)), 'payments[1].label', 'at most 100'],
  ['payment reference over 100', (t) => (t.payments[0].reference = 'r'.repeat(101)), 'payments[0].reference', 'at most 100'],
  ['total a number', (t) => (t.total = 10.83), 'total', 'not a JSON number'],
  ['note over 1000', (t) => (t.note = 'n'.repeat(1001)), 'note', 'at most 1000'],
  ['NUL in a line name', (t) => (t.lines[0].name = 'Latte\u0000'), 'lines[0].name', 'cannot be stored'],
  ['unpaired surrogate in a sku', (t) => (t.lines[0].sku = 'A\ud800'), 'lines[0].sku', 'cannot be stored'],
  ['unpaired low surrogate in a tax name', (t) => (t.taxes[0].name = '\udc00x'), 'taxes[0].name', 'cannot be stored'],
  ['NUL in the customer name', (t) => (t.customer = { name: '\u0000' }), 'customer.name', 'cannot be stored'],
  ['NUL in the note', (t) => (t.note = 'a\u0000b'), 'note', 'cannot be stored'],
  ['total ≠ computed', (t) => (t.total = '10.84'), 'total', 'total 10.84 ≠ computed 10.83'],
  ['payments ≠ total', (t) => (t.payments[1].amount = '2.84'), 'payments', 'payments add up to 10.84 ≠ total 10.83'],
];

describe('parseTicket: each rule of the contract, broken, is refused naming its field', () => {
  it.each(breakages)('%s', (_what, breakIt, field, words) => {
    const t = clone();
    breakIt(t);
    const r = parseTicket(t);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const messages = r.errors.map(formatFieldError);
    expect(r.errors.map((e) => e.path)).toContain(field);
    expect(messages.join('\n')).toContain(words);
  });

  it('refuses what is not an object', () => {
    for (const v of [null, [], 'x', 3]) expect(parseTicket(v).ok).toBe(false);
  });
});

describe('the arithmetic identities (property)', () => {
  const cents = fc.integer({ min: 0, max: 100_000 });
  it('a ticket built to balance is taken; moving any part by a cent breaks exactly the identity it touches', () => {
    fc.assert(fc.property(cents, cents, cents, fc.integer({ min: 1, max: 50 }), fc.integer({ min: -1, max: 1 }).filter((d) => d !== 0),
      (price, tax, tip, qty, delta) => {
        const total = price * qty + tax + tip;
        const ticket = {
          id: 't', locationId: 'l', status: 'closed', closedAt: '2026-11-24T10:00:00Z',
          lines: [{ kind: 'product', name: 'p', quantity: qty, unitPrice: formatCents(price) }],
          taxes: [{ name: 'tax', amount: formatCents(tax) }], tip: formatCents(tip),
          payments: [{ method: 'cash', amount: formatCents(total) }], total: formatCents(total),
        };
        expect(parseTicket(ticket).ok).toBe(true);
        const offTotal = parseTicket({ ...ticket, total: formatCents(total + delta), payments: [{ method: 'cash', amount: formatCents(total + delta) }] });
        expect(offTotal.ok === false && offTotal.errors.map((e) => e.path)).toEqual(['total']);
        const offPaid = parseTicket({ ...ticket, payments: [{ method: 'cash', amount: formatCents(total + delta) }] });
        expect(offPaid.ok === false && offPaid.errors.map((e) => e.path)).toEqual(['payments']);
      }));
  });
});
