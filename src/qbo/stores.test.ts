import { describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import { makeMemoryStateStore } from './oauth-state-store.js';
import { makeMemoryTokenStore, TokenVersionConflictError } from './token-store.js';

const set = { accessToken: 'a', refreshToken: 'r', accessExpiresAt: 1, refreshExpiresAt: null };

describe('memory token store', () => {
  it('bumps the version on each save and refuses a stale expected version', async () => {
    const store = makeMemoryTokenStore();
    expect(await store.load()).toBeNull();
    expect((await store.save(set, 0)).version).toBe(1);
    expect((await store.save({ ...set, accessToken: 'b' }, 1)).version).toBe(2);
    await expect(store.save(set, 1)).rejects.toBeInstanceOf(TokenVersionConflictError);
  });

  it('runs refresh-lock sections one at a time, even when one fails', async () => {
    const store = makeMemoryTokenStore(set);
    const order: string[] = [];
    const slow = store.withRefreshLock(async () => {
      order.push('a-start');
      await new Promise((r) => setTimeout(r, 5));
      order.push('a-end');
      throw new Error('a failed');
    });
    const next = store.withRefreshLock(async () => { order.push('b'); return 2; });
    await expect(slow).rejects.toThrow('a failed');
    expect(await next).toBe(2);
    expect(order).toEqual(['a-start', 'a-end', 'b']);
  });

  it('forgets the tokens when a reconnect is needed, until the next save', async () => {
    const store = makeMemoryTokenStore(set);
    await store.markReconnectNeeded('invalid_grant');
    expect(await store.load()).toBeNull();
    expect(store.reconnectReason()).toBe('invalid_grant');
    await store.save(set, 0);
    expect(store.reconnectReason()).toBeNull();
  });
});

describe('memory OAuth state store', () => {
  it('returns a state\'s data once, then null', async () => {
    const clock = makeManualClock();
    const states = makeMemoryStateStore({ clock });
    await states.put('s1', { returnTo: '/x' }, clock.now() + 600_000);
    expect(await states.take('s1')).toEqual({ data: { returnTo: '/x' } });
    expect(await states.take('s1')).toBeNull();
    expect(await states.take('never-issued')).toBeNull();
  });

  it('hands a bound state only to the same binding, and leaves it for its starter otherwise', async () => {
    const clock = makeManualClock();
    const states = makeMemoryStateStore({ clock });
    await states.put('s1', { tenant: 'b' }, clock.now() + 600_000, 'session-b');
    expect(await states.take('s1', 'session-a')).toBe('elsewhere');
    expect(await states.take('s1')).toBe('elsewhere');
    expect(await states.take('s1', 'session-b')).toEqual({ data: { tenant: 'b' } });
    expect(await states.take('s1', 'session-b')).toBeNull();
  });

  it('returns null for an expired state', async () => {
    const clock = makeManualClock();
    const states = makeMemoryStateStore({ clock });
    await states.put('s1', {}, clock.now() + 600_000);
    await clock.advance(600_000);
    expect(await states.take('s1')).toBeNull();
  });
});
