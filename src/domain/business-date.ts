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

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value).isValid;
}
