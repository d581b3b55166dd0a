/**
 * A fingerprint of a document body as the mapping made it: the same ticket version mapped
 * under another mapping (another account, class or payment method) gets another fingerprint,
 * so the document is rewritten in place; the same mapping again gets the same one, so nothing
 * is written. Keys are sorted: the fingerprint depends on the content, not on its order.
 */
import { createHash } from 'node:crypto';

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(stableJson(body)).digest('base64url').slice(0, 22);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
