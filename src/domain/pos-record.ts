/**
 * What drawer operations and payouts share (records-format.md): the value rules of tickets
 * (money, timestamps, storable text: ticket-schema.ts), read from the JSON text as received,
 * and refusals that name the field and the value sent there.
 */
import type { z } from 'zod';
import { formatPath } from './ticket-schema.js';
import type { FieldError } from './ticket-schema.js';

export type RecordParse<R> = { ok: true; record: R } | { ok: false; errors: FieldError[] };

/**
 * A drawer operation or a payout is a few short fields: 16 KB of JSON leaves room for fields
 * the contract does not name (kept, as tickets keep theirs) but not for a padded record.
 */
export const MAX_RECORD_CHARS = 16 * 1024;

/** `version`: a whole number ≥ 1, 1 when absent (the same rule as tickets). */
export const VERSION_RULE = { error: 'must be a whole number ≥ 1' } as const;

/** Reads one record's JSON text: its size, then JSON, then the schema, then `finish` (arithmetic). */
export function parseRecordText<S extends z.ZodType, R>(raw: string, noun: string, schema: S,
  finish: (input: z.output<S>) => RecordParse<R>): RecordParse<R> {
  if (raw.length > MAX_RECORD_CHARS) {
    return { ok: false, errors: [{ path: '', message: `the ${noun} is ${raw.length} characters of JSON; a ${noun} may be at most ${MAX_RECORD_CHARS}` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
    return { ok: false, errors: [{ path: '', message: `a ${noun} must be a JSON object, got ${got}` }] };
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((i) => ({ path: formatPath(i.path), message: withValue(i.message, valueAt(value, i.path)) })) };
  }
  return finish(result.data);
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let at: unknown = input;
  for (const key of path) at = at !== null && typeof at === 'object' && Object.hasOwn(at, key) ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

/** The message, with the value sent when the message does not quote it already (long values cut). */
function withValue(message: string, value: unknown): string {
  if (value === undefined) return message;
  const json = JSON.stringify(value) ?? String(value);
  const shown = json.length > 80 ? `${json.slice(0, 79)}…` : json;
  return message.includes(shown) || (typeof value === 'string' && message.includes(`"${value}"`)) ? message : `${message} (got ${shown})`;
}
