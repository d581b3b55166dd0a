/**
 * The QuickBooks Online client, the one way the product talks to QuickBooks.
 * Standalone: imports nothing from domain, store or sync; the caller hands it a token
 * store, an OAuth state store and a clock.
 */
export { makeQboProvider, DEFAULT_LIMITS, ACCOUNTING_SCOPE } from './provider.js';
export type { QboEnvironment, QboLimits, QboEndpoints, QboProvider, QboProviderOverrides } from './provider.js';
export { makeOAuth, OAuthStateElsewhereError } from './oauth.js';
export type { OAuthOptions, QboOAuth, ExchangeResult, CallbackInput, FlowBinding } from './oauth.js';
export { makeQboClient } from './client.js';
export type { CdcAnswer, QboClient, QboClientOptions, WriteOptions, QueryAllOptions } from './client.js';
export type { QboJournal, JournalEntry } from './journal.js';
export type { QboRequestLog } from './executor.js';
export type { BatchOp, BatchResult } from './batch.js';
export type { EntityRef, QboEntity, WriteOperation } from './operations.js';
export { makeMemoryTokenStore, TokenVersionConflictError } from './token-store.js';
export type { TokenSet, StoredTokens, TokenStore, MemoryTokenStore } from './token-store.js';
export { makeMemoryStateStore } from './oauth-state-store.js';
export type { OAuthStateStore, StateTake } from './oauth-state-store.js';
export { makeCompanyLimiter, makeLimiterRegistry, processLimiters } from './limiter.js';
export { DEFAULT_READING_RETRY_MS, fixedPacing, makeBatchPacing } from './batch-reading.js';
export type { BatchPacing, BatchReading, BatchReadingOptions, BatchReadingSetting, LearnedReading } from './batch-reading.js';
export type { CompanyLimiter, LimiterRegistry, LimiterStats, SendGate } from './limiter.js';
export { decideRetry, backoffMs, DEFAULT_RETRY_POLICY } from './retry-decision.js';
export type { RetryDecision, RetryPolicy } from './retry-decision.js';
export { deriveRequestId, deriveBatchRequestId } from './request-id.js';
export { batchItemClass, batchUsage, classifyRequest, meteredExecutor } from './metering.js';
export type { CallClass, UsageEvent, UsageSink } from './metering.js';
export { makeUsageTally, monthOf } from './usage-tally.js';
export type { UsageDelta, UsageTally } from './usage-tally.js';
export { buildSelect, escapeQueryString, findByNameQuery, queryLiteral, rowsOf, whereEquals } from './query.js';
export {
  QboError, QboValidationError, QboRateLimitError, QboAuthError, QboReconnectNeededError,
  QboNotFoundError, QboStaleObjectError, QboServerError, QboNetworkError, QboTimeoutError,
  QboDuplicateRequestError, QboUnexpectedError, QboQuotaExceededError, QboNotSentError, isQboError,
} from './errors.js';
export type { QboErrorCode, QboFaultEntry } from './errors.js';
export { limitBound } from './throughput.js';
export { ALLOW_DUPLICATE_DOC_NUMBERS, isVoidedDocument } from './documents.js';
export type { LimitBound } from './throughput.js';
