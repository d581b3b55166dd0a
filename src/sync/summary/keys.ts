/**
 * The idempotency key of each summary-day write (as engine/keys.ts for tickets): tenant,
 * location, business date, the revision the write carries and the attempt epoch name the
 * content; the part names the document and, for updates and deletes, the SyncToken the write
 * was made against. The same logical write always gets the same key, so QuickBooks replays it.
 * Marked "day" first so the ticket journal never reads it as a ticket's.
 */
export interface DayKeyParts {
  tenantId: string;
  locationId: string;
  businessDate: string;
  revision: number;
  epoch: number;
}

export function dayWriteKey(k: DayKeyParts, part: string): string {
  return JSON.stringify(['day', k.tenantId, k.locationId, k.businessDate, k.revision, k.epoch, part]);
}

export function parseDayKey(key: string): (DayKeyParts & { part: string }) | null {
  try {
    const v = JSON.parse(key) as unknown;
    if (!Array.isArray(v) || v.length !== 7 || v[0] !== 'day') return null;
    const [, tenantId, locationId, businessDate, revision, epoch, part] = v as [string, string, string, string, number, number, string];
    return { tenantId, locationId, businessDate, revision, epoch, part };
  } catch {
    return null;
  }
}
