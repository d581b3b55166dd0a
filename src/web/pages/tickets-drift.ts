/**
 * Tickets changed in QuickBooks on the Tickets page (issue 16): what changed, shown in the row,
 * and POST /tickets/changed, the row's "Repost" / "Accept as is" buttons (or the batch menu's,
 * for the selected tickets). Only the tenant's own tickets; anything else is reported, not done.
 */
import type { FastifyInstance } from 'fastify';
import { ticketKey } from '../../domain/ticket.js';
import { openDriftOf } from '../../store/ticket-drift.js';
import type { OpenDrift } from '../../store/ticket-drift.js';
import type { TicketKey } from '../../sync/index.js';
import { isServiceError } from '../../sync/index.js';
import { safeLocalPath, sessionOf } from '../session/guards.js';
import { field, fieldList, flash } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { parseTicketRef } from './tickets-query.js';
import * as format from './format.js';

const WORDS: Record<OpenDrift['change'], string> = { edited: 'edited', voided: 'voided', deleted: 'deleted' };
const MAX = 500;

/** "Invoice 12 deleted, Payment 13 deleted in QuickBooks" per changed row, by `location/ticket` key. */
export async function driftNotes(kit: PageKit, tenantId: string, rows: readonly { locationId: string; ticketId: string; state: string }[]) {
  const changed = rows.filter((r) => r.state === 'changed-in-qbo');
  const open = await openDriftOf(kit.deps.db, tenantId, changed);
  const notes = new Map<string, string>();
  for (const [key, changes] of open) notes.set(key, `${changes.map((c) => `${c.entity} ${c.docId} ${WORDS[c.change]}`).join(', ')} in QuickBooks`);
  return notes;
}

export function ticketsDriftRoute(app: FastifyInstance, kit: PageKit): void {
  app.post('/tickets/changed', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const back = safeLocalPath(field(request, 'return'), '/tickets', '/tickets');
    // A row's own button says "repost denver-1/T-1"; the batch menu's says "repost" for the selected boxes.
    const one = field(request, 'one');
    const [choice, ref] = one ? [one.slice(0, one.indexOf(' ')), one.slice(one.indexOf(' ') + 1)] : [field(request, 'choice'), null];
    const refs = ref ? [ref] : fieldList(request, 'ticket');
    if ((choice !== 'repost' && choice !== 'accept') || refs.length === 0 || refs.length > MAX) {
      flash(kit, request, reply, { kind: 'info', text: `Select the tickets changed in QuickBooks first (at most ${MAX}), then Repost or Accept as is.` });
      return reply.redirect(back, 303);
    }
    const keys = refs.map(parseTicketRef).filter((k): k is TicketKey => k !== null);
    const done: string[] = [];
    const refused: string[] = [];
    const runIds: number[] = [];
    for (const key of keys) {
      try {
        const r = choice === 'repost' ? await kit.deps.sync.repostTicket(tenantId, key, sessionOf(request).user.email)
          : await kit.deps.sync.acceptTicketAsIs(tenantId, key, sessionOf(request).user.email);
        done.push(ticketKey(key.locationId, key.ticketId));
        if (r.runId !== null) runIds.push(r.runId);
      } catch (err) {
        if (!isServiceError(err)) throw err;
        refused.push(`${format.id(key.ticketId)} (${format.id(key.locationId)}): ${err.code === 'NOT_FOUND' ? 'not found' : err.message}`);
      }
    }
    const what = choice === 'repost' ? 'Repost' : 'Accept as is';
    flash(kit, request, reply, {
      kind: done.length ? 'success' : 'info',
      text: `${what}: ${done.length} ticket${done.length === 1 ? '' : 's'} ${choice === 'repost' ? 'queued to be rewritten from the POS' : 'posted as QuickBooks now holds them'}${refused.length ? `, ${refused.length} left alone` : ''}.`,
      items: refused,
      ...(runIds.length > 0 && { link: { href: `/quickbooks?run=${runIds[runIds.length - 1]}#progress`, label: `Follow the progress of run ${runIds[runIds.length - 1]}` } }),
    });
    return reply.redirect(back, 303);
  });
}
