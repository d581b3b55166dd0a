/**
 * A ticket while a run works on it: its stored row, what QuickBooks holds (facts), what it
 * should hold (target), and where it stands in this run.
 */
import type { Ticket } from '../domain/ticket.js';
import type { ClaimedTicket } from '../store/sync-tickets.js';
import type { KeyParts } from './keys.js';
import type { Target } from './plan-ops.js';
import type { SyncError } from './service-types.js';
import { readDocs } from './ticket-docs.js';
import type { TicketDocs } from './ticket-docs.js';

export type WorkState =
  | 'open' // still has steps to take
  | 'done' // QuickBooks holds the target
  | 'refused' // QuickBooks (or the mapping) refused it: skipped
  | 'setup' // a set-up record was missing or inactive
  | 'transient'; // throttled, server, network: pending for the next run

export interface WorkTicket {
  row: ClaimedTicket;
  ticket: Ticket;
  docs: TicketDocs;
  keys: KeyParts;
  target: Target | null;
  /** The document total, cents (positive). */
  total: number;
  state: WorkState;
  error: SyncError | null;
  staleRetries: number;
  /** What changed in QuickBooks for it in this run, for its history. */
  actions: string[];
}

export function toWork(tenantId: string, row: ClaimedTicket): WorkTicket {
  const ticket = row.normalized as Ticket;
  return {
    row, ticket, docs: readDocs(row.qboDocs),
    keys: { tenantId, locationId: row.locationId, ticketId: row.ticketId, version: row.version, epoch: row.epoch },
    target: null, total: Math.abs(ticket.total), state: 'open', error: null, staleRetries: 0, actions: [],
  };
}

export function workKey(w: { row: { locationId: string; ticketId: string } }): string {
  return `${w.row.locationId}\u0000${w.row.ticketId}`;
}
