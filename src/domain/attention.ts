/**
 * Tickets that need a person (issue 18): skipped ones, and pending ones held back by something
 * no run fixes on its own (a mapped record gone, the read quota used up, a lost connection).
 * A pending ticket with a transient error only waits for the next run, so it is not counted.
 * The kind is the stored error's kind (domain/sync-error.ts); the words and the action for
 * each are the back office's (web/pages/attention-words.ts).
 */
import type { ErrorKind } from './outcome-table.js';

export const ATTENTION_KINDS = ['validation', 'setup', 'mapping', 'connection', 'quota'] as const satisfies readonly ErrorKind[];
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

export function isAttentionKind(value: string): value is AttentionKind {
  return (ATTENTION_KINDS as readonly string[]).includes(value);
}

/** Why a ticket in this state with this error kind needs a person; null when it does not (the store's filter is the same rule in SQL). */
export function attentionOf(state: string, errorKind: string | undefined): AttentionKind | null {
  return (state === 'skipped' || state === 'pending') && errorKind !== undefined && isAttentionKind(errorKind) ? errorKind : null;
}
