/** Reading QuickBooks' answers back into our terms: amounts to cents, without float arithmetic. */
import { parseMoney } from '../../domain/money.js';
import type { Cents } from '../../domain/money.js';

/** A JSON amount QuickBooks sent (e.g. 12.3) as cents, read through its decimal text. */
export function centsFromWire(value: unknown): Cents {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const parsed = parseMoney(text);
  if (!parsed.ok) throw new RangeError(`QuickBooks amount ${JSON.stringify(value)} is not a 2-decimal amount`);
  return parsed.value;
}

export function stringField(entity: Record<string, unknown>, field: string): string {
  const v = entity[field];
  if (typeof v !== 'string') throw new TypeError(`QuickBooks answered without ${field}`);
  return v;
}
