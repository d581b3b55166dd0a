/**
 * Summary mode on the facade (`sync.days`): a location's posting mode and cut-over date (with a
 * preview of what switching will do), its days with their state, revision, totals and
 * QuickBooks documents, and the two day actions ("Resync", "Repost this day"). The Days page,
 * the JSON API and `tillbooks days` are built on these (summary-rules §1, §6).
 */
import type { DayDocKind } from '../../domain/day-docs.js';
import type { DayState } from '../../domain/day-outcomes.js';
import type { SyncError } from '../../domain/sync-error.js';
import type { SummaryGroup } from '../../mapping/summary/index.js';
import type { GroupDifference } from '../summary/difference.js';
import type { DayEventView } from './day-history.js';

export type { DayEventView } from './day-history.js';

export type PostingMode = 'line-by-line' | 'summary';
export type { GroupDifference } from '../summary/difference.js';

export interface PostingModeView {
  locationId: string;
  mode: PostingMode;
  /** Summary mode: the first business date summarised. */
  summaryFrom: string | null;
  /** Every cut-over saved, oldest first: the mode of a date is the latest one on or before it. */
  cutOvers: { mode: PostingMode; from: string; savedAt: string; savedBy: string | null }[];
}

/** What saving a mode change would do, in counts, before anything is saved. */
export interface ModeSwitchPreview {
  locationId: string;
  mode: PostingMode;
  from: string;
  /** Null: the change can be saved; otherwise why not (e.g. switching back before a day already summarised). */
  refused: string | null;
  /** Closed tickets dated on or after `from` that would be posted in each mode after the switch. */
  tickets: { toSummary: number; toLineByLine: number; stayLineByLine: number };
  /** Days (business dates) that would be summarised, and days already summarised on or after `from` (they stay summarised). */
  days: { toSummary: number; alreadySummarised: number };
  /** The last business date whose summary QuickBooks holds (switching back starts after it). */
  lastSummarisedDate: string | null;
  /** The same in a sentence for the back office. */
  words: string;
}

export interface DayDocumentView {
  kind: DayDocKind;
  entity: 'SalesReceipt' | 'JournalEntry';
  id: string;
  docNumber: string;
  /** The day's revision the document holds (its PrivateNote ends with r<revision>). */
  revision: number;
}

export interface DayView {
  locationId: string;
  date: string;
  state: DayState;
  /** As the user reads it: "open", "ready", "posted r2", "out of date", "skipped: <reason>", "changed in QuickBooks". */
  stateWords: string;
  /** The revision QuickBooks holds (0: nothing posted). */
  revision: number;
  /** POS sums: what was posted (posted days), or the running totals of the day's tickets now (open, ready, out of date). */
  tickets: number;
  totals: Record<SummaryGroup, number> | null;
  cogsCents: number | null;
  /** The live QuickBooks documents of the day. */
  documents: DayDocumentView[];
  error: SyncError | null;
  /** Skipped in a closed period: what the rewrite would change, per group, in cents. */
  difference: GroupDifference[] | null;
  postedAt: string | null;
  /** The action the page offers: "resync" (skipped), "repost" (changed in QuickBooks), or none. */
  action: 'resync' | 'repost' | null;
}

export interface DayActionOutcome {
  /** Days put back to ready and queued in a run. */
  queued: { locationId: string; date: string }[];
  /** Days left alone, with why. */
  ignored: { locationId: string; date: string; reason: string }[];
  runId: number | null;
}

/** What a run did with summary days (beside its ticket counts). */
export interface RunDayCounts {
  /** Days settled. */
  done: number;
  posted: number;
  skipped: number;
  /** Marked "changed in QuickBooks". */
  changed: number;
  /** Back to ready or out of date (transient trouble, or the run stopped). */
  pending: number;
}

export interface DaysService {
  /** The location's posting mode, cut-over date and cut-over history. */
  mode(tenantId: string, locationId: string): Promise<PostingModeView>;
  /** What switching the location to `mode` from business date `from` would do; nothing is saved. */
  previewMode(tenantId: string, locationId: string, change: { mode: PostingMode; from: string }): Promise<ModeSwitchPreview>;
  /**
   * Saves the mode and cut-over date. INVALID when the date is not a date, or when switching back
   * to line-by-line on or before a day already summarised (those stay summarised: pick a later date).
   */
  setMode(tenantId: string, locationId: string, change: { mode: PostingMode; from: string; savedBy?: string | null }): Promise<PostingModeView>;
  /** The location's summary days, newest first, between two business dates (inclusive) when given. */
  list(tenantId: string, locationId: string, opts?: { from?: string; to?: string }): Promise<DayView[]>;
  /** "Resync": skipped days back to ready (new attempt) and a run queued for them. */
  resync(tenantId: string, locationId: string, dates: readonly string[], by?: string | null): Promise<DayActionOutcome>;
  /** "Repost this day": a day changed in QuickBooks is written again from the POS, replacing what was changed there. */
  repost(tenantId: string, locationId: string, date: string, by?: string | null): Promise<DayActionOutcome>;
  /** A run's summary-day counts (null: the run took no day, or no such run). */
  runDays(tenantId: string, runId: number): Promise<RunDayCounts | null>;
  /** The day's history, oldest first (NOT_FOUND: no such location for the tenant; INVALID: not a date). */
  history(tenantId: string, locationId: string, date: string): Promise<DayEventView[]>;
}
