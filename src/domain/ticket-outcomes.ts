/**
 * A ticket's fate: its sync states, the moves between them, and what each outcome of a run
 * makes of it (posting-rules §6). The store writes a ticket's state only through these rows.
 *
 * - pending: waiting to be brought in line with QuickBooks (new, edited, voided after
 *   posting, resynced, or a transient failure).
 * - posting: a run has claimed it and may have writes in flight.
 * - posted: QuickBooks holds exactly the documents of its posted version.
 * - skipped: QuickBooks (or the mapping) refused it; the error says why. Resync puts it back.
 * - void: voided by the POS and nothing of it is left live in QuickBooks.
 * - changed-in-qbo: posted, then someone edited, voided or deleted one of its documents in
 *   QuickBooks (a webhook or the daily CDC read said so); it waits for the user's choice:
 *   "Repost" (pending, a new attempt epoch) or "Accept as is" (posted, the facts taking
 *   QuickBooks' current SyncToken).
 * - withheld: "not to be posted" - its documents were undone and the user said to leave it out
 *   of QuickBooks (undo of a range, issue 16); "Post again" puts it back to pending.
 */
import type { ConditionalMove, Move, OutcomeRule, UnitTable } from './outcome-table.js';

// ---- Undo and repost of a range (issue 16): kept in one block, beside the moves other work adds. ----

/** "Not to be posted": undone, and left out of QuickBooks until the user posts it again. */
const UNDO_STATES = ['withheld'] as const;
type UndoState = (typeof UNDO_STATES)[number];
type AnyState = 'pending' | 'posting' | 'posted' | 'skipped' | 'void' | 'changed-in-qbo' | UndoState;

export type UndoMove = 'undo' | 'repost' | 'post-again';
/** `undone`: nothing of it is left live, it waits to be posted again; `withheld`: the same, kept out of QuickBooks. */
export type UndoOutcome = 'undone' | 'withheld';

const UNDO_MOVES: Readonly<Record<UndoMove, Move<AnyState>>> = {
  undo: { from: ['pending', 'posted', 'skipped', 'withheld'], to: 'posting', why: '"Undo a range": an undo run takes it to void or delete its documents' },
  repost: { from: ['posted', 'skipped', 'changed-in-qbo'], to: 'pending', why: '"Repost": rewritten from its current version and mapping, in place where the document still exists (a new attempt epoch)' },
  'post-again': { from: ['withheld'], to: 'pending', why: '"Post again" after an undo that kept it out of QuickBooks' },
};

const UNDO_OUTCOMES: Readonly<Record<UndoOutcome, OutcomeRule<AnyState>>> = {
  undone: { next: 'pending', stopsRun: false, error: null, why: 'its documents were voided or deleted by an undo; the next run posts it again' },
  withheld: { next: 'withheld', stopsRun: false, error: null, why: 'its documents were voided or deleted by an undo, and the user said not to post it' },
};

const UNDO_ON_NEW_VERSION: readonly ConditionalMove<AnyState, 'always'>[] = [
  { from: ['withheld'], when: 'always', to: 'withheld', why: 'the user said not to post it: a newer version waits with it' },
];

// ---- end of the undo block ----

export const TICKET_STATES = ['pending', 'posting', 'posted', 'skipped', 'void', 'changed-in-qbo', ...UNDO_STATES] as const;
export type TicketState = (typeof TICKET_STATES)[number];

export type TicketMove = 'claim' | 'release' | 'resync' | 'remap' | 'drift' | 'accept' | UndoMove;

/** What a run ends with for one ticket. */
export type TicketOutcome =
  | 'posted' // QuickBooks holds the documents of the version the run worked on
  | 'voided' // a voided ticket: nothing of it is left live in QuickBooks
  | 'refused' // QuickBooks refused a document (validation 2xxx/6xxx; a stale object beyond retries)
  | 'unmappable' // the ticket cannot be written as QuickBooks documents
  | 'setup-missing' // a set-up record was missing or inactive (610/2500), after Initialize ran again
  | 'mapping-blocked' // a record the accountant mapped to is missing or inactive in QuickBooks: the ticket waits, never posts elsewhere
  | 'transient' // throttled, server error, network failure, timeout
  | 'connection-lost' // invalid_grant, revoked: nothing more can be posted until a reconnect
  | 'quota-blocked' // Intuit's monthly quota of metered reads is used up: reads are refused until it is lifted
  | 'edited' // a newer version arrived while the run held it
  | 'unexpected' // a bug: logged, the ticket waits
  | UndoOutcome;

/**
 * What a newer version does to a stored ticket (ticket-format §5): the
 * first case whose `from` holds the state and whose condition holds decides. The store builds
 * its single atomic statement from these rows.
 */
export type NewVersionCondition = 'always' | 'voided-never-posted';

export const ON_NEW_VERSION: readonly (ConditionalMove<TicketState, NewVersionCondition>)[] = [
  { from: ['posting'], when: 'always', to: 'posting', why: 'the run holding it compares versions when it settles it' },
  { from: ['pending', 'skipped', 'void'], when: 'voided-never-posted', to: 'void', why: 'voided before anything of it was posted' },
  { from: ['pending', 'posted', 'skipped', 'void', 'changed-in-qbo'], when: 'always', to: 'pending', why: 'QuickBooks must be brought in line' },
  ...UNDO_ON_NEW_VERSION,
];

export const TICKET_TABLE: UnitTable<TicketState, TicketMove, TicketOutcome> = {
  unit: 'ticket',
  states: TICKET_STATES,
  held: 'posting',
  moves: {
    claim: { from: ['pending'], to: 'posting', why: 'a run takes it' },
    release: { from: ['posting'], to: 'pending', why: 'the run holding it died; the next run settles what it left in flight' },
    resync: { from: ['skipped'], to: 'pending', why: '"Resync selected tickets"' },
    remap: { from: ['posted'], to: 'pending', why: '"Apply to what is already posted": its documents are rewritten in place under the current mapping' },
    drift: { from: ['posted'], to: 'changed-in-qbo', why: 'a document of it was edited, voided or deleted in QuickBooks (webhook or the daily CDC read)' },
    accept: { from: ['changed-in-qbo'], to: 'posted', why: '"Accept as is": QuickBooks keeps what was changed; the facts take its current SyncToken' },
    ...UNDO_MOVES,
  },
  outcomes: {
    posted: { next: 'posted', stopsRun: false, error: null, why: 'QuickBooks holds its documents' },
    voided: { next: 'void', stopsRun: false, error: null, why: 'nothing of it is left live in QuickBooks' },
    refused: { next: 'skipped', stopsRun: false, error: 'validation', why: 'QuickBooks refused a document: the error says why; resync after fixing' },
    unmappable: { next: 'skipped', stopsRun: false, error: 'mapping', why: 'it cannot be written as QuickBooks documents' },
    'setup-missing': { next: 'skipped', stopsRun: false, error: 'setup', why: 'a set-up record is still missing after Initialize ran again' },
    'mapping-blocked': { next: 'pending', stopsRun: false, error: 'mapping', why: 'a record the mapping names is inactive or gone in QuickBooks: it waits until it is back or mapped elsewhere' },
    transient: { next: 'pending', stopsRun: false, error: 'transient', why: 'QuickBooks was busy or out of reach: the next run retries' },
    'connection-lost': { next: 'pending', stopsRun: true, error: 'connection', why: 'the connection needs a reconnect; nothing is lost meanwhile' },
    'quota-blocked': { next: 'pending', stopsRun: true, error: 'quota', why: 'QuickBooks refuses reads until its monthly quota is lifted (next month, or a higher tier): the run pauses, nothing is lost' },
    edited: { next: 'pending', stopsRun: false, error: null, why: 'a newer version arrived: the next run brings QuickBooks in line' },
    unexpected: { next: 'pending', stopsRun: true, error: 'transient', why: 'an unexpected error (logged): the ticket waits for the next run' },
    ...UNDO_OUTCOMES,
  },
  onNewVersion: ON_NEW_VERSION,
};

/** The state after a newer version arrives (the same rows the store's statement is built from). */
export function stateAfterNewVersion(current: TicketState, postedVersion: number | null, status: 'closed' | 'voided'): TicketState {
  const holds = (when: NewVersionCondition) => when === 'always' || (status === 'voided' && postedVersion === null);
  const rule = ON_NEW_VERSION.find((r) => r.from.includes(current) && holds(r.when));
  if (!rule) throw new Error(`no new-version rule for a ${current} ticket`);
  return rule.to;
}

/** The state of a ticket seen for the first time. */
export function initialState(status: 'closed' | 'voided'): TicketState {
  return status === 'voided' ? 'void' : 'pending';
}

export function isTicketState(value: string): value is TicketState {
  return (TICKET_STATES as readonly string[]).includes(value);
}
