/**
 * A payout's fate (records-format.md, "How they post"; issue 15 item 3): its states, the named
 * moves between them, and what each outcome of a run makes of it: the same UnitTable shape as
 * tickets and summary days. The store writes a payout's state only through these rows
 * (store/payout-posting.ts, store/payouts.ts).
 *
 * - pending: waiting to be posted (new, a higher version, a transient failure, a repost, its
 *   processor not turned on yet).
 * - posting: a run has claimed it and may have a write in flight (a dead run leaves it so: the
 *   next run looks its Deposit up before writing).
 * - posted: QuickBooks holds its Deposit at the version posted.
 * - skipped: QuickBooks refused it (a closed period, another refusal), with the reason.
 * - changed: its Deposit was edited or deleted in QuickBooks; never overwritten until "Repost this payout".
 */
import type { ConditionalMove, UnitTable } from './outcome-table.js';

export const PAYOUT_STATES = ['pending', 'posting', 'posted', 'skipped', 'changed'] as const;
export type PayoutState = (typeof PAYOUT_STATES)[number];

export type PayoutMove = 'claim' | 'wait' | 'repost';

/** What a run ends with for one payout it claimed. */
export type PayoutOutcome =
  | 'posted' // QuickBooks holds its Deposit at the version the run wrote
  | 'superseded' // posted, but a higher version arrived while the run held it: rewritten by the next run
  | 'refused' // QuickBooks refused the Deposit (validation)
  | 'closed-period' // 6210: the arrival date falls in a closed period
  | 'changed-in-qbo' // its Deposit was edited or deleted in QuickBooks
  | 'transient' // throttled, server error, network failure, timeout
  | 'connection-lost' // invalid_grant, revoked
  | 'quota-blocked'; // Intuit's monthly read quota is used up

export type PayoutVersionCondition = 'always';

/** What a higher version of a stored payout does to it: the first row whose `from` holds decides. */
export const ON_PAYOUT_VERSION: readonly ConditionalMove<PayoutState, PayoutVersionCondition>[] = [
  { from: ['changed'], when: 'always', to: 'changed', why: 'a Deposit changed in QuickBooks stays flagged until someone reposts it' },
  { from: ['pending', 'posting', 'posted', 'skipped'], when: 'always', to: 'pending', why: 'the next run rewrites its Deposit in place (or creates it)' },
];

export const PAYOUT_TABLE: UnitTable<PayoutState, PayoutMove, PayoutOutcome> = {
  unit: 'payout',
  states: PAYOUT_STATES,
  held: 'posting',
  moves: {
    claim: { from: ['pending', 'posting'], to: 'posting', why: 'a run takes it (one left posting by a dead run is an orphan: its Deposit is looked up first)' },
    wait: { from: ['pending'], to: 'pending', why: 'payouts are not turned on for its processor: it waits, saying why' },
    repost: { from: ['skipped', 'changed'], to: 'pending', why: '"Repost this payout": a changed Deposit is rewritten with the payout\'s figures' },
  },
  outcomes: {
    posted: { next: 'posted', stopsRun: false, error: null, why: 'QuickBooks holds its Deposit' },
    superseded: { next: 'pending', stopsRun: false, error: null, why: 'a higher version arrived meanwhile: the next run rewrites the Deposit in place' },
    refused: { next: 'skipped', stopsRun: false, error: 'validation', why: 'QuickBooks refused the Deposit: the error says why' },
    'closed-period': { next: 'skipped', stopsRun: false, error: 'validation', why: 'the books are closed for its arrival date' },
    'changed-in-qbo': { next: 'changed', stopsRun: false, error: 'validation', why: 'its Deposit was changed or deleted in QuickBooks: never overwritten' },
    transient: { next: 'pending', stopsRun: false, error: 'transient', why: 'QuickBooks was busy or out of reach: the next run retries' },
    'connection-lost': { next: 'pending', stopsRun: true, error: 'connection', why: 'the connection needs a reconnect; nothing is lost meanwhile' },
    'quota-blocked': { next: 'pending', stopsRun: true, error: 'quota', why: 'QuickBooks refuses reads until its monthly quota is lifted' },
  },
  onNewVersion: ON_PAYOUT_VERSION,
};
