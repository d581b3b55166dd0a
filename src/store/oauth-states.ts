/**
 * OAuth `state` values: single use, short-lived, and bound to whoever started the flow. Only
 * a SHA-256 of the state is kept; the binding (already a hash, made by the OAuth client from
 * the starter's session) is kept beside the data. `take` deletes the state in the same
 * statement that reads it - but only for the same binding - so two callbacks with one state
 * cannot both succeed, whichever process they reach, and a callback brought to another
 * session spends nothing.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

/** What `take` found (the same shape as the QuickBooks client's StateTake, which store/ does not import). */
export type StateTake = { data: unknown } | 'elsewhere' | null;

export function makeOAuthStateStore(db: Kysely<DB>, now: () => number = Date.now) {
  return {
    async put(state: string, data: unknown, expiresAt: number, binding: string | null = null): Promise<void> {
      await db.deleteFrom('oauth_states').where('expires_at', '<', new Date(now())).execute();
      await db.insertInto('oauth_states')
        .values({ state_hash: hash(state), data: JSON.stringify({ data: data ?? null, binding }), expires_at: new Date(expiresAt) }).execute();
    },
    async take(state: string, binding: string | null = null): Promise<StateTake> {
      const row = await db.deleteFrom('oauth_states').where('state_hash', '=', hash(state))
        .where(sql<string | null>`data->>'binding'`, 'is not distinct from', binding)
        .returning(['data', 'expires_at']).executeTakeFirst();
      if (!row) {
        const held = await db.selectFrom('oauth_states').select('expires_at').where('state_hash', '=', hash(state)).executeTakeFirst();
        return held && held.expires_at.getTime() > now() ? 'elsewhere' : null;
      }
      if (row.expires_at.getTime() <= now()) return null;
      return { data: (row.data as { data?: unknown } | null)?.data ?? null };
    },
  };
}

function hash(state: string): string {
  return createHash('sha256').update(state).digest('hex');
}
