/**
 * The idempotency key of each write, from which the client derives its requestid: the same
 * logical write always gets the same key (so a retry is replayed, never done twice), and a
 * different write never shares one. Tenant, ticket, version and attempt epoch name the
 * content; the part names the document; updates and voids include the SyncToken they were
 * made against (after a stale-object refusal, the retry is a new write).
 */
export interface KeyParts {
  tenantId: string;
  locationId: string;
  ticketId: string;
  version: number;
  epoch: number;
}

export function writeKey(k: KeyParts, part: string): string {
  return JSON.stringify([k.tenantId, k.locationId, k.ticketId, k.version, k.epoch, part]);
}

export function parseWriteKey(key: string): (KeyParts & { part: string }) | null {
  try {
    const v = JSON.parse(key) as unknown;
    if (!Array.isArray(v) || v.length !== 6) return null;
    const [tenantId, locationId, ticketId, version, epoch, part] = v as [string, string, string, number, number, string];
    return { tenantId, locationId, ticketId, version, epoch, part };
  } catch {
    return null;
  }
}
