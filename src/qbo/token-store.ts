/**
 * Where one company's OAuth tokens live. The client never holds tokens of its own: it asks
 * the store, so every process sees the newest refresh token (they rotate, and using an old
 * one ends in invalid_grant). The product's store keeps them encrypted in its database; the
 * in-memory one here serves tests and single-process use.
 */

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms (clock time) after which the access token is refused. */
  accessExpiresAt: number;
  /** Epoch ms after which the refresh token is refused; null when QuickBooks did not say. */
  refreshExpiresAt: number | null;
}

export interface StoredTokens extends TokenSet {
  /** Bumps on each save; `save` refuses a stale expectedVersion. */
  version: number;
}

export interface TokenStore {
  /** null: disconnected / reconnect needed. */
  load(): Promise<StoredTokens | null>;
  /** Exclusive across processes for this connection (the store uses a Postgres row lock or
   *  advisory lock). Inside, re-load first: another process may have refreshed already. */
  withRefreshLock<T>(fn: () => Promise<T>): Promise<T>;
  /** Atomic; persists BEFORE the new access token is used. `expectedVersion` 0 when none is stored. */
  save(tokens: TokenSet, expectedVersion: number): Promise<StoredTokens>;
  markReconnectNeeded(reason: string): Promise<void>;
}

export interface MemoryTokenStore extends TokenStore {
  /** Why the connection needs a reconnect, or null while it is fine. */
  reconnectReason(): string | null;
  /** How many times `save` succeeded. */
  saveCount(): number;
}

export class TokenVersionConflictError extends Error {
  constructor(expected: number, actual?: number) {
    super(`token store version ${actual === undefined ? 'moved on from' : `is ${actual}, expected`} ${expected}: another writer saved first`);
    this.name = 'TokenVersionConflictError';
  }
}

/** In-process TokenStore. The refresh lock is a promise chain: exclusive within this process only. */
export function makeMemoryTokenStore(initial: TokenSet | null = null): MemoryTokenStore {
  let current: StoredTokens | null = initial ? { ...initial, version: 1 } : null;
  let lastVersion = current?.version ?? 0;
  let reason: string | null = null;
  let saves = 0;
  let lockTail: Promise<unknown> = Promise.resolve();

  return {
    load: async () => (current ? { ...current } : null),
    withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
      const run = lockTail.then(() => fn());
      lockTail = run.catch(() => undefined);
      return run;
    },
    async save(tokens, expectedVersion) {
      const actual = current?.version ?? 0;
      if (actual !== expectedVersion) throw new TokenVersionConflictError(expectedVersion, actual);
      lastVersion += 1;
      current = { ...tokens, version: lastVersion };
      reason = null;
      saves += 1;
      return { ...current };
    },
    async markReconnectNeeded(why) {
      current = null;
      reason = why;
    },
    reconnectReason: () => reason,
    saveCount: () => saves,
  };
}
