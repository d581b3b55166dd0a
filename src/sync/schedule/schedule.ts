/**
 * When a location's daily sync runs (posting-rules §5): once each local day at a wall-clock
 * time in a time zone, daylight saving included. A time that does not exist that day (02:30
 * on the spring-forward day) runs at the first instant after it (03:00); a time that happens
 * twice (01:30 on the fall-back day) runs once, at its first occurrence. Luxon carries the tz
 * database; cron libraries put the missing time an hour later (03:30), hence this module.
 */
import { DateTime } from 'luxon';

export interface ScheduledRun {
  /** The instant, epoch ms. */
  at: number;
  /** The date in the schedule's zone of that run. */
  date: string;
}

/** The instant of `HH:MM` on local date `date` in `zone`. */
export function scheduledInstant(date: string, syncTime: string, zone: string): number {
  const [hour, minute] = syncTime.split(':').map(Number) as [number, number];
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) throw new RangeError(`bad date "${date}" or zone "${zone}"`);
  const wanted = hour * 60 + minute;
  // Luxon resolves a wall time in a gap by moving it forward by the gap's length, and a wall
  // time that happens twice to its first occurrence (the earlier offset) - the latter is what
  // we want; the former is fixed below.
  const candidate = day.set({ hour, minute, second: 0, millisecond: 0 });
  if (candidate.hour === hour && candidate.minute === minute && candidate.toISODate() === date) return candidate.toMillis();
  // In a gap: the first instant whose wall time on `date` is at or past the wanted one.
  let lo = candidate.minus({ hours: 4 }).toMillis();
  let hi = candidate.toMillis();
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const local = DateTime.fromMillis(mid, { zone });
    const past = local.toISODate()! > date || (local.toISODate() === date && local.hour * 60 + local.minute >= wanted);
    if (past) hi = mid;
    else lo = mid;
  }
  // Offsets change on whole minutes: `hi` lies within a second after the change.
  return Math.floor(hi / 60_000) * 60_000;
}

/** The first scheduled run strictly after `afterMs`. */
export function nextScheduledRun(syncTime: string, zone: string, afterMs: number): ScheduledRun {
  let day = DateTime.fromMillis(afterMs, { zone }).startOf('day');
  for (let i = 0; i < 3; i++, day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    const at = scheduledInstant(date, syncTime, zone);
    if (at > afterMs) return { at, date };
  }
  throw new Error(`no run found after ${new Date(afterMs).toISOString()} for ${syncTime} ${zone}`);
}

/** The business dates a scheduled run may post: those before the run's date where the store is. */
export function cutoffDateFor(runAt: number, storeZone: string): string {
  return DateTime.fromMillis(runAt, { zone: storeZone }).toISODate()!;
}
