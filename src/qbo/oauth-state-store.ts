/**
 * The OAuth `state` values handed out with authorization URLs. A state is single use (a
 * second callback with the same code must not exchange it again: that invalidates the
 * tokens, oauth-jsclient#173) and expires. It is also bound to whoever started the flow
 * (RFC 6749 §10.12): `put` keeps a binding (a hash the caller derives from its session),
 * and `take` hands the state out only to a caller presenting the same binding - a callback
 * brought to another session neither completes nor spends it. The Postgres-backed store is
 * in src/store/.
 */
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';

/** What `take` found: the state's data (now spent), a state bound to someone else (left alone), or nothing. */
export type StateTake = { data: unknown } | 'elsewhere' | null;

export interface OAuthStateStore {
  put(state: string, data: unknown, expiresAt: number, binding?: string | null): Promise<void>;
  /** Single use: returns the data once, to the same binding, then null; null if expired. */
  take(state: string, binding?: string | null): Promise<StateTake>;
}

/** In-process OAuthStateStore; `clock` (default systemClock) decides expiry. */
export function makeMemoryStateStore(opts: { clock?: Clock } = {}): OAuthStateStore {
  const clock = opts.clock ?? systemClock;
  const states = new Map<string, { data: unknown; expiresAt: number; binding: string | null }>();
  const sweep = () => {
    const now = clock.now();
    for (const [k, v] of states) if (v.expiresAt <= now) states.delete(k);
  };
  return {
    async put(state, data, expiresAt, binding = null) {
      sweep();
      states.set(state, { data, expiresAt, binding });
    },
    async take(state, binding = null) {
      const entry = states.get(state);
      if (!entry || entry.expiresAt <= clock.now()) {
        states.delete(state);
        return null;
      }
      if (entry.binding !== binding) return 'elsewhere';
      states.delete(state);
      return { data: entry.data };
    },
  };
}
