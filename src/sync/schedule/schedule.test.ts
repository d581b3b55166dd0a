import { describe, expect, it } from 'vitest';
import { cutoffDateFor, nextScheduledRun, scheduledInstant } from './schedule.js';

const iso = (ms: number) => new Date(ms).toISOString();
const runsFrom = (time: string, zone: string, from: string, n: number) => {
  const out: string[] = [];
  let after = Date.parse(from);
  for (let i = 0; i < n; i++) {
    const r = nextScheduledRun(time, zone, after);
    out.push(`${r.date} ${iso(r.at)}`);
    after = r.at;
  }
  return out;
};

describe('the daily schedule', () => {
  it('runs at 00:00 America/Denver on ordinary days (UTC−7 in winter, UTC−6 in summer)', () => {
    expect(runsFrom('00:00', 'America/Denver', '2026-11-24T12:00:00Z', 2)).toEqual([
      '2026-11-25 2026-11-25T07:00:00.000Z', '2026-11-26 2026-11-26T07:00:00.000Z']);
    expect(runsFrom('00:00', 'America/Denver', '2026-07-01T12:00:00Z', 1)).toEqual(['2026-07-02 2026-07-02T06:00:00.000Z']);
  });

  it('runs once on each daylight-saving change day at midnight Mountain Time', () => {
    // spring forward 2026-03-08 02:00 → 03:00: midnight is still MST (−7), the next one MDT (−6)
    expect(runsFrom('00:00', 'America/Denver', '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-08 2026-03-08T07:00:00.000Z', '2026-03-09 2026-03-09T06:00:00.000Z', '2026-03-10 2026-03-10T06:00:00.000Z']);
    // fall back 2026-11-01 02:00 → 01:00: midnight is MDT (−6), the next one MST (−7), 25 hours apart
    expect(runsFrom('00:00', 'America/Denver', '2026-10-31T12:00:00Z', 3)).toEqual([
      '2026-11-01 2026-11-01T06:00:00.000Z', '2026-11-02 2026-11-02T07:00:00.000Z', '2026-11-03 2026-11-03T07:00:00.000Z']);
  });

  it('a time that does not exist runs at the first instant after it; a time that happens twice runs once', () => {
    // 02:30 does not exist on 2026-03-08 in Denver: 03:00 MDT = 09:00Z
    expect(scheduledInstant('2026-03-08', '02:30', 'America/Denver')).toBe(Date.parse('2026-03-08T09:00:00Z'));
    expect(runsFrom('02:30', 'America/Denver', '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-08 2026-03-08T09:00:00.000Z', '2026-03-09 2026-03-09T08:30:00.000Z', '2026-03-10 2026-03-10T08:30:00.000Z']);
    // 01:30 happens twice on 2026-11-01: once, at the first (MDT, 07:30Z); the next day MST
    expect(runsFrom('01:30', 'America/Denver', '2026-10-31T12:00:00Z', 3)).toEqual([
      '2026-11-01 2026-11-01T07:30:00.000Z', '2026-11-02 2026-11-02T08:30:00.000Z', '2026-11-03 2026-11-03T08:30:00.000Z']);
    // from just after the first 01:30, the second 01:30 does not run
    expect(nextScheduledRun('01:30', 'America/Denver', Date.parse('2026-11-01T07:31:00Z')).date).toBe('2026-11-02');
  });

  it('a location in another zone runs at its own time', () => {
    expect(runsFrom('00:00', 'America/New_York', '2026-11-24T12:00:00Z', 1)).toEqual(['2026-11-25 2026-11-25T05:00:00.000Z']);
    expect(runsFrom('03:15', 'Europe/Berlin', '2026-03-28T12:00:00Z', 2)).toEqual([
      '2026-03-29 2026-03-29T01:15:00.000Z', '2026-03-30 2026-03-30T01:15:00.000Z']);
  });

  it('a run posts the business dates before its date where the store is', () => {
    const runAt = Date.parse('2026-11-25T07:00:00Z'); // midnight in Denver
    expect(cutoffDateFor(runAt, 'America/Denver')).toBe('2026-11-25');
    expect(cutoffDateFor(runAt, 'America/New_York')).toBe('2026-11-25');
    expect(cutoffDateFor(runAt, 'America/Los_Angeles')).toBe('2026-11-24');
  });
});
