/**
 * How a failure reads on the Tickets and QuickBooks pages: its kind, QuickBooks' own code and
 * message, and a hint in plain words a store owner can act on (posting-rules §6).
 */
import type { MappingProblem } from '../../mapping/index.js';
import { isQboError } from '../../qbo/index.js';
import type { QboError } from '../../qbo/index.js';
import { TICKET_TABLE } from '../../domain/ticket-outcomes.js';
import type { TicketOutcome } from '../../domain/ticket-outcomes.js';
import type { SyncError } from '../../domain/sync-error.js';
import { outcomeOf } from './classify.js';

/** QuickBooks codes we can explain better than its message does. */
const HINTS: Record<string, string> = {
  '610': 'A record the document uses was deleted or made inactive in QuickBooks. tillbooks runs Initialize again by itself; if this stays, check the QuickBooks page.',
  '2500': 'A record the document uses no longer exists in QuickBooks. tillbooks runs Initialize again by itself; if this stays, check the QuickBooks page.',
  '2010': 'QuickBooks refused a field of the document. This is a tillbooks bug: please report it with the intuit_tid.',
  '2020': 'QuickBooks says a required field is missing. This is a tillbooks bug: please report it with the intuit_tid.',
  '2050': 'A text is longer than QuickBooks allows. This is a tillbooks bug: please report it with the intuit_tid.',
  '5010': 'Someone changed this document in QuickBooks while tillbooks was updating it. Resync the ticket.',
  '6000': 'QuickBooks refused the document for a business rule (see the message). Fix it in QuickBooks, then resync the ticket.',
  '6070': 'QuickBooks found a line whose amount is not quantity × price. This is a tillbooks bug: please report it with the intuit_tid.',
  '6140': 'Another document already has this number. Resync the ticket.',
  '6190': 'The QuickBooks subscription is not active (billing). Fix the subscription in QuickBooks, then resync.',
  '6210': 'The books are closed for this date in QuickBooks. Reopen the period (Account and Settings → Advanced → Close the books) or move the closing date, then resync the ticket.',
  '6240': 'A name is already used by another customer, vendor or employee in QuickBooks. Rename one of them, then run Initialize and resync.',
  '6540': 'The payment was already deposited in QuickBooks and cannot change. Remove it from the deposit, then resync.',
};

const CODE_HINTS: Partial<Record<QboError['code'], string>> = {
  QBO_RATE_LIMIT: 'QuickBooks asked us to slow down. The ticket stays pending and the next run retries it.',
  QBO_QUOTA_EXCEEDED: 'QuickBooks refuses reads: this month\'s quota of metered reads is used up. The ticket stays pending; runs resume once QuickBooks lifts the block (next month, or a higher Intuit tier).',
  QBO_SERVER: 'QuickBooks had a server error. The ticket stays pending and the next run retries it.',
  QBO_NETWORK: 'QuickBooks could not be reached. The ticket stays pending and the next run retries it.',
  QBO_TIMEOUT: 'QuickBooks did not answer in time. tillbooks checks what it did before posting again; the ticket stays pending.',
  QBO_DUPLICATE_REQUEST: 'QuickBooks is still working on an earlier attempt. The ticket stays pending and the next run settles it.',
  QBO_AUTH: 'QuickBooks refused the connection. Reconnect QuickBooks on the QuickBooks page.',
  QBO_RECONNECT_NEEDED: 'The QuickBooks connection was lost. Reconnect QuickBooks on the QuickBooks page; nothing is lost meanwhile.',
  QBO_UNEXPECTED: 'QuickBooks gave an answer tillbooks does not understand. Please report it with the intuit_tid.',
};

/** The error kind the outcome table records for an outcome (a failure always has one). */
function kindOf(outcome: TicketOutcome): SyncError['kind'] {
  return TICKET_TABLE.outcomes[outcome].error ?? 'transient';
}

/** How any failure reads for the ticket it hit, its kind taken from the outcome table. */
export function failureView(err: unknown, at: Date): SyncError {
  const outcome = outcomeOf(err);
  if (outcome === 'connection-lost') return connectionLost((err as Error).message, at);
  if (!isQboError(err)) {
    return { kind: kindOf(outcome), code: 'INTERNAL', message: (err as Error)?.message ?? String(err), hint: 'An unexpected error; it has been logged. The ticket stays pending.', at: at.toISOString() };
  }
  return qboErrorView(err, outcome, at);
}

function qboErrorView(err: QboError, outcome: TicketOutcome, at: Date): SyncError {
  const qboCode = err.qboCode ?? undefined;
  const qboText = [err.qboMessage, err.detail].filter(Boolean).join(': ');
  return {
    kind: kindOf(outcome),
    code: err.code,
    ...(qboCode && { qboCode }),
    message: qboText || err.message,
    hint: (qboCode && HINTS[qboCode]) ?? CODE_HINTS[err.code] ?? 'QuickBooks refused the document. Read the message, fix the cause in QuickBooks, then resync the ticket.',
    ...(err.element && { element: err.element }),
    ...(err.intuitTid && { intuitTid: err.intuitTid }),
    at: at.toISOString(),
  };
}

export function mappingFailureView(problems: readonly MappingProblem[], at: Date): SyncError {
  const first = problems[0];
  return {
    kind: kindOf('unmappable'),
    code: `MAPPING_${(first?.code ?? 'unknown').toUpperCase().replace(/-/g, '_')}`,
    message: problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join('; '),
    hint: first?.code === 'missing-setup'
      ? 'A QuickBooks record this ticket needs is not set up. Run Initialize on the QuickBooks page, then resync.'
      : 'The ticket cannot be written as QuickBooks documents as it is. Correct it in the POS (a new version) or report it.',
    ...(first?.field && { element: first.field }),
    at: at.toISOString(),
  };
}

export function connectionLost(message: string, at: Date): SyncError {
  return { kind: kindOf('connection-lost'), code: 'QBO_RECONNECT_NEEDED', message, hint: CODE_HINTS.QBO_RECONNECT_NEEDED!, at: at.toISOString() };
}
