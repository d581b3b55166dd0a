/**
 * A ticket's sync state, and the only moves allowed between states. Anything else is a bug
 * and is refused (architecture practice 4).
 *
 * - pending: waiting to be brought in line with QuickBooks (new, edited, voided after
 *   posting, resynced, or a transient failure).
 * - posting: a run has claimed it and may have writes in flight.
 * - posted: QuickBooks holds exactly the documents of `posted_version`.
 * - skipped: QuickBooks refused it; the error says why. Resync puts it back to pending.
 * - void: voided by the POS and nothing of it is left live in QuickBooks.
 */
export const SYNC_STATES = ['pending', 'posting', 'posted', 'skipped', 'void'] as const;
export type SyncState = (typeof SYNC_STATES)[number];

export const SYNC_TRANSITIONS: Readonly<Record<SyncState, readonly SyncState[]>> = {
  pending: ['posting', 'void', 'skipped'],
  posting: ['posted', 'skipped', 'pending', 'void'],
  posted: ['pending'],
  skipped: ['pending', 'void'],
  void: ['pending'],
};

export function canTransition(from: SyncState, to: SyncState): boolean {
  return SYNC_TRANSITIONS[from].includes(to);
}

export function isSyncState(value: string): value is SyncState {
  return (SYNC_STATES as readonly string[]).includes(value);
}

export class IllegalTransitionError extends Error {
  constructor(readonly from: SyncState, readonly to: SyncState, readonly ticket: string) {
    super(`ticket ${ticket}: sync state ${from} → ${to} is not allowed`);
    this.name = 'IllegalTransitionError';
  }
}

export function assertTransition(from: SyncState, to: SyncState, ticket: string): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to, ticket);
}

/**
 * The state a stored ticket takes when a higher version arrives (ticket-format, "Identity
 * and edits"). A run that holds it (`posting`) settles it itself: it compares the version it
 * posted with the one stored when it finishes.
 */
export function stateAfterNewVersion(current: SyncState, postedVersion: number | null, status: 'closed' | 'voided'): SyncState {
  if (current === 'posting') return 'posting';
  if (status === 'voided' && postedVersion === null && current !== 'posted') return 'void';
  return 'pending';
}

/** The state of a ticket seen for the first time. */
export function initialState(status: 'closed' | 'voided'): SyncState {
  return status === 'voided' ? 'void' : 'pending';
}
