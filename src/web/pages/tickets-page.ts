/**
 * GET /tickets: filters, keyset pages, a checkbox per ticket and the "Batch Actions" menu.
 * POST /tickets/resync: "Resync selected tickets" for the tenant's own tickets only.
 * Tickets changed in QuickBooks: what changed, and Repost / Accept as is (tickets-drift.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAttentionKind } from '../../domain/attention.js';
import { readSyncError } from '../../domain/sync-error.js';
import type { AttentionKind } from '../../domain/attention.js';
import { attentionCounts } from '../../store/attention.js';
import type { AttentionCount } from '../../store/attention.js';
import { ATTENTION_WORDS, actionHref, attentionTicketsHref } from './attention-words.js';
import { TICKET_STATES } from '../../domain/ticket-outcomes.js';
import { listLocations } from '../../store/locations.js';
import { existingTicketKeys, ticketPage } from '../../store/ticket-pages.js';
import { ticketKey } from '../../domain/ticket.js';
import type { TicketKey } from '../../sync/index.js';
import { safeLocalPath, sessionOf } from '../session/guards.js';
import { field, fieldList, flash, sendHtml, signedInLayout } from './page-kit.js';
import type { PageKit } from './page-kit.js';
import { PAGE_SIZE, encodeCursor, parseTicketRef, parseTicketsQuery, ticketRef, ticketsUrl } from './tickets-query.js';
import type { RawQuery } from './tickets-query.js';
import * as format from './format.js';
import { readError } from './ticket-view.js';
import { driftNotes } from './tickets-drift.js';

/** The most tickets one "Resync selected tickets" takes (a page is 50). */
export const MAX_SELECTION = 500;

export function ticketsPage(app: FastifyInstance, kit: PageKit): void {
  app.get<{ Querystring: RawQuery }>('/tickets', async (request, reply) => sendHtml(reply, 200, kit.render('tickets', {
    ...signedInLayout(kit, request, reply, 'Tickets', 'tickets'), ...await listView(kit, request),
  })));

  app.post('/tickets/resync', async (request, reply) => {
    const tenantId = sessionOf(request).user.tenantId;
    const back = safeLocalPath(field(request, 'return'), '/tickets', '/tickets');
    const refs = fieldList(request, 'ticket');
    if (refs.length === 0) {
      flash(kit, request, reply, { kind: 'info', text: 'Select the tickets to resync first (the boxes in the first column).' });
      return reply.redirect(back, 303);
    }
    if (refs.length > MAX_SELECTION) {
      flash(kit, request, reply, { kind: 'error', text: `Select at most ${MAX_SELECTION} tickets at a time (${refs.length} were selected).` });
      return reply.redirect(back, 303);
    }
    const keys = refs.map(parseTicketRef).filter((k): k is TicketKey => k !== null);
    const known = await existingTicketKeys(kit.deps.db, tenantId, keys);
    // A ticket of another tenant is as unknown here as one that never existed.
    const mine = keys.filter((k) => known.has(ticketKey(k.locationId, k.ticketId)));
    const unknownCount = refs.length - mine.length;
    const outcome = mine.length ? await kit.deps.sync.resync(tenantId, mine) : { queued: [], ignored: [], runId: null };
    const items = outcome.ignored.map((i) => `${format.id(i.ticketId)} (${format.id(i.locationId)}): ${i.reason}`);
    if (unknownCount) items.push(`${unknownCount} ticket${unknownCount === 1 ? '' : 's'} not found`);
    const ignored = outcome.ignored.length + unknownCount;
    const resyncHref = outcome.runId === null ? null : `/resyncs/${outcome.runId}`;
    flash(kit, request, reply, {
      kind: outcome.queued.length ? 'success' : 'info',
      text: `Resync selected tickets: ${plural(outcome.queued.length, 'ticket')} queued, ${ignored} ignored.${outcome.runId === null ? ''
        : ` Run ${outcome.runId} posts ${outcome.queued.length === 1 ? 'it' : 'them'} again now; this page shows how each one ends (posted, or skipped again with QuickBooks' reason).`}`,
      items,
    });
    return reply.redirect(resyncHref ?? back, 303);
  });
}

/** What the list shows: the filters, one page of rows, the "Needs attention" tab and its reasons, the links. */
async function listView(kit: PageKit, request: FastifyRequest<{ Querystring: RawQuery }>) {
  const tenantId = sessionOf(request).user.tenantId;
  const q = parseTicketsQuery(request.query);
  const ordered = await orderedPage(kit, tenantId, q);
  const [locations, attention] = await Promise.all([listLocations(kit.deps.db, tenantId), attentionCounts(kit.deps.db, tenantId)]);
  const names = new Map(locations.map((l) => [l.id, l.name]));
  const drift = await driftNotes(kit, tenantId, ordered.rows);
  const rows = ordered.rows.map((r) => ({ drift: drift.get(ticketKey(r.locationId, r.ticketId)) ?? null,
    ...r, ref: ticketRef(r.locationId, r.ticketId), locationName: names.get(r.locationId) ?? r.locationId,
    href: `/tickets/${encodeURIComponent(r.locationId)}/${encodeURIComponent(r.ticketId)}`, error: shortError(r.lastError),
  }));
  const here = request.url.split('?')[1];
  const order: Record<string, string> = q.order ? { order: q.order } : {};
  const cursor: Record<string, string> = q.page.after ? { after: encodeCursor(q.page.after) } : q.page.before ? { before: encodeCursor(q.page.before) } : {};
  const cursorParam: Record<string, string> = { ...order, ...cursor };
  const { attention: _, ...allFilter } = q.filter;
  const { page } = ordered;
  return {
    filter: q.filter, problems: q.problems, selectAll: q.selectAll, locations, states: TICKET_STATES, rows,
    current: here ? `/tickets?${here}` : '/tickets',
    tabs: attentionTabs(attention, q.filter.locationId, ticketsUrl(allFilter), ticketsUrl({ ...allFilter, state: undefined, attention: 'any' })),
    newerUrl: page.newer ? ticketsUrl(q.filter, { ...order, before: encodeCursor(page.newer) }) : null,
    olderUrl: page.older ? ticketsUrl(q.filter, { ...order, after: encodeCursor(page.older) }) : null,
    selectAllUrl: ticketsUrl(q.filter, { ...cursorParam, select: 'all' }),
    clearSelectionUrl: ticketsUrl(q.filter, cursorParam),
    order: { problemsFirst: ordered.problemsFirst, problemCount: ordered.problemCount, more: ordered.moreProblems, chosen: q.order ?? null,
      byDateUrl: ticketsUrl(q.filter, { order: 'date' }), problemsFirstUrl: ticketsUrl(q.filter) },
  };
}

/**
 * Problems first by default (issue 18): unless the user chose an order, tickets that need a
 * person or changed in QuickBooks lead the first page (up to a page of them), and the pages
 * go on through the others, newest first. Chosen "date": every ticket newest first.
 */
async function orderedPage(kit: PageKit, tenantId: string, q: ReturnType<typeof parseTicketsQuery>) {
  const db = kit.deps.db;
  const byDate = q.order === 'date' || q.filter.attention !== undefined;
  const problems = byDate ? [] : (await ticketPage(db, tenantId, { ...q.filter, problems: 'only' }, { limit: PAGE_SIZE + 1 })).rows;
  const problemsFirst = problems.length > 0;
  const page = await ticketPage(db, tenantId, problemsFirst ? { ...q.filter, problems: 'exclude' } : q.filter, q.page);
  const lead = problemsFirst && !q.page.after && !q.page.before ? problems.slice(0, PAGE_SIZE) : [];
  return { page, rows: [...lead, ...page.rows], problemsFirst, problemCount: lead.length, moreProblems: problems.length > PAGE_SIZE };
}

/** The two tabs and, for "Needs attention", each reason present with its words and action. */
function attentionTabs(counts: readonly AttentionCount[], locationId: string | undefined, allUrl: string, attentionUrl: string) {
  const mine = counts.filter((c) => locationId === undefined || c.locationId === locationId);
  const byKind = new Map<AttentionKind, number>();
  for (const c of mine) byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + c.tickets);
  const reasons = [...byKind].map(([kind, tickets]) => ({
    kind, tickets, ...ATTENTION_WORDS[kind], href: attentionTicketsHref(kind, locationId), actionHref: actionHref(kind, locationId),
  }));
  return { allUrl, attentionUrl, attentionCount: reasons.reduce((n, r) => n + r.tickets, 0), reasons };
}

/**
 * The list shows the code and the headline of the message ("Account Period Closed", the part
 * QuickBooks puts before its detail); the ticket page has all of it.
 */
function shortError(value: unknown): { code: string; message: string; reason: string | null } | null {
  const e = readError(value);
  if (!e) return null;
  const kind = readSyncError(value)?.kind;
  const reason = kind && isAttentionKind(kind) ? ATTENTION_WORDS[kind].title : null;
  const colon = e.message.indexOf(': ');
  const headline = colon > 0 && colon <= 60 ? e.message.slice(0, colon) : e.message;
  return { code: e.qboCode ?? e.code, message: headline.length > 60 ? `${headline.slice(0, 57).trimEnd()}…` : headline, reason };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
