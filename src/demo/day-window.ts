/**
 * One business day of one store, as instants: local midnight to midnight (23 or 25 hours on
 * daylight-saving days), and the opening hours inside it. Luxon places the few boundaries
 * once per day; each ticket then only needs the zone's offset at its instant, which is
 * constant over the day except on a transition day.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Prng } from './prng.js';

/** Opening hours, local wall clock: 07:00-22:00. Transitions happen at night, so these exist every day. */
export const OPEN_HOUR = 7;
export const CLOSE_HOUR = 22;
/** Late-night and early tickets land within this many minutes either side of local midnight. */
export const MIDNIGHT_MARGIN_MINUTES = 10;

/** Relative traffic per opening hour (07..21): the breakfast and lunch rushes, a quiet evening. */
const HOURLY_TRAFFIC = [4, 7, 5, 3, 4, 7, 5, 3, 3.5, 3.5, 3, 2.5, 2, 1.5, 1] as const;
const TRAFFIC_CUMULATIVE = HOURLY_TRAFFIC.reduce<number[]>((acc, w) => [...acc, (acc.at(-1) ?? 0) + w], []);
const TRAFFIC_TOTAL = TRAFFIC_CUMULATIVE.at(-1) as number;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface DayWindow {
  date: string;
  dayStartMs: number;
  dayEndMs: number;
  openMs: number;
  closeMs: number;
  zone: IANAZone;
  /** The zone's offset in minutes when it is the same all day; null on a transition day. */
  fixedOffset: number | null;
}

export function makeDayWindow(date: string, timeZone: string): DayWindow {
  const zone = IANAZone.create(timeZone);
  const start = DateTime.fromISO(date, { zone }).startOf('day');
  if (!start.isValid) throw new RangeError(`cannot place ${date} in time zone "${timeZone}"`);
  const at = (hour: number) => DateTime.fromObject({ year: start.year, month: start.month, day: start.day, hour }, { zone }).toMillis();
  const dayStartMs = start.toMillis();
  const dayEndMs = start.plus({ days: 1 }).startOf('day').toMillis();
  const first = zone.offset(dayStartMs);
  return {
    date, dayStartMs, dayEndMs, openMs: at(OPEN_HOUR), closeMs: at(CLOSE_HOUR), zone,
    fixedOffset: first === zone.offset(dayEndMs - 1) ? first : null,
  };
}

export function offsetAt(day: DayWindow, ms: number): number {
  return day.fixedOffset ?? day.zone.offset(ms);
}

/** The local hour (0-23) at an instant, for rules such as happy hour. */
export function localHour(day: DayWindow, ms: number): number {
  return new Date(ms + offsetAt(day, ms) * MINUTE_MS).getUTCHours();
}

/** RFC 3339 with the zone's offset at that instant: "2026-11-24T19:42:10-07:00". */
export function formatTimestamp(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local.toISOString().slice(0, 19)}${sign}${pad2(Math.trunc(abs / 60))}:${pad2(abs % 60)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** How many tickets fall just after and just before midnight on a day (a few, often none). */
export function pickMidnightCounts(prng: Prng): { early: number; late: number } {
  return { early: prng.chance(0.5) ? 1 : 0, late: prng.chance(0.75) ? prng.int(1, 2) : 0 };
}

/**
 * The closing instants of a day's tickets, in increasing order, lazily: a few just after
 * midnight, `count` during opening hours following the hourly traffic, a few just before
 * the next midnight. The i-th opening-hours ticket maps (i + jitter) / count through the
 * traffic curve, so the times come out sorted without holding them all.
 */
export function* closingInstants(day: DayWindow, count: number, midnight: { early: number; late: number }, prng: Prng): Generator<number> {
  yield* sortedWholeSeconds(day.dayStartMs, MIDNIGHT_MARGIN_MINUTES * MINUTE_MS, midnight.early, prng);
  const hours = (day.closeMs - day.openMs) / HOUR_MS;
  for (let i = 0; i < count; i++) {
    const offset = trafficOffsetHours((i + prng.next()) / count) * (hours / HOURLY_TRAFFIC.length);
    yield floorSecond(day.openMs + offset * HOUR_MS);
  }
  yield* sortedWholeSeconds(day.dayEndMs - MIDNIGHT_MARGIN_MINUTES * MINUTE_MS, MIDNIGHT_MARGIN_MINUTES * MINUTE_MS, midnight.late, prng);
}

/** Inverse of the traffic curve: a fraction of the day's tickets → hours after opening. */
function trafficOffsetHours(fraction: number): number {
  const x = fraction * TRAFFIC_TOTAL;
  let hour = 0;
  while (hour < TRAFFIC_CUMULATIVE.length - 1 && (TRAFFIC_CUMULATIVE[hour] as number) <= x) hour++;
  const before = hour === 0 ? 0 : (TRAFFIC_CUMULATIVE[hour - 1] as number);
  return hour + (x - before) / (HOURLY_TRAFFIC[hour] as number);
}

function sortedWholeSeconds(fromMs: number, spanMs: number, count: number, prng: Prng): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(floorSecond(fromMs + prng.next() * spanMs));
  return out.sort((a, b) => a - b);
}

function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
