/**
 * QuickBooks' timestamps: Intuit's servers answer in US Pacific time with an offset
 * ("2015-07-24T10:33:39-07:00"). The simulator uses that zone for MetaData, the response
 * `time` and the default TxnDate ("today"); which zone QuickBooks uses for a company's
 * "today" is UNCONFIRMED, so a client should always send TxnDate.
 */
import { DateTime } from 'luxon';

const ZONE = 'America/Los_Angeles';

export function metaTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

export function responseTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSSZZ");
}

export function today(ms: number): string {
  return DateTime.fromMillis(ms, { zone: ZONE }).toISODate() ?? '1970-01-01';
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value) && DateTime.fromISO(value).isValid;
}

export function addDays(isoDate: string, days: number): string {
  return DateTime.fromISO(isoDate, { zone: ZONE }).plus({ days }).toISODate() ?? isoDate;
}

/** A query literal for a date-time field: a date (midnight Pacific) or a full ISO timestamp. */
export function parseInstant(text: string): number | undefined {
  const dt = DateTime.fromISO(text, { zone: ZONE });
  return dt.isValid ? dt.toMillis() : undefined;
}
