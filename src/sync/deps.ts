/**
 * What the sync needs from the world, handed in by the composition root: the store, the
 * token cipher, QuickBooks' provider facts and OAuth app, a clock and a logger. Tests and
 * benchmarks pass their own clock, limiters and retry policy.
 */
import type { Clock } from '../lib/clock.js';
import { systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { makeOAuth, makeQboClient, processLimiters } from '../qbo/index.js';
import type {
  BatchReadingSetting, LearnedReading, LimiterRegistry, QboClient, QboJournal, QboOAuth, QboProvider, QboRequestLog, RetryPolicy,
} from '../qbo/index.js';
import { saveBatchReading } from '../store/qbo-batch-readings.js';
import type { Database } from '../store/index.js';
import { makeConnectionTokenStore } from './connection-tokens.js';
import { makeOAuthStateStore } from '../store/oauth-states.js';
import type { TokenCipher } from '../store/token-crypto.js';
import { quickBooksUnavailable } from './errors.js';
import { usageTally } from './usage.js';

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
  /**
   * Batches of one step in flight at once (default 10, QuickBooks' requests in flight per
   * company; the limiter paces them). 1 turns pipelining (engine/pipeline.ts) off.
   */
  pipelineDepth?: number;
  /** Metered QuickBooks reads a month this installation plans for (default 500,000, Intuit's free tier); the pages warn at 80 %. */
  monthlyReadBudget?: number;
  /** How batch items count toward the 500 a minute (QBO_BATCH_READING); default: the provider's fixed reading. */
  batchReading?: { setting: BatchReadingSetting; retryAfterMs: number };
  /** How much faster than the wall `clock` runs (a time-scaled simulator); default 1. Estimates in real time divide by it. */
  timeScale?: number;
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
    // A state waits on a person at the consent page: wall time, even when QuickBooks' clock is scaled.
    stateClock: systemClock, states: makeOAuthStateStore(deps.database.db),
  });
}

/** `learned`: the batch reading the store remembers for the company (a run loads it first). */
export function clientFor(deps: SyncDeps, connection: { id: number; realmId: string }, journal?: QboJournal, learned?: LearnedReading | null): QboClient {
  const provider = requireProvider(deps);
  const remember = (l: LearnedReading) => {
    saveBatchReading(deps.database.db, connection.realmId, l).catch((err: unknown) => deps.logger.warn({ err }, 'the learned batch reading was not saved'));
    deps.logger.info({ realmId: connection.realmId }, 'QuickBooks throttled batches the lenient reading allowed: this company now counts batch items toward the 500 a minute');
  };
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
    usage: usageTally(deps.database),
    ...(deps.batchReading && { batchReading: { ...deps.batchReading, learned: learned ?? null, onLearn: remember } }),
  });
}
