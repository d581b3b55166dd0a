/**
 * A summary day's history as people read it (issues 14 and 16): each event of day_events with
 * its words ("posted r2", "skipped: …", "undone by an undo run", "resynced by …") and the
 * QuickBooks documents the day held after it. The day page, the JSON API and
 * `tillbooks days --history` show these.
 */
import { DAY_DOC_ENTITY, DAY_DOC_KINDS } from '../../domain/day-docs.js';
import type { DayEvent } from '../../store/day-events.js';

export interface DayEventView {
  at: string;
  runId: number | null;
  /** The revision QuickBooks held after the event. */
  revision: number;
  /** posted, skipped, changed-in-qbo, out-of-date, ready, undone, withheld, resync, repost. */
  kind: string;
  words: string;
  /** The run's outcome (a settlement), or the action (resync, repost). */
  outcome: string | null;
  reason: string | null;
  by: string | null;
  documents: { kind: string; entity: string; id: string }[];
}

export function dayEventView(e: DayEvent): DayEventView {
  const d = e.detail ?? {};
  const documents = DAY_DOC_KINDS.flatMap((kind) => {
    const id = d.docs?.[kind];
    return id ? [{ kind, entity: DAY_DOC_ENTITY[kind], id }] : [];
  });
  const reason = d.reason ?? null;
  const by = d.by ?? null;
  return { at: e.at.toISOString(), runId: e.runId, revision: e.revision, kind: e.kind, words: eventWords(e.kind, e.revision, d.outcome ?? null, reason, by),
    outcome: d.outcome ?? null, reason, by, documents };
}

function eventWords(kind: string, revision: number, outcome: string | null, reason: string | null, by: string | null): string {
  const who = by ? ` by ${by}` : '';
  switch (kind) {
    case 'posted': return `posted r${revision}`;
    case 'skipped': return reason ? `skipped: ${reason}` : 'skipped';
    case 'changed-in-qbo': return reason ? `changed in QuickBooks: ${reason}` : 'changed in QuickBooks';
    case 'out-of-date': return outcome === 'input' ? 'out of date: a late ticket, an edit, a void or a drawer operation arrived after posting'
      : 'out of date: a ticket of the day arrived while it was being posted';
    case 'ready': return `to be retried (${outcome ?? 'run stopped'})${reason ? `: ${reason}` : ''}`;
    case 'undone': return 'undone by an undo run: its documents deleted, to be posted again';
    case 'withheld': return 'undone by an undo run: its documents deleted, not to be posted';
    case 'resync': return `resynced${who}: to be posted again`;
    case 'repost': return `reposted${who}: the POS totals replace what was changed in QuickBooks`;
    default: return kind;
  }
}
