import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessDate } from '../domain/business-date.js';
import { parseMoney } from '../domain/money.js';
import { formatFieldError, parseTicket } from '../domain/ticket-schema.js';
import { DEMO_LOCATIONS, generateDemoTickets } from './generate-tickets.js';
import type { DemoLocation, DemoOptions, DemoTicket } from './generate-tickets.js';

/** Zones with half-hour and 45-minute offsets, a 30-minute DST shift, and a day with no midnight. */
const ZONES: DemoLocation[] = [
  { id: 'denver-1', timeZone: 'America/Denver' }, { id: 'nyc-1', timeZone: 'America/New_York' },
  { id: 'tokyo-1', timeZone: 'Asia/Tokyo' }, { id: 'kolkata-1', timeZone: 'Asia/Kolkata' },
  { id: 'lord-howe-1', timeZone: 'Australia/Lord_Howe' }, { id: 'chatham-1', timeZone: 'Pacific/Chatham' },
  { id: 'santiago-1', timeZone: 'America/Santiago' }, { id: 'st-johns-1', timeZone: 'America/St_Johns' },
];
/** US spring forward and fall back, Australian switches, Chile's skipped midnight (2026-09-06), ordinary days. */
const DATES = ['2026-03-08', '2026-04-05', '2026-09-06', '2026-10-04', '2026-11-01', '2026-11-24'];

const all = (opts: DemoOptions): DemoTicket[] => [...generateDemoTickets(opts)];
const zoneOf = (locationId: string) => ZONES.find((z) => z.id === locationId)?.timeZone ?? 'UTC';
const local = (t: DemoTicket) => DateTime.fromMillis(Date.parse(t.closedAt), { zone: zoneOf(t.locationId) });
/** Within 10 minutes after the local day's first instant (01:00 where midnight is skipped) or before its end. */
const nearMidnight = (t: DemoTicket): 'early' | 'late' | null => {
  const at = local(t);
  if (at.diff(at.startOf('day'), 'minutes').minutes < 10) return 'early';
  return at.plus({ days: 1 }).startOf('day').diff(at, 'minutes').minutes <= 10 ? 'late' : null;
};

describe('generateDemoTickets: every ticket keeps the contract', () => {
  it.each([1, 42, 2026])('seed %i, eight zones, daylight-saving days: every ticket passes parseTicket', (seed) => {
    const tickets = all({ seed, locations: ZONES, dates: DATES });
    expect(tickets.length).toBeGreaterThan(ZONES.length * DATES.length * 30);
    const refused = tickets.flatMap((t) => {
      const r = parseTicket(t);
      return r.ok ? [] : [`${t.locationId}/${t.id} v${t.version}: ${r.errors.map(formatFieldError).join('; ')}`];
    });
    expect(refused).toEqual([]);
  });

  it('money is always a decimal string with two fraction digits, never a number', () => {
    for (const t of all({ seed: 5, locations: [...DEMO_LOCATIONS], dates: ['2026-11-24'] })) {
      const amounts = [t.total, t.tip, t.rewardPointsRedeemed, t.customerBalanceUsed, ...t.payments.map((p) => p.amount),
        ...(t.taxes ?? []).map((x) => x.amount), ...(t.discounts ?? []).map((d) => d.amount),
        ...t.lines.flatMap((l) => [l.unitPrice, ...(l.discounts ?? []).map((d) => d.amount)])].filter((a) => a !== undefined);
      for (const a of amounts) expect(a).toMatch(/^-?\d+\.\d{2}$/);
      expect(amounts.every((a) => parseMoney(a).ok)).toBe(true);
    }
  });
});

describe('generateDemoTickets: determinism', () => {
  const opts: DemoOptions = { seed: 7, locations: [...DEMO_LOCATIONS], dates: ['2026-11-23', '2026-11-24'] };

  it('the same seed gives the same tickets, byte for byte', () => {
    expect(JSON.stringify(all(opts))).toBe(JSON.stringify(all(opts)));
  });

  it('tickets are plain JSON: no undefined fields, nothing lost in a round trip', () => {
    const tickets: Record<string, unknown>[] = all(opts);
    for (const t of tickets) {
      expect(JSON.parse(JSON.stringify(t))).toStrictEqual(t);
      expect(Object.values(t)).not.toContain(undefined);
    }
  });

  it('another seed gives other tickets', () => {
    expect(JSON.stringify(all({ ...opts, seed: 8 }))).not.toBe(JSON.stringify(all(opts)));
  });

  it("a day's tickets do not depend on which other dates or locations are asked for", () => {
    const alone = all({ ...opts, locations: [DEMO_LOCATIONS[0] as DemoLocation], dates: ['2026-11-24'] });
    const within = all({ ...opts, dates: ['2026-11-25', '2026-11-24', '2026-11-23', '2026-11-24'] })
      .filter((t) => t.locationId === alone[0]?.locationId && t.closedAt.startsWith('2026-11-24'));
    expect(alone.length).toBeGreaterThan(30);
    expect(within).toEqual(alone);
  });
});

describe('generateDemoTickets: identity and order', () => {
  const tickets = all({ seed: 3, locations: ZONES, dates: ['2026-11-23', '2026-11-24', '2026-11-25'] });

  it('(location, id, version) is unique, and an edit repeats an id with version 2', () => {
    const keys = tickets.map((t) => `${t.locationId}/${t.id}/v${t.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    const originals = tickets.filter((t) => t.version === 1).map((t) => `${t.locationId}/${t.id}`);
    expect(new Set(originals).size).toBe(originals.length);
    expect(tickets.some((t) => t.version === 2)).toBe(true);
  });

  it('ids are <register>-<date>-<sequence>, the sequence rising through the day per register', () => {
    const last = new Map<string, number>();
    for (const t of tickets.filter((x) => x.version === 1)) {
      const m = /^(R\d)-(\d{6})-(\d{4,})$/.exec(t.id);
      expect(m, t.id).not.toBeNull();
      const [, register, day, sequence] = m as RegExpExecArray;
      const key = `${t.locationId}/${register}/${day}`;
      expect(Number(sequence)).toBe((last.get(key) ?? 0) + 1);
      last.set(key, Number(sequence));
    }
  });

  it('originals come by closedAt, and each edit after its original, the same closedAt, sent later', () => {
    const byLocation = new Map<string, number>();
    const sentAt = new Map<string, number>();
    for (const [i, t] of tickets.entries()) {
      const ms = Date.parse(t.closedAt);
      if (t.version === 1) {
        expect(ms).toBeGreaterThanOrEqual(byLocation.get(t.locationId) ?? 0);
        byLocation.set(t.locationId, ms);
        sentAt.set(`${t.locationId}/${t.id}`, i);
      } else {
        const original = sentAt.get(`${t.locationId}/${t.id}`);
        expect(original).toBeDefined();
        expect(i).toBeGreaterThan(original as number);
        expect(t.closedAt).toBe(tickets[original as number]?.closedAt);
      }
    }
  });

  it('without edits: no second versions and no voids', () => {
    const plain = all({ seed: 3, locations: ZONES.slice(0, 2), dates: ['2026-11-24'], edits: false });
    expect(plain.every((t) => t.version === 1 && t.status === 'closed')).toBe(true);
  });
});

describe('generateDemoTickets: business dates and time zones', () => {
  const dates = ['2026-03-07', '2026-03-08', '2026-03-09', '2026-09-06', '2026-11-01'];
  const tickets = all({ seed: 9, locations: ZONES, dates });

  it('closedAt carries the zone offset of its own instant (daylight saving included)', () => {
    for (const t of tickets) {
      const written = DateTime.fromISO(t.closedAt, { setZone: true });
      expect(written.offset, `${t.locationId} ${t.closedAt}`).toBe(DateTime.fromMillis(written.toMillis(), { zone: zoneOf(t.locationId) }).offset);
    }
  });

  it('the business dates are exactly the requested dates, in every zone', () => {
    for (const loc of ZONES) {
      const got = new Set(tickets.filter((t) => t.locationId === loc.id).map((t) => businessDate(Date.parse(t.closedAt), loc.timeZone)));
      expect([...got].sort(), loc.id).toEqual(dates);
    }
  });

  it('a few tickets fall within minutes either side of local midnight, still on their own date', () => {
    const near = tickets.map(nearMidnight);
    expect(near.filter((n) => n === 'early').length).toBeGreaterThan(0);
    expect(near.filter((n) => n === 'late').length).toBeGreaterThan(0);
    // "A few": not more than a handful a day per location.
    expect(near.filter((n) => n !== null).length).toBeLessThanOrEqual(ZONES.length * dates.length * 3);
  });

  it('opening hours are 07:00-22:00 local for everything that is not near midnight', () => {
    for (const t of tickets.filter((x) => nearMidnight(x) === null)) {
      const minutes = local(t).hour * 60 + local(t).minute;
      expect(minutes >= 7 * 60 && minutes < 22 * 60, `${t.locationId} ${t.closedAt}`).toBe(true);
    }
  });
});

describe('generateDemoTickets: streaming and options', () => {
  it('streams: the first tickets of an output far too large to hold come at once', () => {
    // 100 years × 200,000 tickets a day × 2 locations: billions of tickets; building them first would never finish.
    const dates = Array.from({ length: 36_500 }, (_, i) => DateTime.fromISO('2026-01-01').plus({ days: i }).toISODate() as string);
    const stream = generateDemoTickets({ seed: 1, locations: [...DEMO_LOCATIONS], dates, ticketsPerDay: 200_000 });
    const first: DemoTicket[] = [];
    for (const t of stream) {
      first.push(t);
      if (first.length === 1000) break;
    }
    expect(first).toHaveLength(1000);
    expect(first.every((t) => t.closedAt.startsWith('2026-01-01'))).toBe(true);
  });

  it.each([
    ['an unknown zone', { locations: [{ id: 'x', timeZone: 'Mars/Olympus' }] }, 'IANA time zone'],
    ['a bad date', { dates: ['2026-02-30'] }, 'not a date'],
    ['a duplicate location', { locations: [DEMO_LOCATIONS[0], DEMO_LOCATIONS[0]] }, 'listed twice'],
    ['zero tickets a day', { ticketsPerDay: 0 }, 'ticketsPerDay'],
    ['a fractional seed', { seed: 1.5 }, 'seed'],
    ['a bad tax rate', { locations: [{ id: 'x', timeZone: 'UTC', taxes: [{ name: 'VAT', percent: '20%' }] }] }, 'percent'],
  ])('refuses %s at the call, before any ticket', (_what, patch, message) => {
    const opts = { seed: 1, locations: [...DEMO_LOCATIONS], dates: ['2026-11-24'], ...patch } as DemoOptions;
    expect(() => generateDemoTickets(opts)).toThrow(message);
  });

  it('uses the taxes a location names', () => {
    const tickets = all({ seed: 4, locations: [{ id: 'paris-1', timeZone: 'Europe/Paris', taxes: [{ name: 'TVA 5.5%', percent: '5.5' }] }], dates: ['2026-11-24'] });
    const names = new Set(tickets.flatMap((t) => (t.taxes ?? []).map((x) => x.name)));
    expect([...names]).toEqual(['TVA 5.5%']);
  });
});
