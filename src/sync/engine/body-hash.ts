/**
 * A fingerprint of a document body as the mapping made it: the same ticket version mapped
 * under another mapping (another account, class or payment method) gets another fingerprint,
 * so the document is rewritten in place; the same mapping again gets the same one, so nothing
 * is written. Keys are sorted: the fingerprint depends on the content, not on its order.
 */
import { createHash } from 'node:crypto';

// A body is asked for its fingerprint after each of its ticket's steps (plan-ops.ts compares,
// ops-batch.ts stamps): the mapping makes each body once and nothing changes it afterwards
// (ops-batch.ts sends copies), so one computation per body object is enough.
const known = new WeakMap<object, string>();

export function bodyHash(body: unknown): string {
  const cached = typeof body === 'object' && body !== null ? known.get(body) : undefined;
  if (cached !== undefined) return cached;
  const hash = createHash('sha256').update(stableJson(body)).digest('base64url').slice(0, 22);
  if (typeof body === 'object' && body !== null) known.set(body, hash);
  return hash;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + stableJson(value[i]);
    return `${out}]`;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let out = '{';
    for (const key of Object.keys(record).sort()) {
      const v = record[key];
      if (v === undefined) continue;
      out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${stableJson(v)}`;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}
