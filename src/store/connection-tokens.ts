/**
 * The encrypted, cross-process token store of one QuickBooks connection (it fits the
 * client's TokenStore interface; store/ does not import the client, the shapes match).
 *
 * - save is a compare-and-swap on token_version: two refreshes can never both win.
 * - withRefreshLock is exclusive across processes: a PostgreSQL advisory lock held on a
 *   connection of its own for the duration (load/save inside use other pool connections, so
 *   nothing waits on itself). Embedded PGlite lives in one process, where a promise chain
 *   is the whole truth.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './db.js';
import type { DB } from './schema.js';
import type { TokenCipher } from './token-crypto.js';

export interface StoredTokenSet {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number | null;
}

export interface VersionedTokenSet extends StoredTokenSet {
  version: number;
}

export class TokenVersionConflict extends Error {
  constructor(connectionId: number, expected: number) {
    super(`connection ${connectionId}: tokens changed since version ${expected} (another process refreshed first)`);
    this.name = 'TokenVersionConflictError';
  }
}

// First half of the two-key advisory lock: "tillbooks token refresh". The second is the connection id.
const REFRESH_LOCK_CLASS = 730_199_402;

const localLocks = new Map<string, Promise<unknown>>();

export function makeConnectionTokenStore(database: Database, cipher: TokenCipher, connectionId: number) {
  const { db } = database;
  const context = `qbo_connections:${connectionId}`;
  return {
    async load(): Promise<VersionedTokenSet | null> {
      const row = await db.selectFrom('qbo_connections').select(['tokens_enc', 'token_version', 'status'])
        .where('id', '=', connectionId).executeTakeFirst();
      if (!row || row.status !== 'connected' || !row.tokens_enc) return null;
      return { ...(JSON.parse(cipher.open(row.tokens_enc, context)) as StoredTokenSet), version: row.token_version };
    },

    async save(tokens: StoredTokenSet, expectedVersion: number): Promise<VersionedTokenSet> {
      return saveTokens(db, cipher, connectionId, tokens, expectedVersion);
    },

    withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
      if (database.kind === 'pglite') return withLocalLock(`${connectionId}`, fn);
      return db.connection().execute(async (conn) => {
        await sql`SELECT pg_advisory_lock(${REFRESH_LOCK_CLASS}, ${connectionId})`.execute(conn);
        try {
          return await fn();
        } finally {
          await sql`SELECT pg_advisory_unlock(${REFRESH_LOCK_CLASS}, ${connectionId})`.execute(conn);
        }
      });
    },

    async markReconnectNeeded(reason: string): Promise<void> {
      await db.updateTable('qbo_connections')
        .set({ status: 'reconnect_needed', status_reason: reason.slice(0, 500), updated_at: new Date() })
        .where('id', '=', connectionId).where('status', '=', 'connected').execute();
    },
  };
}

export async function saveTokens(db: Kysely<DB>, cipher: TokenCipher, connectionId: number, tokens: StoredTokenSet, expectedVersion: number): Promise<VersionedTokenSet> {
  const plain = JSON.stringify({
    accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
    accessExpiresAt: tokens.accessExpiresAt, refreshExpiresAt: tokens.refreshExpiresAt,
  });
  const row = await db.updateTable('qbo_connections')
    .set((eb) => ({
      tokens_enc: cipher.seal(plain, `qbo_connections:${connectionId}`),
      token_version: eb('token_version', '+', 1),
      status: 'connected',
      status_reason: null,
      updated_at: new Date(),
    }))
    .where('id', '=', connectionId).where('token_version', '=', expectedVersion)
    .returning('token_version').executeTakeFirst();
  if (!row) throw new TokenVersionConflict(connectionId, expectedVersion);
  return { ...tokens, version: row.token_version };
}

function withLocalLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const tail = localLocks.get(key) ?? Promise.resolve();
  const run = tail.then(fn);
  const settled = run.catch(() => undefined);
  localLocks.set(key, settled);
  void settled.then(() => {
    if (localLocks.get(key) === settled) localLocks.delete(key);
  });
  return run;
}
