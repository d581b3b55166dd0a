import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parseTicketRef, parseTicketsQuery, ticketRef, ticketsUrl } from './tickets-query.js';

describe('the Tickets page address', () => {
  it('reads filters and drops bad ones with a note', () => {
    const q = parseTicketsQuery({ from: '2026-11-01', to: '2026-13-01', state: 'skipped', location: 'denver-1', select: 'all' });
    expect(q.filter).toEqual({ from: '2026-11-01', state: 'skipped', locationId: 'denver-1' });
    expect(q.selectAll).toBe(true);
    expect(q.problems).toEqual(['"2026-13-01" is not a date from 2000-01-01 to 2099-12-31 (the To filter was ignored)']);
    expect(parseTicketsQuery({ state: 'lost' }).problems).toEqual(['"lost" is not a sync state (the state filter was ignored)']);
  });

  it('carries a cursor both ways, and a damaged one means the first page', () => {
    const c = { businessDate: '2026-11-24', locationId: 'boulder/2', ticketId: 'Zoë & co' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(parseTicketsQuery({ after: encodeCursor(c) }).page).toEqual({ limit: 50, after: c });
    expect(parseTicketsQuery({ before: encodeCursor(c) }).page).toEqual({ limit: 50, before: c });
    const damaged = parseTicketsQuery({ after: 'not-a-cursor' });
    expect(damaged.page).toEqual({ limit: 50 });
    expect(damaged.problems).toHaveLength(1);
    expect(decodeCursor(Buffer.from('["x","a","b"]').toString('base64url'))).toBeNull();
    // Text the store cannot compare, and dates outside the calendar, are no position (they answered 500).
    for (const bad of [['2026-11-24', 'a\u0000', 'b'], ['2026-11-24', 'a', '\ud800'], ['0000-01-01', 'a', 'b'], ['2100-01-01', 'a', 'b']]) {
      expect(decodeCursor(Buffer.from(JSON.stringify(bad)).toString('base64url'))).toBeNull();
    }
  });

  it('builds links that keep the filters', () => {
    expect(ticketsUrl({})).toBe('/tickets');
    expect(ticketsUrl({ state: 'skipped', locationId: 'a b' }, { select: 'all' })).toBe('/tickets?state=skipped&location=a+b&select=all');
  });

  it('names a ticket in a checkbox value even when ids hold slashes', () => {
    const ref = ticketRef('boulder/2', 'a/b%c');
    expect(parseTicketRef(ref)).toEqual({ locationId: 'boulder/2', ticketId: 'a/b%c' });
    expect(parseTicketRef('nothing')).toBeNull();
    expect(parseTicketRef('%E0%A4%A/x')).toBeNull();
    expect(parseTicketRef('denver-1/%00')).toBeNull();
  });
});
