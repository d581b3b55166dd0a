/**
 * OAuth `state` values: single use and short-lived. Only a SHA-256 of the state is kept, and
 * `take` deletes it in the same statement that reads it, so two callbacks with one state
 * cannot both succeed, whichever process they reach.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export function makeOAuthStateStore(db: Kysely<DB>, now: () => number = Date.now) {
  return {
    async put(state: string, data: unknown, expiresAt: number): Promise<void> {
      await db.deleteFrom('oauth_states').where('expires_at', '<', new Date(now())).execute();
      await db.insertInto('oauth_states').values({ state_hash: hash(state), data: JSON.stringify(data ?? null), expires_at: new Date(expiresAt) }).execute();
    },
    async take(state: string): Promise<unknown | null> {
      const row = await db.deleteFrom('oauth_states').where('state_hash', '=', hash(state))
        .returning(['data', 'expires_at']).executeTakeFirst();
      if (!row || row.expires_at.getTime() <= now()) return null;
      return row.data;
    },
  };
}

function hash(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}
