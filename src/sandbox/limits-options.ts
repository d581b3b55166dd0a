/** Limit settings from outside (an HTTP body, a JavaScript caller), checked; a TypeError names the bad field. */
import { parseSettings, switchKind } from './settings-object.js';
import type { FieldKind } from './settings-object.js';
import type { LimitOptions } from './types.js';

const COUNTS = ['perMinute', 'concurrent', 'batchPerMinute'] as const;
const FLAGS = ['enabled', 'meterBatchItems'] as const;

const LIMIT_KINDS: FieldKind[] = [
  { keys: COUNTS, ok: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1, must: 'an integer >= 1' },
  switchKind(FLAGS),
];

export function parseLimits(input: unknown): Partial<LimitOptions> {
  return parseSettings<LimitOptions>(input, 'limits', 'limit', LIMIT_KINDS);
}
