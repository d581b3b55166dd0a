/**
 * The QuickBooks client's TokenStore (qbo/token-store.ts) over a connection's row: the store
 * keeps the tokens sealed and versioned (store/connection-tokens.ts); this adapter gives them
 * their shape back, checked when read, and speaks the client's conflict error.
 */
import { z } from 'zod';
import { TokenVersionConflictError } from '../qbo/index.js';
import type { TokenStore } from '../qbo/index.js';
import type { Database } from '../store/index.js';
import { loadSealedTokens, markReconnectNeeded, saveSealedTokens, withTokenRefreshLock } from '../store/connection-tokens.js';
import type { TokenCipher } from '../store/token-crypto.js';

const tokenSetSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessExpiresAt: z.number(),
  refreshExpiresAt: z.number().nullable(),
});

export function makeConnectionTokenStore(database: Database, cipher: TokenCipher, connectionId: number): TokenStore {
  const { db } = database;
  return {
    async load() {
      const sealed = await loadSealedTokens(db, cipher, connectionId);
      if (!sealed) return null;
      const tokens = tokenSetSchema.safeParse(sealed.value);
      // Unreadable tokens are as good as none: the connection needs a reconnect.
      if (!tokens.success) return null;
      return { ...tokens.data, version: sealed.version };
    },
    async save(tokens, expectedVersion) {
      const { accessToken, refreshToken, accessExpiresAt, refreshExpiresAt } = tokens;
      const version = await saveSealedTokens(db, cipher, connectionId, { accessToken, refreshToken, accessExpiresAt, refreshExpiresAt }, expectedVersion);
      if (version === null) throw new TokenVersionConflictError(expectedVersion);
      return { ...tokens, version };
    },
    withRefreshLock: (fn) => withTokenRefreshLock(database, connectionId, fn),
    markReconnectNeeded: (reason) => markReconnectNeeded(db, connectionId, reason),
  };
}
