/** A worked ticket's end state in its run, and the line its history gets. */
import type { SyncEvent, TicketOutcome } from '../store/sync-tickets.js';
import { hasLiveDocs } from './ticket-docs.js';
import type { WorkTicket } from './work-ticket.js';

export interface Finished {
  outcome: TicketOutcome;
  event: SyncEvent;
}

export function finish(w: WorkTicket, runId: number): Finished {
  const voided = w.ticket.status === 'voided';
  const done = w.state === 'done';
  const state = done ? (voided ? 'void' : 'posted') : w.state === 'refused' || w.state === 'setup' ? 'skipped' : 'pending';
  // posted_version stays set whenever QuickBooks holds live documents of the ticket: intake
  // relies on it to know a void must be carried to QuickBooks.
  const postedVersion = done
    ? (voided ? null : w.row.version)
    : hasLiveDocs(w.docs) ? (w.row.postedVersion ?? w.docs.invoice?.version ?? w.docs.refundReceipt?.version ?? w.row.version) : null;
  const kind = done
    ? (voided ? 'voided' : w.row.postedVersion !== null && w.row.postedVersion !== w.row.version ? 'updated' : 'posted')
    : state === 'skipped' ? 'skipped' : 'pending';
  return {
    outcome: {
      locationId: w.row.locationId, ticketId: w.row.ticketId, version: w.row.version, state, postedVersion,
      error: done ? null : w.error, epoch: w.keys.epoch,
    },
    event: {
      runId, locationId: w.row.locationId, ticketId: w.row.ticketId, version: w.row.version, kind,
      detail: {
        actions: w.actions,
        ...(w.error && !done && { error: w.error }),
        documents: {
          invoice: w.docs.invoice && { id: w.docs.invoice.id, total: w.docs.invoice.total },
          refundReceipt: w.docs.refundReceipt && { id: w.docs.refundReceipt.id, total: w.docs.refundReceipt.total },
          payments: w.docs.payments.map((p) => ({ id: p.id, total: p.total })),
        },
      },
    },
  };
}
