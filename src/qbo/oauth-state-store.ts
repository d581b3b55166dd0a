/**
 * The OAuth `state` values handed out with authorization URLs. A state is single use (a
 * second callback with the same code must not exchange it again: that invalidates the
 * tokens, oauth-jsclient#173) and expires. The Postgres-backed store is in src/store/.
 */
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';

export interface OAuthStateStore {
  put(state: string, data: unknown, expiresAt: number): Promise<void>;
  /** Single use: returns data once, then null; null if expired. */
  take(state: string): Promise<unknown | null>;
}

/** In-process OAuthStateStore; `clock` (default systemClock) decides expiry. */
export function makeMemoryStateStore(opts: { clock?: Clock } = {}): OAuthStateStore {
  const clock = opts.clock ?? systemClock;
  const states = new Map<string, { data: unknown; expiresAt: number }>();
  const sweep = () => {
    const now = clock.now();
    for (const [k, v] of states) if (v.expiresAt <= now) states.delete(k);
  };
  return {
    async put(state, data, expiresAt) {
      sweep();
      states.set(state, { data, expiresAt });
    },
    async take(state) {
      const entry = states.get(state);
      states.delete(state);
      if (!entry || entry.expiresAt <= clock.now()) return null;
      return entry.data;
    },
  };
}
