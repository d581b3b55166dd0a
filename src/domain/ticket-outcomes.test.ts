import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, assertTransition, canTransition, settledState, transitionsOf } from './outcome-table.js';
import { ON_NEW_VERSION, TICKET_STATES, TICKET_TABLE, initialState, stateAfterNewVersion } from './ticket-outcomes.js';
import type { TicketOutcome } from './ticket-outcomes.js';

describe('the ticket outcome table', () => {
  it('allows exactly the moves its rows name', () => {
    const allowed = TICKET_STATES.flatMap((from) => TICKET_STATES.filter((to) => canTransition(TICKET_TABLE, from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'pending→posting', 'pending→void',
      'posting→pending', 'posting→posted', 'posting→skipped', 'posting→void', 'posting→withheld',
      'posted→pending', 'posted→posting', 'posted→changed-in-qbo',
      'skipped→pending', 'skipped→posting', 'skipped→void',
      'void→pending',
      // Changed in QuickBooks: "Repost" (or a newer version), or "Accept as is".
      'changed-in-qbo→pending', 'changed-in-qbo→posted',
      // Undo and repost (issue 16): an undo run takes posted, skipped and withheld tickets; "Post again".
      'withheld→pending', 'withheld→posting',
    ]);
    expect(() => assertTransition(TICKET_TABLE, 'posted', 'skipped', 'l/1')).toThrow(IllegalTransitionError);
    expect(() => assertTransition(TICKET_TABLE, 'posted', 'skipped', 'l/1')).toThrow('ticket l/1: posted → skipped is not a move of the outcome table');
  });

  it('settles each outcome out of posting, and says which ones stop the run', () => {
    const rows = Object.entries(TICKET_TABLE.outcomes).map(([o, r]) => `${o}: ${r.next}${r.stopsRun ? ' (stops the run)' : ''}${r.error ? ` [${r.error}]` : ''}`);
    expect(rows).toEqual([
      'posted: posted', 'voided: void', 'refused: skipped [validation]', 'unmappable: skipped [mapping]',
      'setup-missing: skipped [setup]', 'mapping-blocked: pending [mapping]', 'transient: pending [transient]', 'connection-lost: pending (stops the run) [connection]',
      'quota-blocked: pending (stops the run) [quota]',
      'edited: pending', 'unexpected: pending (stops the run) [transient]',
      'undone: pending', 'withheld: withheld',
    ]);
    for (const outcome of Object.keys(TICKET_TABLE.outcomes) as TicketOutcome[]) {
      expect(transitionsOf(TICKET_TABLE).get('posting')!.has(settledState(TICKET_TABLE, outcome))).toBe(true);
    }
    expect(() => settledState(TICKET_TABLE, 'lost in space' as TicketOutcome)).toThrow(IllegalTransitionError);
  });

  it('a new version sends a ticket back to pending, unless a run holds it or there is nothing to undo', () => {
    expect(stateAfterNewVersion('posted', 1, 'closed')).toBe('pending');
    expect(stateAfterNewVersion('posted', 1, 'voided')).toBe('pending');
    expect(stateAfterNewVersion('skipped', null, 'closed')).toBe('pending');
    expect(stateAfterNewVersion('pending', null, 'voided')).toBe('void');
    expect(stateAfterNewVersion('void', null, 'closed')).toBe('pending');
    expect(stateAfterNewVersion('posting', 1, 'closed')).toBe('posting');
    expect(stateAfterNewVersion('withheld', null, 'closed')).toBe('withheld');
    expect(initialState('closed')).toBe('pending');
    expect(initialState('voided')).toBe('void');
  });

  it('every state a new version leads to is a move of the table, and every state has a rule', () => {
    for (const from of TICKET_STATES) for (const posted of [null, 1]) for (const status of ['closed', 'voided'] as const) {
      const to = stateAfterNewVersion(from, posted, status);
      expect(to === from || canTransition(TICKET_TABLE, from, to)).toBe(true);
    }
    for (const state of TICKET_STATES) expect(ON_NEW_VERSION.some((r) => r.from.includes(state) && r.when === 'always')).toBe(true);
  });
});
