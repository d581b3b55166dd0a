/**
 * A summary day's fate (summary-rules §2, §4, §6): its states, the named moves between them,
 * and what each outcome of a run makes of it. The store writes a day's state only through
 * these rows (store/day-moves.ts), as it does for tickets.
 *
 * - open: the day is not over in the location's time zone; its totals keep running.
 * - ready: over, waiting to be posted (first time, after a resync, a repost or a dead run).
 * - posting: a run has claimed it and may have writes in flight.
 * - posted: QuickBooks holds the documents of its current revision ("posted r2").
 * - out-of-date: posted, then a late ticket, an edit or a void arrived: the next run rewrites it in place.
 * - skipped: QuickBooks refused it (a closed period: the error carries the difference it would make).
 * - changed-in-qbo: someone changed or deleted its document in QuickBooks; never overwritten until "Repost this day".
 */
import type { ConditionalMove, UnitTable } from './outcome-table.js';

export const DAY_STATES = ['open', 'ready', 'posting', 'posted', 'out-of-date', 'skipped', 'changed-in-qbo'] as const;
export type DayState = (typeof DAY_STATES)[number];

export type DayMove = 'close' | 'claim' | 'release' | 'resync' | 'repost' | 'mark-out-of-date' | 'undo' | 'drift';

/** What a run ends with for one day. */
export type DayOutcome =
  | 'posted' // QuickBooks holds the day's documents at the revision the run wrote (or the day has none to hold)
  | 'refused' // QuickBooks refused a document (validation 2xxx/6xxx)
  | 'closed-period' // 6210: the day falls in a closed period; skipped with the difference it would make
  | 'unmappable' // the day's tickets cannot be written as a summary
  | 'setup-missing' // a set-up record was missing or inactive (610/2500)
  | 'changed-in-qbo' // a stale SyncToken (5010) or a missing document on rewrite: the accountant's work is not overwritten
  | 'transient' // throttled, server error, network failure, timeout
  | 'connection-lost' // invalid_grant, revoked
  | 'quota-blocked' // Intuit's monthly read quota is used up
  | 'edited' // a ticket of the day was written while the run held it
  | 'undone' // undo of a range: its documents deleted, the day waits to be posted again
  | 'withheld' // undo of a range, "not to be posted": its documents deleted, the day skipped until resynced
  | 'unexpected'; // a bug: logged, the day waits

/** What a ticket written for the day (late, edited, voided) does to it: the first row whose `from` holds decides. */
export type DayInputCondition = 'always';

const KEEPS: readonly DayState[] = ['open', 'ready', 'out-of-date', 'skipped', 'changed-in-qbo'];

export const ON_DAY_INPUT: readonly ConditionalMove<DayState, DayInputCondition>[] = [
  { from: ['posting'], when: 'always', to: 'posting', why: 'the run holding it compares the day\'s input count when it settles it' },
  { from: ['posted'], when: 'always', to: 'out-of-date', why: 'a late ticket, an edit or a void after posting: the next run rewrites the day in place' },
  ...KEEPS.map((s) => ({ from: [s], when: 'always' as const, to: s, why: 'the day is posted, resynced or reposted from its tickets as they are then' })),
];

export const DAY_TABLE: UnitTable<DayState, DayMove, DayOutcome> = {
  unit: 'day',
  states: DAY_STATES,
  held: 'posting',
  moves: {
    close: { from: ['open'], to: 'ready', why: 'the day is over in the location\'s time zone' },
    claim: { from: ['ready', 'out-of-date'], to: 'posting', why: 'a run takes it' },
    release: { from: ['posting'], to: 'ready', why: 'the run holding it died; the next run looks its documents up before writing' },
    resync: { from: ['skipped'], to: 'ready', why: '"Resync" (e.g. once the books are reopened)' },
    repost: { from: ['changed-in-qbo'], to: 'ready', why: '"Repost this day": the POS totals replace what was changed in QuickBooks' },
    'mark-out-of-date': { from: ['posted'], to: 'out-of-date', why: 'a late ticket, an edit or a void after posting' },
    undo: { from: ['ready', 'posted', 'out-of-date', 'skipped', 'changed-in-qbo'], to: 'posting', why: 'undo of a range: an undo run takes it to delete its documents' },
    drift: { from: ['posted', 'out-of-date'], to: 'changed-in-qbo', why: 'a document of it was edited, voided or deleted in QuickBooks (webhook or the daily CDC read)' },
  },
  outcomes: {
    posted: { next: 'posted', stopsRun: false, error: null, why: 'QuickBooks holds the day\'s documents' },
    refused: { next: 'skipped', stopsRun: false, error: 'validation', why: 'QuickBooks refused a document: the error says why; resync after fixing' },
    'closed-period': { next: 'skipped', stopsRun: false, error: 'validation', why: 'the books are closed for that date: the error says what the rewrite would change; resync once reopened' },
    unmappable: { next: 'skipped', stopsRun: false, error: 'mapping', why: 'the day cannot be written as a summary' },
    'setup-missing': { next: 'skipped', stopsRun: false, error: 'setup', why: 'a set-up record is missing or inactive' },
    'changed-in-qbo': { next: 'changed-in-qbo', stopsRun: false, error: 'validation', why: 'its document was changed or deleted in QuickBooks: "Repost this day" replaces it' },
    transient: { next: 'ready', stopsRun: false, error: 'transient', why: 'QuickBooks was busy or out of reach: the next run retries' },
    'connection-lost': { next: 'ready', stopsRun: true, error: 'connection', why: 'the connection needs a reconnect; nothing is lost meanwhile' },
    'quota-blocked': { next: 'ready', stopsRun: true, error: 'quota', why: 'QuickBooks refuses reads until its monthly quota is lifted' },
    edited: { next: 'out-of-date', stopsRun: false, error: null, why: 'a ticket of the day arrived while the run held it: the next run brings it in line' },
    undone: { next: 'ready', stopsRun: false, error: null, why: 'undo of a range: its documents deleted in QuickBooks, the day is posted again by the next run' },
    withheld: { next: 'skipped', stopsRun: false, error: 'validation', why: 'undo of a range, not to be posted: its documents deleted; "Resync" posts it again' },
    unexpected: { next: 'ready', stopsRun: true, error: 'transient', why: 'an unexpected error (logged): the day waits for the next run' },
  },
  onNewVersion: ON_DAY_INPUT,
};

/** The state a day takes when a ticket of it is written (the same rows the store's statement is built from). */
export function dayStateAfterInput(current: DayState): DayState {
  const rule = ON_DAY_INPUT.find((r) => r.from.includes(current));
  if (!rule) throw new Error(`no input rule for a ${current} day`);
  return rule.to;
}

/** The user's words for a day's state: "open", "ready", "posted r2", "out of date", "skipped: …", "changed in QuickBooks". */
export function dayStateWords(state: DayState, revision: number, reason: string | null): string {
  switch (state) {
    case 'posted': return `posted r${revision}`;
    case 'out-of-date': return 'out of date';
    case 'skipped': return reason ? `skipped: ${reason}` : 'skipped';
    case 'changed-in-qbo': return 'changed in QuickBooks';
    case 'posting': return 'posting';
    default: return state;
  }
}

export function isDayState(value: string): value is DayState {
  return (DAY_STATES as readonly string[]).includes(value);
}
