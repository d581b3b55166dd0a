/** The facade's part for changes made in QuickBooks (issue 16): webhooks in, changed tickets out, Repost and Accept as is. */
import type { TicketRef } from '../../domain/run.js';
import type { SyncDeps } from '../deps.js';
import { parseNotification, receiveChanges } from '../drift/receive.js';
import { chooseForChangedTicket, listChangedTickets } from '../drift/resolve.js';

export interface DriftChoiceView {
  locationId: string;
  ticketId: string;
  /** Repost: pending until its run rewrote it; accept: posted. */
  state: 'pending' | 'posted';
  runId: number | null;
}

export interface DocChangeView {
  entity: string;
  docId: string;
  change: 'edited' | 'voided' | 'deleted';
  syncToken: string | null;
  source: 'webhook' | 'cdc';
  noticedAt: string;
}

export interface ChangedTicketView {
  locationId: string;
  ticketId: string;
  version: number;
  businessDate: string;
  totalCents: number;
  changes: DocChangeView[];
}

export interface DriftService {
  /** "Repost" a ticket changed in QuickBooks: rewritten from its current version and mapping by a run queued now. */
  repostTicket(tenantId: string, ticket: TicketRef, by?: string | null): Promise<DriftChoiceView>;
  /** "Accept as is": QuickBooks keeps what was changed; the ticket is posted again, its facts QuickBooks' current ones. */
  acceptTicketAsIs(tenantId: string, ticket: TicketRef, by?: string | null): Promise<DriftChoiceView>;
  /** Tickets changed in QuickBooks, newest business date first, with what changed. */
  changedTickets(tenantId: string, opts?: { limit?: number }): Promise<ChangedTicketView[]>;
  /** A webhook notification whose signature was verified: its changes stored, a check queued per company. */
  receiveQuickBooksChanges(body: unknown): Promise<{ stored: number; runIds: number[] }>;
}

export function driftService(deps: SyncDeps, kick: () => void): DriftService {
  const kicked = <T extends { runId?: number | null; runIds?: number[] }>(r: T): T => {
    if (r.runId != null || (r.runIds?.length ?? 0) > 0) kick();
    return r;
  };
  return {
    repostTicket: async (tenantId, ticket, by = null) => kicked(await chooseForChangedTicket(deps, tenantId, ticket, 'repost', by)),
    acceptTicketAsIs: (tenantId, ticket, by = null) => chooseForChangedTicket(deps, tenantId, ticket, 'accept', by),
    async changedTickets(tenantId, opts = {}) {
      return (await listChangedTickets(deps, tenantId, opts.limit)).map((t) => ({
        ...t, changes: t.changes.map((c) => ({ ...c, noticedAt: c.noticedAt.toISOString() })),
      }));
    },
    receiveQuickBooksChanges: async (body) => kicked(await receiveChanges(deps, parseNotification(body))),
  };
}
