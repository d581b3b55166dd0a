/**
 * What a failure means for the ticket it hit: the one place that reads a QuickBooks error (or
 * anything else thrown) and names its outcome in the ticket outcome table (domain/
 * ticket-outcomes.ts), where the next state, whether the run stops and the error's kind live.
 *
 * Two meanings are not final outcomes: a stale SyncToken (5010) is retried with a fresh one
 * (page.ts), and a missing set-up record (610/2500) makes the run Initialize again once and
 * retry; each becomes `refused` / `setup-missing` only if it happens again.
 */
import { isQboError } from '../../qbo/index.js';
import type { QboError } from '../../qbo/index.js';
import type { TicketOutcome } from '../../domain/ticket-outcomes.js';

export type FailureMeaning = 'connection-lost' | 'quota-blocked' | 'setup-missing' | 'stale' | 'refused' | 'transient' | 'unexpected';

export function meaningOf(err: unknown): FailureMeaning {
  if (!isQboError(err)) return 'unexpected';
  if (err.code === 'QBO_RECONNECT_NEEDED' || err.code === 'QBO_AUTH') return 'connection-lost';
  // Not a throttle: waiting a minute does not lift it, so the run pauses (tickets stay pending).
  if (err.code === 'QBO_QUOTA_EXCEEDED') return 'quota-blocked';
  if (isSetupFault(err)) return 'setup-missing';
  if (err.code === 'QBO_STALE_OBJECT') return 'stale';
  if (err.code === 'QBO_VALIDATION') return 'refused';
  return 'transient';
}

/** The ticket's outcome when the failure is final for this run. */
export function outcomeOf(err: unknown): TicketOutcome {
  const meaning = meaningOf(err);
  return meaning === 'stale' ? 'refused' : meaning;
}

/** A referenced record is missing or inactive: for a void or delete, the document itself is gone. */
export function isSetupFault(err: QboError): boolean {
  return err.code === 'QBO_NOT_FOUND' || (err.code === 'QBO_VALIDATION' && (err.qboCode === '610' || err.qboCode === '2500'));
}
