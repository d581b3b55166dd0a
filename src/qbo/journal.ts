/**
 * The hook through which the sync engine records writes in flight. It is awaited before a
 * write's first HTTP request, so after a crash every write that may have reached QuickBooks
 * is on record with its requestid and can be settled by lookup.
 */
import type { WriteOperation } from './operations.js';

export interface JournalEntry {
  /** The requestid the HTTP request carries (a batch's own id for a batch). */
  requestId: string;
  realmId: string;
  /** One entry per write; for a batch, each item with the requestid it would carry alone. */
  operations: { operation: WriteOperation; entity: string; key: string; requestId: string }[];
}

export interface QboJournal {
  beforeSend(entry: JournalEntry): Promise<void>;
  /**
   * The request of an entry `beforeSend` recorded is over: answered, refused, given up on, or
   * not sent after all. Not awaited: from then on, nothing of it can still reach QuickBooks.
   */
  afterSend?(entry: JournalEntry): void;
  /**
   * Writes about to go out (plain requests, or the next batches), written down together ahead of
   * them: one statement for several requests instead of one each. `beforeSend` then records only
   * what was not reserved. Returns the requestids reserved (those already on record are not).
   */
  reserve?(entry: JournalEntry): Promise<string[]>;
  /** Takes out what `reserve` wrote down of these requestids and was never sent after all. */
  releaseUnsent?(requestIds: readonly string[]): Promise<void>;
}
