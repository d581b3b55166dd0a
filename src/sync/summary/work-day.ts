/**
 * A summary day while a run works on it: its claimed row, what QuickBooks holds (facts), what
 * it should hold (target: the day's documents at the next revision), and its outcome once it
 * has one (null while it still has writes to make).
 */
import { DAY_DOC_KINDS } from '../../domain/day-docs.js';
import type { DayDocKind, DayDocs } from '../../domain/day-docs.js';
import type { DayOutcome } from '../../domain/day-outcomes.js';
import type { SyncError } from '../../domain/sync-error.js';
import type { ClaimedDay } from '../../store/summary-days.js';
import { bodyHash } from '../engine/body-hash.js';
import type { DaySummary } from '../../mapping/summary/index.js';
import type { DayKeyParts } from './keys.js';

export type DocBody = Record<string, unknown>;

/** What a day's documents sum, kept on the day once posted (the Days page, and a closed period's difference). */
export interface DayTotals {
  tickets: number;
  totals: DaySummary['totals'];
  groups: DaySummary['groups'];
  cogsCents: number;
  drawer: DaySummary['drawerSums'];
}

export interface DayTarget {
  /** The revision the day's changed documents are written at (the posted one + 1). */
  revision: number;
  bodies: Record<DayDocKind, DocBody | null>;
  /** POS sums per group: what the documents hold, kept on the day once posted. */
  groups: DayTotals;
}

export interface WorkDay {
  day: ClaimedDay;
  docs: DayDocs;
  uncertain: boolean;
  target: DayTarget | null;
  /** The revision QuickBooks holds once the run is done with the day. */
  revision: number;
  outcome: DayOutcome | null;
  error: SyncError | null;
  /** What changed in QuickBooks for it in this run, for the log. */
  actions: string[];
}

export function toWorkDay(day: ClaimedDay): WorkDay {
  return { day, docs: day.docs, uncertain: day.uncertain, target: null, revision: day.revision, outcome: null, error: null, actions: [] };
}

export function keysOf(tenantId: string, w: WorkDay): DayKeyParts {
  return { tenantId, locationId: w.day.locationId, businessDate: w.day.businessDate, revision: w.target?.revision ?? w.day.revision + 1, epoch: w.day.epoch };
}

export const isOpenDay = (w: WorkDay): boolean => w.outcome === null;

/** Sets the day's outcome once; the first outcome stands. */
export function settleDay(w: WorkDay, outcome: DayOutcome, error: SyncError | null): void {
  if (w.outcome !== null) return;
  w.outcome = outcome;
  w.error = error;
}

export const dayName = (w: WorkDay): string => `${w.day.locationId}/${w.day.businessDate}`;

/**
 * A document's fingerprint without its revision: a document whose content did not change keeps
 * its revision and is not written again (the note's "r<n>" is the only difference).
 */
export function contentHash(body: DocBody): string {
  const { PrivateNote: _note, ...rest } = body;
  return bodyHash(rest);
}

/** The PrivateNote without its trailing revision: what names the day's document whatever its revision. */
export function noteStem(note: string): string {
  return note.replace(/\s*r\d+\s*$/, '');
}

export function noteRevision(note: string): number | null {
  const m = /\br(\d+)\s*$/.exec(note);
  return m ? Number(m[1]) : null;
}

export function kinds(): readonly DayDocKind[] {
  return DAY_DOC_KINDS;
}
