import { describe, expect, it } from 'vitest';
import { makeManualClock } from '../lib/clock.js';
import { makeAccessTokens } from './access-tokens.js';
import type { TokenRefresher } from './access-tokens.js';
import { QboNetworkError, QboReconnectNeededError } from './errors.js';
import { makeMemoryTokenStore } from './token-store.js';
import type { TokenSet } from './token-store.js';

const HOUR = 3_600_000;

/** An in-process token endpoint with rotating refresh tokens: an old refresh token is refused. */
function makeRotatingRefresher(clock: { now(): number }, first: string) {
  let valid = first;
  let calls = 0;
  const refresher: TokenRefresher & { calls(): number } = {
    async refresh(refreshToken) {
      calls += 1;
      await new Promise((r) => setImmediate(r)); // an exchange takes a while: let callers pile up
      if (refreshToken !== valid) throw new QboReconnectNeededError({ status: 400, oauthError: 'invalid_grant', message: 'invalid_grant' });
      valid = `rt-${calls + 1}`;
      return { accessToken: `at-${calls + 1}`, refreshToken: valid, accessExpiresAt: clock.now() + HOUR, refreshExpiresAt: null };
    },
    calls: () => calls,
  };
  return refresher;
}

function tokens(clock: { now(): number }, expiresIn = HOUR): TokenSet {
  return { accessToken: 'at-1', refreshToken: 'rt-1', accessExpiresAt: clock.now() + expiresIn, refreshExpiresAt: null };
}

describe('access tokens', () => {
  it('uses the stored token while it is valid, without refreshing', async () => {
    const clock = makeManualClock();
    const store = makeMemoryTokenStore(tokens(clock));
    const oauth = makeRotatingRefresher(clock, 'rt-1');
    const access = makeAccessTokens({ tokens: store, oauth, clock });
    expect(await access.current()).toBe('at-1');
    expect(oauth.calls()).toBe(0);
  });

  it('refreshes within 60 s of expiry, and saves the new refresh token before handing out the access token', async () => {
    const clock = makeManualClock();
    const store = makeMemoryTokenStore(tokens(clock, 59_000));
    const oauth = makeRotatingRefresher(clock, 'rt-1');
    const access = makeAccessTokens({ tokens: store, oauth, clock });
    const token = await access.current();
    expect(token).toBe('at-2');
    expect(await store.load()).toMatchObject({ accessToken: 'at-2', refreshToken: 'rt-2', version: 2 });
    expect(oauth.calls()).toBe(1);
  });

  it('two concurrent callers hitting expiry at the same moment make one refresh, and both carry on', async () => {
    const clock = makeManualClock();
    const store = makeMemoryTokenStore(tokens(clock));
    const oauth = makeRotatingRefresher(clock, 'rt-1');
    // Two clients of the same company, each with its own AccessTokens, sharing the store.
    const a = makeAccessTokens({ tokens: store, oauth, clock });
    const b = makeAccessTokens({ tokens: store, oauth, clock });
    expect(await a.current()).toBe('at-1');
    await clock.advance(HOUR);
    const [ta, tb] = await Promise.all([a.current(), b.current()]);
    expect([ta, tb]).toEqual(['at-2', 'at-2']);
    expect(oauth.calls()).toBe(1);
    expect(store.saveCount()).toBe(1);
  });

  it('two callers with separate in-process flights (as two processes) still refresh once, thanks to the lock and the re-load', async () => {
    const clock = makeManualClock();
    const shared = makeMemoryTokenStore(tokens(clock));
    // Different store objects over the same data defeat the in-process single flight, like
    // two processes would; only withRefreshLock + re-load inside it keep them to one refresh.
    const viewA = { ...shared };
    const viewB = { ...shared };
    const oauth = makeRotatingRefresher(clock, 'rt-1');
    const a = makeAccessTokens({ tokens: viewA, oauth, clock });
    const b = makeAccessTokens({ tokens: viewB, oauth, clock });
    await clock.advance(HOUR);
    const [ta, tb] = await Promise.all([a.current(), b.current()]);
    expect([ta, tb]).toEqual(['at-2', 'at-2']);
    expect(oauth.calls()).toBe(1);
  });

  it('after a 401 uses a token another process saved meanwhile instead of refreshing', async () => {
    const clock = makeManualClock();
    const store = makeMemoryTokenStore(tokens(clock));
    const oauth = makeRotatingRefresher(clock, 'rt-9');
    const access = makeAccessTokens({ tokens: store, oauth, clock });
    expect(await access.current()).toBe('at-1');
    await store.save({ accessToken: 'at-other', refreshToken: 'rt-9', accessExpiresAt: clock.now() + HOUR, refreshExpiresAt: null }, 1);
    expect(await access.afterRejection('at-1')).toBe('at-other');
    expect(oauth.calls()).toBe(0);
  });

  it('after a 401 of the current token refreshes even though it has not expired', async () => {
    const clock = makeManualClock();
    const store = makeMemoryTokenStore(tokens(clock));
    const oauth = makeRotatingRefresher(clock, 'rt-1');
    const access = makeAccessTokens({ tokens: store, oauth, clock });
    expect(await access.afterRejection('at-1')).toBe('at-2');
    expect(oauth.calls()).toBe(1);
  });

  it('invalid_grant marks the connection "reconnect needed" and is not tried again', async () => {
    const clock = makeManualClock();
    const store = makeMemoryTokenStore(tokens(clock, 0));
    const oauth = makeRotatingRefresher(clock, 'rt-other');
    const access = makeAccessTokens({ tokens: store, oauth, clock });
    await expect(access.current()).rejects.toMatchObject({ code: 'QBO_RECONNECT_NEEDED' });
    expect(store.reconnectReason()).toMatch(/invalid_grant/);
    await expect(access.current()).rejects.toBeInstanceOf(QboReconnectNeededError);
    expect(oauth.calls()).toBe(1);
  });

  it('a network failure during refresh is passed on and leaves the stored tokens alone', async () => {
    const clock = makeManualClock();
    const store = makeMemoryTokenStore(tokens(clock, 0));
    const access = makeAccessTokens({ tokens: store, clock, oauth: {
      refresh: async () => { throw new QboNetworkError({ outcomeUnknown: true }); },
    } });
    await expect(access.current()).rejects.toMatchObject({ code: 'QBO_NETWORK' });
    expect(store.reconnectReason()).toBeNull();
    expect(await store.load()).toMatchObject({ refreshToken: 'rt-1', version: 1 });
  });
});
