/** Limit settings from outside (an HTTP body, a JavaScript caller), checked; a TypeError names the bad field. */
import type { LimitOptions } from './types.js';

const COUNTS = ['perMinute', 'concurrent', 'batchPerMinute'] as const;
const FLAGS = ['enabled', 'meterBatchItems'] as const;

export function parseLimits(input: unknown): Partial<LimitOptions> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('limits must be a JSON object');
  const out: Partial<LimitOptions> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((COUNTS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new TypeError(`${key} must be an integer >= 1`);
    } else if ((FLAGS as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new TypeError(`${key} must be true or false`);
    } else {
      throw new TypeError(`unknown limit ${key}`);
    }
    Object.assign(out, { [key]: value });
  }
  return out;
}
