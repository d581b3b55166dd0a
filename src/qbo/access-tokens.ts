/**
 * Hands out a valid access token, refreshing it when it is expired (or within `skewMs` of it)
 * or when QuickBooks answered 401.
 *
 * A refresh happens once at a time per connection:
 *  - in this process, callers that need a refresh at the same moment share one promise
 *    (keyed by the TokenStore object, so clients sharing a store share the flight);
 *  - across processes, the refresh runs inside `tokens.withRefreshLock`, and inside it the
 *    tokens are re-loaded first: if another process refreshed meanwhile, its tokens are used
 *    and no refresh is made (refresh tokens rotate; refreshing twice burns one).
 * The new tokens are saved before the new access token is used, so a crash right after a
 * refresh never loses the only valid refresh token. invalid_grant marks the connection
 * "reconnect needed" in the store and surfaces as QboReconnectNeededError.
 */
import type { Clock } from '../lib/clock.js';
import { QboError, QboReconnectNeededError } from './errors.js';
import type { StoredTokens, TokenSet, TokenStore } from './token-store.js';

export interface TokenRefresher {
  refresh(refreshToken: string): Promise<TokenSet>;
}

export interface AccessTokens {
  /** A token that is not about to expire. */
  current(): Promise<string>;
  /** QuickBooks refused `rejected`: get a newer one (refreshing unless someone already did). */
  afterRejection(rejected: string): Promise<string>;
}

export interface AccessTokensOptions {
  tokens: TokenStore;
  oauth: TokenRefresher;
  clock: Clock;
  /** Refresh this long before expiry, so a token never expires in flight. Default 60 000 ms. */
  skewMs?: number;
}

// In-process single flight, per store object.
const flights = new WeakMap<TokenStore, Promise<StoredTokens>>();

export function makeAccessTokens(opts: AccessTokensOptions): AccessTokens {
  const { tokens, clock } = opts;
  const skew = opts.skewMs ?? 60_000;
  let cached: StoredTokens | null = null;
  // Many requests start at once (a batch of creates): they share one load of the store.
  let loading: Promise<StoredTokens | null> | null = null;
  const load = () => (loading ??= tokens.load().finally(() => { loading = null; }));
  const fresh = (t: StoredTokens) => t.accessExpiresAt - skew > clock.now();

  const refreshOnce = (stale: string | null): Promise<StoredTokens> => {
    const running = flights.get(tokens);
    if (running) return running;
    const flight = tokens.withRefreshLock(() => refreshLocked(opts, stale, fresh))
      .finally(() => flights.delete(tokens));
    flights.set(tokens, flight);
    return flight;
  };

  const use = (t: StoredTokens) => {
    cached = t;
    return t.accessToken;
  };
  // After a failed refresh the cached token is known bad: the next request must ask the
  // store again (and learn "reconnect needed") instead of sending it once more.
  const refreshed = (stale: string | null) => refreshOnce(stale).catch((err: unknown) => {
    cached = null;
    throw err;
  });

  return {
    async current() {
      if (cached && fresh(cached)) return cached.accessToken;
      const loaded = await load();
      if (!loaded) throw reconnectNeeded('no tokens stored for this company');
      if (fresh(loaded)) return use(loaded);
      return use(await refreshed(loaded.accessToken));
    },
    async afterRejection(rejected) {
      return use(await refreshed(rejected));
    },
  };
}

async function refreshLocked(
  opts: AccessTokensOptions, stale: string | null, fresh: (t: StoredTokens) => boolean,
): Promise<StoredTokens> {
  const current = await opts.tokens.load();
  if (!current) throw reconnectNeeded('no tokens stored for this company');
  // Someone else (another process, or an earlier flight here) refreshed already.
  if (current.accessToken !== stale && fresh(current)) return current;
  let next: TokenSet;
  try {
    next = await opts.oauth.refresh(current.refreshToken);
  } catch (err) {
    if (err instanceof QboError && err.code === 'QBO_RECONNECT_NEEDED') {
      await opts.tokens.markReconnectNeeded(err.message);
    }
    throw err;
  }
  return opts.tokens.save(next, current.version);
}

function reconnectNeeded(message: string): QboReconnectNeededError {
  return new QboReconnectNeededError({ message });
}
