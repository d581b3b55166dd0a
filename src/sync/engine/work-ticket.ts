/**
 * A ticket while a run works on it: its stored row, what QuickBooks holds (facts), what it
 * should hold (target), and its outcome once it has one (null while it still has steps).
 */
import { ticketKey } from '../../domain/ticket.js';
import type { TicketOutcome } from '../../domain/ticket-outcomes.js';
import type { SyncError } from '../../domain/sync-error.js';
import type { Ticket } from '../../domain/ticket.js';
import type { ClaimedTicket } from '../../store/sync-tickets.js';
import type { KeyParts } from './keys.js';
import type { Target } from './plan-ops.js';
import type { TicketDocs } from '../../domain/ticket-docs.js';

export interface WorkTicket {
  row: ClaimedTicket;
  ticket: Ticket;
  docs: TicketDocs;
  keys: KeyParts;
  target: Target | null;
  /** The document total, cents (positive). */
  total: number;
  /** null: still open. Set once, through `settle`; a set-up retry reopens it (`reopen`). */
  outcome: TicketOutcome | null;
  error: SyncError | null;
  staleRetries: number;
  /** What changed in QuickBooks for it in this run, for its history. */
  actions: string[];
  /**
   * The requestids of its writes this run sent (answered, refused or unknown): they leave the
   * journal once its facts are saved with its settlement, not before (a crash in between leaves
   * them in flight, and the next run looks the ticket up).
   */
  answered: string[];
}

/** A claimed ticket to work on. One whose stored form cannot be read keeps a placeholder ticket; the run settles it as unmappable. */
export function toWork(tenantId: string, row: ClaimedTicket): WorkTicket {
  const ticket = row.stored.ok ? row.stored.ticket : unreadable(row);
  return {
    row, ticket, docs: row.docs,
    keys: { tenantId, locationId: row.locationId, ticketId: row.ticketId, version: row.version, epoch: row.epoch },
    target: null, total: Math.abs(ticket.total), outcome: null, error: null, staleRetries: 0, actions: [], answered: [],
  };
}

function unreadable(row: ClaimedTicket): Ticket {
  return {
    id: row.ticketId, locationId: row.locationId, version: row.version, status: row.status, closedAt: '', closedAtMs: 0,
    lines: [], discounts: [], taxes: [], tip: 0, rewardPointsRedeemed: 0, customerBalanceUsed: 0, payments: [], total: row.totalCents,
  };
}

export const isOpen = (w: WorkTicket): boolean => w.outcome === null;

/** The ticket is done with in this run: QuickBooks holds its target, or it failed for good. */
export function settle(w: WorkTicket, outcome: TicketOutcome, error: SyncError | null = null): void {
  w.outcome = outcome;
  w.error = error;
}

/** QuickBooks holds what the ticket should: posted, or (a voided ticket) nothing left live. */
export function settleDone(w: WorkTicket): void {
  settle(w, w.ticket.status === 'voided' ? 'voided' : 'posted');
}

/** Open again for a retry (after Initialize ran again): a refused requestid would only replay its refusal. */
export function reopen(w: WorkTicket, why: string): void {
  w.outcome = null;
  w.error = null;
  w.target = null;
  w.keys.epoch += 1;
  w.actions.push(why);
}

export function workKey(w: { row: { locationId: string; ticketId: string } }): string {
  return ticketKey(w.row.locationId, w.row.ticketId);
}
