/**
 * GET /resyncs/:runId: what "Resync selected tickets" did, ticket by ticket (issue 18:
 * "1 ticket queued" over an empty list read as success even when the ticket was skipped
 * again). While the run goes on the page follows it (the pages' script polls the run, a
 * browser without scripts reloads); once it is over each ticket says how it ended: posted,
 * skipped again with QuickBooks' reason and what to do, or still waiting and why.
 */
import type { FastifyInstance } from 'fastify';
import { isAttentionKind } from '../../domain/attention.js';
import { getRun } from '../../store/runs.js';
import type { SyncError } from '../../sync/index.js';
import { sessionOf } from '../session/guards.js';
import { ATTENTION_WORDS } from './attention-words.js';
import { notFound, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { isActive } from './quickbooks-view.js';

export interface TicketOutcomeView {
  locationId: string;
  ticketId: string;
  href: string;
  state: string;
  /** How it ended, in words. */
  outcome: string;
  error: SyncError | null;
  action: string | null;
}

export function resyncPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Params: { runId: string } }>('/resyncs/:runId', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const runId = Number(request.params.runId);
    const stored = Number.isSafeInteger(runId) && runId > 0 ? await getRun(kit.deps.db, tenantId, runId) : null;
    const run = stored && stored.trigger === 'resync' ? await kit.deps.sync.run(tenantId, runId) : null;
    if (!stored || !run) return notFound(kit, request, reply, 'That resync');
    const active = isActive(run);
    const states = await kit.deps.sync.ticketStates(tenantId, stored.ticketKeys ?? []);
    const tickets = states.map((t): TicketOutcomeView => ({
      locationId: t.locationId, ticketId: t.ticketId, state: t.state, error: t.error,
      href: `/tickets/${encodeURIComponent(t.locationId)}/${encodeURIComponent(t.ticketId)}`,
      ...outcomeOf(t.state, t.error, active),
    }));
    return sendHtml(reply, 200, kit.render('resync', {
      ...signedInLayout(kit, request, reply, `Resync, run ${run.id}`, 'tickets'), run, active, tickets,
      ...(active && { refreshSeconds: 2 }),
    }));
  });
}

/** "Refused by QuickBooks" → "refused by QuickBooks" (only the first letter: names keep theirs). */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function outcomeOf(state: string, error: SyncError | null, active: boolean): { outcome: string; action: string | null } {
  const reason = error && isAttentionKind(error.kind) ? ATTENTION_WORDS[error.kind] : null;
  switch (state) {
    case 'posted': return { outcome: 'Posted to QuickBooks', action: null };
    case 'void': return { outcome: 'Void: nothing of it is left in QuickBooks', action: null };
    case 'skipped': return { outcome: `Skipped again${reason ? `: ${lowerFirst(reason.title)}` : ''}`, action: error?.hint ?? reason?.action ?? null };
    case 'posting': return { outcome: 'Being posted now', action: null };
    default:
      if (active && !error) return { outcome: 'Waiting its turn in this run', action: null };
      if (reason) return { outcome: `Still waiting: ${lowerFirst(reason.title)}`, action: reason.action };
      return { outcome: error ? 'Still waiting: QuickBooks was busy or out of reach; the next run tries again' : 'Waiting for the next run', action: null };
  }
}
