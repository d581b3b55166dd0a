/** Fault switches: validated, merged per company over the '*' defaults. */
import type { Faults } from './types.js';
import { NO_FAULTS } from './types.js';
import { parseSettings, switchKind } from './settings-object.js';
import type { FieldKind } from './settings-object.js';

const RATES = ['serverErrorRate', 'resetBeforeWriteRate', 'resetAfterCommitRate', 'throttleRate'] as const;
const DURATIONS = ['latencyMs', 'latencyJitterMs', 'latencyPerItemMs'] as const;
const SWITCHES = ['expireAccessTokens', 'invalidGrantOnRefresh', 'disconnected'] as const;

const FAULT_KINDS: FieldKind[] = [
  { keys: RATES, ok: (v) => typeof v === 'number' && v >= 0 && v <= 1, must: 'a number from 0 to 1' },
  { keys: DURATIONS, ok: (v) => typeof v === 'number' && v >= 0, must: 'a number of milliseconds >= 0' },
  switchKind(SWITCHES),
];

/** Checks a Partial<Faults> from outside (e.g. an HTTP body); throws a TypeError naming the bad field. */
export function parseFaults(input: unknown): Partial<Faults> {
  return parseSettings<Faults>(input, 'faults', 'fault', FAULT_KINDS);
}

export function effectiveFaults(global: Partial<Faults>, company: Partial<Faults> | undefined): Faults {
  return { ...NO_FAULTS, ...global, ...(company ?? {}) };
}
