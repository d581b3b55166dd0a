import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CLOSE_HOUR, OPEN_HOUR, closingInstants, formatTimestamp, localHour, makeDayWindow, offsetAt } from './day-window.js';
import { makePrng } from './prng.js';

const HOUR = 3_600_000;

describe('makeDayWindow', () => {
  it.each([
    ['2026-11-24', 'America/Denver', 24, -420],
    ['2026-03-08', 'America/Denver', 23, null], // spring forward
    ['2026-11-01', 'America/Denver', 25, null], // fall back
    ['2026-04-05', 'Australia/Lord_Howe', 24.5, null], // a half-hour shift
    ['2026-11-24', 'Asia/Kolkata', 24, 330],
  ])('%s in %s lasts %f hours (fixed offset %s)', (date, zone, hours, fixed) => {
    const day = makeDayWindow(date, zone);
    expect((day.dayEndMs - day.dayStartMs) / HOUR).toBe(hours);
    expect(day.fixedOffset).toBe(fixed);
    expect(DateTime.fromMillis(day.openMs, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe(`${date} 0${OPEN_HOUR}:00`);
    expect(DateTime.fromMillis(day.closeMs, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe(`${date} ${CLOSE_HOUR}:00`);
  });

  it('starts at the first instant of a day that skips midnight (Santiago, 2026-09-06 starts at 01:00)', () => {
    const day = makeDayWindow('2026-09-06', 'America/Santiago');
    expect(DateTime.fromMillis(day.dayStartMs, { zone: 'America/Santiago' }).toFormat('yyyy-MM-dd HH:mm')).toBe('2026-09-06 01:00');
  });
});

describe('formatTimestamp', () => {
  it.each([
    [Date.parse('2026-11-25T02:42:10Z'), -420, '2026-11-24T19:42:10-07:00'],
    [Date.parse('2026-11-24T18:30:00Z'), 330, '2026-11-25T00:00:00+05:30'],
    [Date.parse('2026-11-24T10:00:00Z'), 825, '2026-11-24T23:45:00+13:45'],
    [Date.parse('2026-11-24T10:00:00Z'), 0, '2026-11-24T10:00:00+00:00'],
    [Date.parse('2026-11-24T10:00:00Z'), -210, '2026-11-24T06:30:00-03:30'],
  ])('%i at offset %i is %s', (ms, offset, text) => {
    expect(formatTimestamp(ms, offset)).toBe(text);
    expect(Date.parse(text)).toBe(ms);
  });

  it('uses the offset of each instant on a transition day', () => {
    const day = makeDayWindow('2026-03-08', 'America/Denver');
    expect(formatTimestamp(day.dayStartMs + 5 * 60_000, offsetAt(day, day.dayStartMs + 5 * 60_000))).toBe('2026-03-08T00:05:00-07:00');
    expect(formatTimestamp(day.openMs, offsetAt(day, day.openMs))).toBe('2026-03-08T07:00:00-06:00');
    expect(localHour(day, day.openMs)).toBe(7);
  });
});

describe('closingInstants', () => {
  it('comes in order, in whole seconds, early ones just after midnight, late ones just before the next', () => {
    const day = makeDayWindow('2026-11-01', 'America/Denver');
    const instants = [...closingInstants(day, 500, { early: 2, late: 2 }, makePrng('day'))];
    expect(instants).toHaveLength(504);
    expect(instants).toEqual([...instants].sort((a, b) => a - b));
    expect(instants.every((ms) => ms % 1000 === 0)).toBe(true);
    const [e1, e2] = instants;
    expect((e2 as number) - day.dayStartMs).toBeLessThan(10 * 60_000);
    expect((e1 as number) >= day.dayStartMs).toBe(true);
    for (const late of instants.slice(-2)) expect(late >= day.dayEndMs - 10 * 60_000 && late < day.dayEndMs).toBe(true);
    for (const open of instants.slice(2, -2)) expect(open >= day.openMs && open < day.closeMs).toBe(true);
  });

  it('follows the traffic: the breakfast rush is busier than the last hour', () => {
    const day = makeDayWindow('2026-11-24', 'America/Denver');
    const hours = [...closingInstants(day, 3000, { early: 0, late: 0 }, makePrng('rush'))].map((ms) => localHour(day, ms));
    const at = (h: number) => hours.filter((x) => x === h).length;
    expect(at(8)).toBeGreaterThan(3 * at(21));
    expect(Math.min(...hours)).toBe(OPEN_HOUR);
    expect(Math.max(...hours)).toBe(CLOSE_HOUR - 1);
  });
});
