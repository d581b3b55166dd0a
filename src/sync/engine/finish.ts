/** A worked ticket's settlement at the end of its run, and the line its history gets. */
import type { TICKET_TABLE } from '../../domain/ticket-outcomes.js';
import { hasLiveDocs } from '../../domain/ticket-docs.js';
import type { Db } from '../../store/index.js';
import { markSettled } from '../../store/qbo-writes.js';
import { finishTickets } from '../../store/sync-tickets.js';
import type { SyncEvent, TicketSettlement } from '../../store/sync-tickets.js';
import { workKey } from './work-ticket.js';
import type { WorkTicket } from './work-ticket.js';

export interface Finished {
  settlement: TicketSettlement;
  event: SyncEvent;
}

/** History kinds by outcome; a posted ticket that held an earlier version was updated. */
const EVENT_KIND: Record<keyof typeof TICKET_TABLE.outcomes, string> = {
  posted: 'posted', voided: 'voided', refused: 'skipped', unmappable: 'skipped', 'setup-missing': 'skipped', 'mapping-blocked': 'pending',
  transient: 'pending', 'connection-lost': 'pending', 'quota-blocked': 'pending', edited: 'pending', unexpected: 'pending',
  undone: 'undone', withheld: 'undone',
};

export function finish(w: WorkTicket, runId: number): Finished {
  // A ticket still open here was not reached (the run stopped): it waits, without an error.
  const outcome = w.outcome ?? 'transient';
  const done = outcome === 'posted' || outcome === 'voided';
  // posted_version stays set whenever QuickBooks holds live documents of the ticket: intake
  // relies on it to know a void must be carried to QuickBooks.
  const postedVersion = outcome === 'posted' ? w.row.version
    : outcome === 'voided' ? null
      : hasLiveDocs(w.docs) ? (w.row.postedVersion ?? w.docs.invoice?.version ?? w.docs.refundReceipt?.version ?? w.row.version) : null;
  const updated = outcome === 'posted' && w.row.postedVersion !== null && w.row.postedVersion !== w.row.version;
  return {
    settlement: {
      locationId: w.row.locationId, ticketId: w.row.ticketId, version: w.row.version, outcome, postedVersion,
      error: done ? null : w.error, epoch: w.keys.epoch,
      // Only answers change the facts here (look-ups and reads save theirs at once); a ticket
      // nothing was sent for keeps its row's, which may be none at all (posting-modes.ts reads that).
      ...(w.answered.length > 0 && { docs: w.docs }),
    },
    event: {
      runId, locationId: w.row.locationId, ticketId: w.row.ticketId, version: w.row.version, kind: updated ? 'updated' : EVENT_KIND[outcome],
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

/**
 * Saves the page's settlements with their facts, then takes out of the journal the writes of
 * the tickets saved. A ticket not saved (another run took it over) keeps its writes in flight:
 * the run holding it looks its documents up.
 */
export async function saveSettlements(db: Db, tenantId: string, runId: number, connectionId: number,
  work: readonly WorkTicket[], settlements: readonly TicketSettlement[]): Promise<void> {
  const saved = await finishTickets(db, tenantId, runId, settlements);
  await markSettled(db, connectionId, work.filter((w) => saved.has(workKey(w))).flatMap((w) => w.answered));
}
