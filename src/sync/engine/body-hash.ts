/**
 * A fingerprint of a document body as the mapping made it: the same ticket version mapped
 * under another mapping (another account, class or payment method) gets another fingerprint,
 * so the document is rewritten in place; the same mapping again gets the same one, so nothing
 * is written. Keys are sorted: the fingerprint depends on the content, not on its order.
 */
import { hash } from 'node:crypto';

// A body is asked for its fingerprint after each of its ticket's steps (plan-ops.ts compares,
// ops-batch.ts stamps): the mapping makes each body once and nothing changes it afterwards
// (ops-batch.ts sends copies), so one computation per body object is enough.
const known = new WeakMap<object, string>();

export function bodyHash(body: unknown): string {
  const cached = typeof body === 'object' && body !== null ? known.get(body) : undefined;
  if (cached !== undefined) return cached;
  // crypto.hash: one call, no Hash object (half the CPU of createHash().update().digest()).
  const fingerprint = hash('sha256', sortedJson(body), 'base64url').slice(0, 22);
  if (typeof body === 'object' && body !== null) known.set(body, fingerprint);
  return fingerprint;
}

/**
 * The body's JSON with every object's keys in sorted order. JSON.stringify given a list of keys
 * writes each object's properties in that list's order, skipping the ones it lacks: with every
 * key of the body, sorted, that is the sorted text in one native pass, where building it piece by
 * piece made a fifth of a sync's garbage. A body that is not plain JSON (an undefined array item, a
 * Date's toJSON) is written piece by piece, as the fingerprint was first defined.
 */
function sortedJson(body: unknown): string {
  const keys = new Set<string>();
  if (!collectKeys(body, keys)) return stableJson(body);
  return JSON.stringify(body, [...keys].sort()) ?? stableJson(body);
}

function collectKeys(value: unknown, keys: Set<string>): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (item === undefined || !collectKeys(item, keys)) return false;
    return true;
  }
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    // Asked of every object, "__proto__" would write each one's prototype: piece by piece instead.
    if (key === '__proto__') return false;
    keys.add(key);
    if (!collectKeys((value as Record<string, unknown>)[key], keys)) return false;
  }
  return true;
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
