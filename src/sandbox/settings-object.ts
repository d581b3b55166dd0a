/**
 * The simulator's settings objects from outside (faults, limits: an HTTP body or a JavaScript
 * caller) are checked the same way: a JSON object of known keys, each of a kind with its own
 * check; a TypeError names the first bad field.
 */

export interface FieldKind {
  keys: readonly string[];
  ok: (value: unknown) => boolean;
  /** What the value must be, for the error ("true or false"). */
  must: string;
}

export const switchKind = (keys: readonly string[]): FieldKind => ({ keys, ok: (v) => typeof v === 'boolean', must: 'true or false' });

/** `what` names the object in errors ("faults"), `one` a field of it ("fault"). */
export function parseSettings<T>(input: unknown, what: string, one: string, kinds: readonly FieldKind[]): Partial<T> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError(`${what} must be a JSON object`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    const kind = kinds.find((k) => k.keys.includes(key));
    if (!kind) throw new TypeError(`unknown ${one} ${key}`);
    if (!kind.ok(value)) throw new TypeError(`${key} must be ${kind.must}`);
    out[key] = value;
  }
  return out as Partial<T>;
}
