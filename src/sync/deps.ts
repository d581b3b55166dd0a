/**
 * What the sync needs from the world, handed in by the composition root: the store, the
 * token cipher, QuickBooks' provider facts and OAuth app, a clock and a logger. Tests and
 * benchmarks pass their own clock, limiters and retry policy.
 */
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { makeOAuth, makeQboClient, processLimiters } from '../qbo/index.js';
import type { LimiterRegistry, QboClient, QboJournal, QboOAuth, QboProvider, QboRequestLog, RetryPolicy } from '../qbo/index.js';
import type { Database } from '../store/index.js';
import { makeConnectionTokenStore } from './connection-tokens.js';
import { makeOAuthStateStore } from '../store/oauth-states.js';
import type { TokenCipher } from '../store/token-crypto.js';
import { quickBooksUnavailable } from './errors.js';

export interface SyncDeps {
  database: Database;
  cipher: TokenCipher;
  /** null when this process cannot reach QuickBooks (then every QuickBooks action says so). */
  provider: QboProvider | null;
  app: { clientId: string; clientSecret: string; redirectUri: string };
  clock: Clock;
  logger: Logger;
  /** Default: the process-wide registry (every client of a company shares its limiter). */
  limiters?: LimiterRegistry;
  retryPolicy?: Partial<RetryPolicy>;
  /** Per QuickBooks request (and token endpoint call), clock time. Default the client's (60 s; 30 s for tokens). */
  timeoutMs?: number;
  /** Tickets a run claims at a time (default 300). */
  pageSize?: number;
  /** Told of every QuickBooks HTTP exchange (the metrics count them); default none. */
  qboObserver?: (event: QboRequestLog) => void;
}

export function requireProvider(deps: SyncDeps): QboProvider {
  if (!deps.provider) throw quickBooksUnavailable();
  return deps.provider;
}

export function oauthFor(deps: SyncDeps): QboOAuth {
  const provider = requireProvider(deps);
  return makeOAuth({
    provider, ...deps.app, clock: deps.clock, ...(deps.timeoutMs && { timeoutMs: deps.timeoutMs }),
    states: makeOAuthStateStore(deps.database.db, () => deps.clock.now()),
  });
}

export function clientFor(deps: SyncDeps, connection: { id: number; realmId: string }, journal?: QboJournal): QboClient {
  const provider = requireProvider(deps);
  return makeQboClient({
    provider, realmId: connection.realmId, clock: deps.clock, oauth: oauthFor(deps),
    tokens: makeConnectionTokenStore(deps.database, deps.cipher, connection.id),
    limiters: deps.limiters ?? processLimiters,
    ...(journal && { journal }),
    ...(deps.retryPolicy && { retryPolicy: deps.retryPolicy }),
    ...(deps.timeoutMs && { timeoutMs: deps.timeoutMs }),
    log: (e) => {
      deps.logger.debug({ qbo: e }, 'quickbooks request');
      deps.qboObserver?.(e);
    },
  });
}
