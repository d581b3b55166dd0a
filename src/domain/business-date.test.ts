import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessDate, isIsoDate, isValidTimeZone } from './business-date.js';

const at = (iso: string) => Date.parse(iso);

describe('businessDate', () => {
  it.each([
    // a few minutes either side of local midnight in Denver (UTC−7 in winter)
    ['2026-11-25T06:55:00Z', 'America/Denver', '2026-11-24'],
    ['2026-11-25T07:05:00Z', 'America/Denver', '2026-11-25'],
    // the same instant is another day in New York and Tokyo
    ['2026-11-25T04:30:00Z', 'America/New_York', '2026-11-24'],
    ['2026-11-25T05:30:00Z', 'America/New_York', '2026-11-25'],
    ['2026-11-24T15:30:00Z', 'Asia/Tokyo', '2026-11-25'],
    // spring forward (2026-03-08: 02:00 MST → 03:00 MDT): midnight is still UTC−7
    ['2026-03-08T06:59:00Z', 'America/Denver', '2026-03-07'],
    ['2026-03-08T07:00:00Z', 'America/Denver', '2026-03-08'],
    // the day after spring forward, midnight is UTC−6
    ['2026-03-09T05:59:00Z', 'America/Denver', '2026-03-08'],
    ['2026-03-09T06:00:00Z', 'America/Denver', '2026-03-09'],
    // fall back (2026-11-01: 02:00 MDT → 01:00 MST): the day has 25 hours
    ['2026-11-01T06:00:00Z', 'America/Denver', '2026-11-01'],
    ['2026-11-02T06:59:00Z', 'America/Denver', '2026-11-01'],
    ['2026-11-02T07:00:00Z', 'America/Denver', '2026-11-02'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(businessDate(at(instant), zone)).toBe(date);
  });

  it('takes the offset of closedAt into account, not the server zone', () => {
    expect(businessDate(at('2026-11-24T23:59:59-07:00'), 'America/Denver')).toBe('2026-11-24');
    expect(businessDate(at('2026-11-24T23:59:59-05:00'), 'America/Denver')).toBe('2026-11-24');
    expect(businessDate(at('2026-11-25T00:00:01-05:00'), 'America/Denver')).toBe('2026-11-24');
  });

  it('refuses an unknown zone', () => {
    expect(() => businessDate(0, 'Mars/Olympus')).toThrow('unknown time zone');
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('America/Denver')).toBe(true);
  });

  it('knows a date when it sees one', () => {
    expect(['2026-02-28', '2026-02-30', '2026-2-1', 'x'].map(isIsoDate)).toEqual([true, false, false, false]);
    expect(['2024-02-29', '2100-02-29', '2000-02-29', '2026-04-31', '2026-12-31', '2026-13-01', '2026-00-10', '2026-01-00'].map(isIsoDate))
      .toEqual([true, false, true, false, true, false, false, false]);
  });

  it('agrees with Luxon on every YYYY-MM-DD shaped text', () => {
    const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
    fc.assert(fc.property(digits(4, 9999), digits(2, 99), digits(2, 99), (y, m, d) => {
      const text = `${y}-${m}-${d}`;
      expect(isIsoDate(text)).toBe(DateTime.fromISO(text).isValid);
    }), { numRuns: 5000 });
  });
});
