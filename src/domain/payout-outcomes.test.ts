/**
 * The payout outcome table (issue 15 item 3) is the only judge of a payout's state changes, as
 * the day and ticket tables are for theirs: each outcome settles a claimed payout in a state of
 * the table, the named moves are moves of the table, and anything else is refused.
 */
import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, assertTransition, transitionsOf } from './outcome-table.js';
import { PAYOUT_STATES, PAYOUT_TABLE } from './payout-outcomes.js';
import { settledPayoutState } from '../store/payout-posting.js';

describe('the payout outcome table', () => {
  it('settles each outcome where the product says, and only the failures carry an error kind', () => {
    const settled = Object.fromEntries(Object.keys(PAYOUT_TABLE.outcomes).map((o) => [o, settledPayoutState(o as keyof typeof PAYOUT_TABLE.outcomes)]));
    expect(settled).toEqual({
      posted: 'posted', superseded: 'pending', refused: 'skipped', 'closed-period': 'skipped', 'changed-in-qbo': 'changed',
      transient: 'pending', 'connection-lost': 'pending', 'quota-blocked': 'pending',
    });
    expect(Object.entries(PAYOUT_TABLE.outcomes).filter(([, r]) => r.error === null).map(([o]) => o)).toEqual(['posted', 'superseded']);
    const stops = Object.entries(PAYOUT_TABLE.outcomes).filter(([, r]) => r.stopsRun).map(([o]) => o);
    expect(stops).toEqual(['connection-lost', 'quota-blocked']);
  });

  it('a posted payout moves only by a higher version; a changed one only by "Repost this payout"', () => {
    const t = transitionsOf(PAYOUT_TABLE);
    expect([...t.get('posted')!]).toEqual(['pending']);
    expect([...t.get('changed')!]).toEqual(['pending']);
    expect(PAYOUT_TABLE.moves.repost.from).toEqual(['skipped', 'changed']);
    expect(() => assertTransition(PAYOUT_TABLE, 'posted', 'changed', 'payout square/po_1')).toThrow(IllegalTransitionError);
    expect(() => assertTransition(PAYOUT_TABLE, 'skipped', 'posted', 'payout square/po_1')).toThrow('payout payout square/po_1: skipped → posted is not a move of the outcome table');
  });

  it('a higher version has a rule for every state', () => {
    for (const s of PAYOUT_STATES) expect(PAYOUT_TABLE.onNewVersion.some((r) => r.from.includes(s)), s).toBe(true);
  });
});
