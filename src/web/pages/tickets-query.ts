/**
 * The Tickets page's address: filters and a keyset cursor in the query string, so every
 * page can be bookmarked, shared and reloaded. Bad values are dropped with a note, never a 500.
 */
import { DATE_RANGE_TEXT, isDateInRange } from '../../domain/business-date.js';
import { isStorable } from '../../domain/ticket-schema.js';
import { isTicketState } from '../../domain/ticket-outcomes.js';
import { isAttentionKind } from '../../domain/attention.js';
import type { PageRequest, TicketCursor, TicketFilter } from '../../store/ticket-pages.js';

export interface TicketsQuery {
  filter: TicketFilter;
  page: PageRequest;
  /** "select all" link without scripts: render every box checked. */
  selectAll: boolean;
  /** What was dropped and why. */
  problems: string[];
  /** The order the user chose; absent: problems first when there are any, then newest first. */
  order?: TicketOrder;
}

export const TICKET_ORDERS = ['problems', 'date'] as const;
export type TicketOrder = (typeof TICKET_ORDERS)[number];

export type RawQuery = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 50;

export function parseTicketsQuery(q: RawQuery): TicketsQuery {
  const problems: string[] = [];
  const filter: TicketFilter = {};
  const from = one(q.from);
  const to = one(q.to);
  // Dates outside the service's calendar are no filter (year 0000 made PostgreSQL answer 500).
  if (from && isDateInRange(from)) filter.from = from;
  else if (from) problems.push(`"${from}" is not a date from ${DATE_RANGE_TEXT} (the From filter was ignored)`);
  if (to && isDateInRange(to)) filter.to = to;
  else if (to) problems.push(`"${to}" is not a date from ${DATE_RANGE_TEXT} (the To filter was ignored)`);
  const state = one(q.state);
  if (state && isTicketState(state)) filter.state = state;
  else if (state) problems.push(`"${state}" is not a sync state (the state filter was ignored)`);
  const location = one(q.location);
  if (location) filter.locationId = location;
  const attention = one(q.attention);
  if (attention === 'any' || (attention && isAttentionKind(attention))) filter.attention = attention;
  else if (attention) problems.push(`"${attention}" is not a reason tickets need attention for (that filter was ignored)`);
  const page: PageRequest = { limit: PAGE_SIZE };
  const after = one(q.after);
  const before = one(q.before);
  if (after) {
    const c = decodeCursor(after);
    if (c) page.after = c;
    else problems.push('the page link was damaged; showing the first page');
  } else if (before) {
    const c = decodeCursor(before);
    if (c) page.before = c;
    else problems.push('the page link was damaged; showing the first page');
  }
  const order = one(q.order);
  const chosen = TICKET_ORDERS.find((o) => o === order);
  if (order && !chosen) problems.push(`"${order}" is not an order of the list (problems first, or date); the default was used`);
  return { filter, page, selectAll: one(q.select) === 'all', problems, ...(chosen && { order: chosen }) };
}

export function encodeCursor(c: TicketCursor): string {
  return Buffer.from(JSON.stringify([c.businessDate, c.locationId, c.ticketId])).toString('base64url');
}

export function decodeCursor(text: string): TicketCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'string')) return null;
    const [businessDate, locationId, ticketId] = v as [string, string, string];
    // A cursor is text from the address bar: only values the store can compare are a position.
    return isDateInRange(businessDate) && isStorable(locationId) && isStorable(ticketId) ? { businessDate, locationId, ticketId } : null;
  } catch {
    return null;
  }
}

/** /tickets with the filters kept and the given extras (cursor, select). */
export function ticketsUrl(filter: TicketFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  if (filter.state) params.set('state', filter.state);
  if (filter.locationId) params.set('location', filter.locationId);
  if (filter.attention) params.set('attention', filter.attention);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const s = params.toString();
  return s ? `/tickets?${s}` : '/tickets';
}

/** A checkbox value naming one ticket; ids may hold '/', so both parts are encoded. */
export function ticketRef(locationId: string, ticketId: string): string {
  return `${encodeURIComponent(locationId)}/${encodeURIComponent(ticketId)}`;
}

export function parseTicketRef(value: string): { locationId: string; ticketId: string } | null {
  const i = value.indexOf('/');
  if (i <= 0 || i === value.length - 1) return null;
  try {
    const ref = { locationId: decodeURIComponent(value.slice(0, i)), ticketId: decodeURIComponent(value.slice(i + 1)) };
    // Decoding can make text the store cannot compare ("%00"): no ticket is named so.
    return isStorable(ref.locationId) && isStorable(ref.ticketId) ? ref : null;
  } catch {
    return null;
  }
}

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s.trim() === '' ? undefined : s.trim();
}
