/**
 * Deterministic `requestid`s. QuickBooks does not re-execute a write whose requestid it has
 * seen for the company and answers as it did the first time (RID15), so the id must be the
 * same on every retry of one logical write, in this process or the next one after a crash.
 * We derive it from what is written instead of storing a random one: (company, the caller's
 * key, which holds the document key and content version, and the operation).
 *
 * Format: a name-based UUID from SHA-256 (RFC 9562 UUIDv8, the version meant for hashes
 * other than MD5/SHA-1). 36 characters, so it fits both the 50-character limit of single
 * writes and the 36-character limit of batch requests.
 */
import { hash } from 'node:crypto';

const NAMESPACE = 'tillbooks/qbo/requestid/v1';

/** The requestid for one write. `operation` is e.g. "create:Invoice". */
export function deriveRequestId(realmId: string, key: string, operation: string): string {
  if (!key) throw new TypeError('a write needs a non-empty idempotency key');
  const memo = `${realmId}\u0000${operation}\u0000${key}`;
  let id = recent.get(memo);
  if (id === undefined) {
    if (recent.size >= RECENT_IDS) recent.clear();
    id = uuidFromHash([NAMESPACE, realmId, operation, key]);
    recent.set(memo, id);
  }
  return id;
}

/**
 * A write's id is asked for three times in a run (journalled ahead, sent, its answer kept for
 * the settlement), each a SHA-256: the recent ones are kept, a page's worth, then forgotten.
 */
const RECENT_IDS = 4096;
const recent = new Map<string, string>();

/** The requestid for a batch request: derived from its items' own ids, in order, so the
 *  same batch retried as a whole is recognised and a different grouping is not. */
export function deriveBatchRequestId(realmId: string, itemIds: readonly string[]): string {
  if (itemIds.length === 0) throw new TypeError('an empty batch has no requestid');
  return uuidFromHash([NAMESPACE, realmId, 'batch', ...itemIds]);
}

function uuidFromHash(parts: readonly string[]): string {
  // Length-prefixed parts: ("a:b", "c") and ("a", "b:c") must not collide. One update of the
  // joined text digests the same bytes as one update a part, with one call into the hash.
  let text = '';
  for (const p of parts) text += `${Buffer.byteLength(p)}:${p};`;
  const bytes = hash('sha256', text, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
