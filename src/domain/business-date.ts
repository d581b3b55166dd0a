/**
 * Business dates: a ticket belongs to the calendar date of its `closedAt` in the location's
 * IANA time zone (QuickBooks `TxnDate` is a date without a zone). Luxon carries the tz
 * database, so daylight-saving days come out right.
 */
import { DateTime, IANAZone } from 'luxon';

/** `YYYY-MM-DD` */
export type IsoDate = string;

export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function businessDate(closedAtMs: number, zone: string): IsoDate {
  const local = DateTime.fromMillis(closedAtMs, { zone });
  if (!local.isValid) throw new RangeError(`unknown time zone "${zone}"`);
  return local.toISODate() as IsoDate;
}

/** Today's date in a zone, for "a day is posted once it is over where the store is". */
export function dateInZone(epochMs: number, zone: string): IsoDate {
  return businessDate(epochMs, zone);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/**
 * A real calendar date written `YYYY-MM-DD`. Plain arithmetic, not a parse by Luxon: every
 * ticket's business date is checked when it is mapped, and Luxon's parse (its locale set-up
 * included) was a twentieth of a sync's CPU.
 */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The calendar the service works in. A ticket, filter or start date outside it is a typo or an
 * attack, never a sale: year 0000 is not even a PostgreSQL date (a `from=0000-01-01` filter and
 * a ticket closed at 0001-01-01T00:00:00Z in America/Denver answered 500, issue 20).
 */
export const FIRST_DATE: IsoDate = '2000-01-01';
export const LAST_DATE: IsoDate = '2099-12-31';
export const DATE_RANGE_TEXT = `${FIRST_DATE} to ${LAST_DATE}`;

/** A real `YYYY-MM-DD` from FIRST_DATE to LAST_DATE. */
export function isDateInRange(value: string): boolean {
  return isIsoDate(value) && value >= FIRST_DATE && value <= LAST_DATE;
}

/** An instant whose UTC date is from FIRST_DATE to LAST_DATE. */
export function isInstantInRange(epochMs: number): boolean {
  return Number.isFinite(epochMs) && epochMs >= Date.UTC(2000, 0, 1) && epochMs < Date.UTC(2100, 0, 1);
}
