/**
 * What switching a location's posting mode will do, said before it is saved (summary-rules §1):
 * the tickets and days that change hands, the ones that stay as they are, and why a switch
 * cannot be saved (switching back to line-by-line must start after the last summarised day).
 */
import type { PostingMode, SwitchCounts } from '../../store/posting-modes.js';

export type { PostingMode } from '../../store/posting-modes.js';

export interface ModeView {
  locationId: string;
  /** The mode of today's tickets where the store is. */
  mode: PostingMode;
  /** In summary mode, the cut-over date today's mode started from. */
  summaryFrom: string | null;
  /** A cut-over saved for a later date, if any. */
  next: { mode: PostingMode; from: string } | null;
  timeZone: string;
  today: string;
  cutOvers: { mode: PostingMode; from: string; savedAt: string; savedBy: string | null }[];
}

export interface ModePreview {
  mode: PostingMode;
  from: string;
  counts: SwitchCounts | null;
  /** What saving will do, one sentence each. */
  effects: string[];
  /** Why it cannot be saved; empty when it can. */
  problems: string[];
}

const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function describeSwitch(now: ModeView, change: { mode: PostingMode; from: string }, counts: SwitchCounts): ModePreview {
  const out: ModePreview = { mode: change.mode, from: change.from, counts, effects: [], problems: [] };
  if (change.mode === 'summary') {
    out.effects.push(`From ${change.from} on, each day of ${now.locationId} posts as one daily summary (a sales receipt totalling 0, with journal entries for costs and the drawer), once the day is over in ${now.timeZone}.`);
    out.effects.push(counts.ticketsToSummary > 0
      ? `${n(counts.ticketsToSummary, 'ticket')} already taken in, on ${n(counts.daysToSummary, 'day')} from ${change.from}, will be summarised instead of posted one by one.`
      : `No ticket taken in so far is dated ${change.from} or later: nothing already here changes mode.`);
    if (counts.ticketsStayingLineByLine > 0) {
      out.effects.push(`${n(counts.ticketsStayingLineByLine, 'ticket')} from ${change.from} on already posted line-by-line stay line-by-line, and so do their edits: a ticket is never in both.`);
    }
    out.effects.push(`Tickets dated before ${change.from} keep posting line-by-line.`);
    return out;
  }
  out.effects.push(`From ${change.from} on, ${now.locationId} posts one document per ticket again (line-by-line).`);
  if (counts.ticketsToLineByLine > 0) {
    out.effects.push(`${n(counts.ticketsToLineByLine, 'ticket')} from ${change.from} on, in days not summarised yet, will be posted one by one.`);
  }
  if (counts.lastSummarisedDate) out.effects.push(`Days summarised up to ${counts.lastSummarisedDate} stay summarised.`);
  if (counts.daysSummarisedAfter > 0) {
    out.problems.push(`${n(counts.daysSummarisedAfter, 'day')} from ${change.from} on ${counts.daysSummarisedAfter === 1 ? 'is' : 'are'} already summarised in QuickBooks and stay so: choose a date after ${counts.lastSummarisedDate}.`);
  }
  if (now.mode === 'line-by-line' && now.next === null && now.cutOvers.length === 0) {
    out.effects.push('The location already posts line-by-line: saving changes nothing.');
  }
  return out;
}
