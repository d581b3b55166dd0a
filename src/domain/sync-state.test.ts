import { describe, expect, it } from 'vitest';
import { SYNC_STATES, assertTransition, canTransition, initialState, stateAfterNewVersion } from './sync-state.js';

describe('sync states', () => {
  it('allows exactly the moves of the table', () => {
    const allowed = SYNC_STATES.flatMap((from) => SYNC_STATES.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'pending→posting', 'pending→skipped', 'pending→void',
      'posting→pending', 'posting→posted', 'posting→skipped', 'posting→void',
      'posted→pending',
      'skipped→pending', 'skipped→void',
      'void→pending',
    ].sort((a, b) => SYNC_STATES.indexOf(a.split('→')[0] as never) - SYNC_STATES.indexOf(b.split('→')[0] as never) || SYNC_STATES.indexOf(a.split('→')[1] as never) - SYNC_STATES.indexOf(b.split('→')[1] as never)));
    expect(() => assertTransition('posted', 'skipped', 'l/1')).toThrow('posted → skipped is not allowed');
  });

  it('a new version sends a ticket back to pending, unless a run holds it or there is nothing to undo', () => {
    expect(stateAfterNewVersion('posted', 1, 'closed')).toBe('pending');
    expect(stateAfterNewVersion('posted', 1, 'voided')).toBe('pending');
    expect(stateAfterNewVersion('skipped', null, 'closed')).toBe('pending');
    expect(stateAfterNewVersion('pending', null, 'voided')).toBe('void');
    expect(stateAfterNewVersion('void', null, 'closed')).toBe('pending');
    expect(stateAfterNewVersion('posting', 1, 'closed')).toBe('posting');
    expect(initialState('closed')).toBe('pending');
    expect(initialState('voided')).toBe('void');
  });

  it('every state a new version leads to is a legal move', () => {
    for (const from of SYNC_STATES) for (const posted of [null, 1]) for (const status of ['closed', 'voided'] as const) {
      const to = stateAfterNewVersion(from, posted, status);
      expect(to === from || canTransition(from, to)).toBe(true);
    }
  });
});
