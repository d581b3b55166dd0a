/**
 * DocNumber for a ticket (posting-rules §2): the ticket id when it fits QuickBooks' 21
 * characters, else a fixed 21-character form: a prefix of the id and a short hash of the whole
 * id. It is a reader's aid and a search key, never the identity (creates send
 * include=allowduplicatedocnum and the PrivateNote confirms a match).
 */
import { createHash } from 'node:crypto';
import { cleanText, cutTo } from './text.js';

/** QuickBooks refuses a longer DocNumber (2050, "Min:0 Max:21"). */
export const DOC_NUMBER_MAX = 21;

const HASH_CHARS = 8;
// Prefix + '-' + hash is exactly 21 units for any id long enough.
const PREFIX_MAX = DOC_NUMBER_MAX - 1 - HASH_CHARS;
// Crockford's base32: no I, L, O, U, so a hash read aloud or retyped is not misread.
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function docNumberFor(ticketId: string): string {
  // ':' is not documented as forbidden in DocNumber (UNCONFIRMED); stricter to send none.
  const clean = cleanText(ticketId);
  if (clean.length > 0 && clean.length <= DOC_NUMBER_MAX) return clean;
  const prefix = cutTo(clean, PREFIX_MAX).trimEnd();
  const hash = shortHash(ticketId);
  return prefix ? `${prefix}-${hash}` : hash;
}

/** 40 bits of SHA-256 of the whole id, base32: ids sharing a 12-character prefix stay apart. */
function shortHash(text: string): string {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(digest[i] ?? 0);
  let out = '';
  for (let i = 0; i < HASH_CHARS; i++) {
    out = (BASE32[Number(bits & 31n)] ?? '0') + out;
    bits >>= 5n;
  }
  return out;
}
