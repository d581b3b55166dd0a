/**
 * A QuickBooks connection's OAuth tokens at rest: sealed (AES-256-GCM, token-crypto.ts) in
 * its row, versioned, and refreshed under a lock that holds across processes. The store keeps
 * them as an opaque JSON value: their shape is the QuickBooks client's (qbo/token-store.ts),
 * checked by the adapter in sync/connection-tokens.ts.
 *
 * - save is a compare-and-swap on token_version: two refreshes can never both win.
 * - the refresh lock is a PostgreSQL advisory lock held on a connection of its own for the
 *   duration (load/save inside use other pool connections, so nothing waits on itself).
 *   Embedded PGlite lives in one process, where a promise chain is the whole truth.
 */
import { sql } from 'kysely';
import type { Database, Db } from './db.js';
import type { TokenCipher } from './token-crypto.js';

// First half of the two-key advisory lock: "tillbooks token refresh". The second is the connection id.
const REFRESH_LOCK_CLASS = 730_199_402;

const localLocks = new Map<string, Promise<unknown>>();
const contextOf = (connectionId: number) => `qbo_connections:${connectionId}`;

/** The connection's tokens and their version; null while it is not connected. */
export async function loadSealedTokens(db: Db, cipher: TokenCipher, connectionId: number): Promise<{ value: unknown; version: number } | null> {
  const row = await db.selectFrom('qbo_connections').select(['tokens_enc', 'token_version', 'status'])
    .where('id', '=', connectionId).executeTakeFirst();
  if (!row || row.status !== 'connected' || !row.tokens_enc) return null;
  return { value: JSON.parse(cipher.open(row.tokens_enc, contextOf(connectionId))) as unknown, version: row.token_version };
}

/** Saves new tokens if the stored version is still `expectedVersion`; returns the new version, or null when another writer won. */
export async function saveSealedTokens(db: Db, cipher: TokenCipher, connectionId: number, value: unknown, expectedVersion: number): Promise<number | null> {
  const row = await db.updateTable('qbo_connections')
    .set((eb) => ({
      tokens_enc: cipher.seal(JSON.stringify(value), contextOf(connectionId)),
      token_version: eb('token_version', '+', 1),
      status: 'connected',
      status_reason: null,
      updated_at: new Date(),
    }))
    .where('id', '=', connectionId).where('token_version', '=', expectedVersion)
    .returning('token_version').executeTakeFirst();
  return row?.token_version ?? null;
}

/** Runs `fn` holding the connection's refresh lock, exclusive across processes. */
export function withTokenRefreshLock<T>(database: Database, connectionId: number, fn: () => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return withLocalLock(`${connectionId}`, fn);
  return database.db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${REFRESH_LOCK_CLASS}, ${connectionId})`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`SELECT pg_advisory_unlock(${REFRESH_LOCK_CLASS}, ${connectionId})`.execute(conn);
    }
  });
}

export async function markReconnectNeeded(db: Db, connectionId: number, reason: string): Promise<void> {
  await db.updateTable('qbo_connections')
    .set({ status: 'reconnect_needed', status_reason: reason.slice(0, 500), updated_at: new Date() })
    .where('id', '=', connectionId).where('status', '=', 'connected').execute();
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
