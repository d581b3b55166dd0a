/**
 * The exit status of every way a command can end, so scripts can tell them apart. The README's
 * command table lists them.
 */
import type { ServiceErrorCode } from '../sync/index.js';

export const EXIT = {
  ok: 0,
  /** A mistake in the command or the configuration (the message says which). */
  usage: 1,
  /** `import`: some records were refused (the good ones were taken). */
  refused: 2,
  /** `demo`: the books did not reconcile. */
  mismatch: 3,
  notFound: 4,
  /** The location is not connected to QuickBooks, or sync is off for it. */
  notConnected: 5,
  /** Connecting to QuickBooks was cancelled or refused. */
  connectFailed: 6,
  /** QuickBooks cannot be reached from this process, or it answered an error. */
  quickBooks: 7,
  /** `mapping set|import`: the mapping was refused (each field named), or saved by someone else meanwhile. */
  mappingRefused: 8,
  /** `undo`, `repost`: not confirmed (the company was not named), or an undo of the company is already under way. */
  notConfirmed: 9,
} as const;

export const SERVICE_EXIT: Record<ServiceErrorCode, number> = {
  NOT_FOUND: EXIT.notFound,
  NOT_CONNECTED: EXIT.notConnected,
  SYNC_DISABLED: EXIT.notConnected,
  AMBIGUOUS: EXIT.usage,
  CONNECT_CANCELLED: EXIT.connectFailed,
  CONNECT_REFUSED: EXIT.connectFailed,
  CONNECT_ELSEWHERE: EXIT.connectFailed,
  QBO_UNAVAILABLE: EXIT.quickBooks,
  INVALID: EXIT.mappingRefused,
  STALE: EXIT.mappingRefused,
  CONFIRM: EXIT.notConfirmed,
  BUSY: EXIT.notConfirmed,
};
