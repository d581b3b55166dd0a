/**
 * A run: one pass of the sync over the pending tickets of a location or a whole QuickBooks
 * company (before a date, up to a moment, or chosen tickets). Its counts have one shape,
 * shared by the engine, the store, the pages and the CLI.
 */
import type { TicketState } from './ticket-outcomes.js';

/**
 * `remap`: posted documents rewritten in place after the mapping changed ("Apply to what is
 * already posted"). `drift`: the changes QuickBooks' webhooks announced, checked against what
 * we posted; `cdc`: the daily Change Data Capture read, then the same check (no ticket is posted).
 * `undo`: a range's documents voided or deleted; `repost`: a range rewritten from its current version.
 */
export type RunTrigger = 'schedule' | 'manual' | 'resync' | 'remap' | 'drift' | 'cdc' | 'undo' | 'repost';
export type RunStatus = 'queued' | 'running' | 'finished' | 'failed' | 'stopped';

export interface TicketRef {
  locationId: string;
  ticketId: string;
}

/** How far a run got, and what became of the tickets it settled. */
export interface RunCounts {
  /** Tickets in scope (grows when tickets arrive during the run). */
  total: number;
  /** Tickets settled so far. */
  done: number;
  posted: number;
  skipped: number;
  /** Still pending at the end (transient trouble, or the run stopped). */
  pending: number;
  voided: number;
  httpRequests: number;
}

export interface Run extends RunCounts {
  id: number;
  tenantId: string;
  connectionId: number | null;
  locationId: string | null;
  trigger: RunTrigger;
  status: RunStatus;
  /** Scheduled runs: business dates strictly before this one. */
  cutoffDate: string | null;
  /** "Sync now": tickets received up to this moment. */
  cutoffAt: Date | null;
  /** Resync: only these tickets. */
  ticketKeys: TicketRef[] | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
  workerId: string | null;
  error: string | null;
}

export function emptyCounts(): RunCounts {
  return { total: 0, done: 0, posted: 0, skipped: 0, pending: 0, voided: 0, httpRequests: 0 };
}

/** Counts a settled ticket in the run's tally by the state it settled in. */
export function countSettled(counts: RunCounts, state: TicketState): void {
  if (state === 'posted') counts.posted++;
  else if (state === 'void') counts.voided++;
  else if (state === 'skipped') counts.skipped++;
  else counts.pending++;
}

/** A run that will not run again (it may have a continuation). */
export function isOver(status: RunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}
