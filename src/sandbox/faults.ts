/** Fault switches: validated, merged per company over the '*' defaults. */
import type { Faults } from './types.js';
import { NO_FAULTS } from './types.js';

const RATES = ['serverErrorRate', 'resetBeforeWriteRate', 'resetAfterCommitRate', 'throttleRate'] as const;
const DURATIONS = ['latencyMs', 'latencyJitterMs', 'latencyPerItemMs'] as const;
const SWITCHES = ['expireAccessTokens', 'invalidGrantOnRefresh', 'disconnected'] as const;

/** Checks a Partial<Faults> from outside (e.g. an HTTP body); throws a TypeError naming the bad field. */
export function parseFaults(input: unknown): Partial<Faults> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new TypeError('faults must be a JSON object');
  const out: Partial<Faults> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((RATES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new TypeError(`${key} must be a number from 0 to 1`);
    } else if ((DURATIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0)) throw new TypeError(`${key} must be a number of milliseconds >= 0`);
    } else if ((SWITCHES as readonly string[]).includes(key)) {
      if (typeof value !== 'boolean') throw new TypeError(`${key} must be true or false`);
    } else {
      throw new TypeError(`unknown fault ${key}`);
    }
    Object.assign(out, { [key]: value });
  }
  return out;
}

export function effectiveFaults(global: Partial<Faults>, company: Partial<Faults> | undefined): Faults {
  return { ...NO_FAULTS, ...global, ...(company ?? {}) };
}
