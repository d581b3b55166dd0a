/**
 * A store location: where tickets are rung up, in which time zone, and when its day is
 * synced (posting-rules §5). The default sync time is midnight Mountain Time, as in the
 * original article ("all data syncs at midnight Mountain Time").
 */
import { z } from 'zod';
import { DATE_RANGE_TEXT, isDateInRange, isValidTimeZone } from './business-date.js';
import type { IsoDate } from './business-date.js';
import { formatPath } from './ticket-schema.js';
import type { FieldError } from './ticket-schema.js';

export interface Location {
  id: string;
  name: string;
  timeZone: string;
  /** Sync on/off ("Enable integrated QuickBooks"). Tickets are taken in either way. */
  enabled: boolean;
  /** HH:MM, wall-clock time in `syncTimeZone`. */
  syncTime: string;
  syncTimeZone: string;
  /** Tickets with an earlier business date are never posted; null: no limit. */
  syncStartDate: IsoDate | null;
  connectionId: number | null;
}

export const DEFAULT_SYNC_TIME = '00:00';
export const DEFAULT_SYNC_TIME_ZONE = 'America/Denver';

const zone = z.string().refine(isValidTimeZone, { error: (i) => `"${String(i.input)}" is not an IANA time zone (e.g. America/Denver)` });

export const locationInputSchema = z.object({
  id: z.string().min(1, { error: 'must not be empty' }).max(64, { error: 'must be at most 64 characters' }),
  name: z.string().min(1, { error: 'must not be empty' }).max(200, { error: 'must be at most 200 characters' }),
  timeZone: zone,
  enabled: z.boolean().default(true),
  syncTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be HH:MM (24-hour), e.g. 00:00' }).default(DEFAULT_SYNC_TIME),
  syncTimeZone: zone.default(DEFAULT_SYNC_TIME_ZONE),
  syncStartDate: z.string().refine(isDateInRange, { error: (i) => `"${String(i.input)}" is not a date YYYY-MM-DD from ${DATE_RANGE_TEXT}` }).nullable().default(null),
});

export type LocationInput = z.input<typeof locationInputSchema>;

export type LocationParse = { ok: true; location: Omit<Location, 'connectionId'> } | { ok: false; errors: FieldError[] };

export function parseLocation(input: unknown): LocationParse {
  const r = locationInputSchema.safeParse(input);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  return { ok: true, location: r.data };
}

/** For partial updates: the same rules, every field optional. */
export const locationPatchSchema = locationInputSchema.omit({ id: true }).partial();

/** A new location with the defaults (sync on, daily at midnight Mountain Time, no start date). */
export function locationWithDefaults(input: { id: string; name: string; timeZone: string }): Omit<Location, 'connectionId'> {
  return locationInputSchema.parse(input);
}
