/**
 * The Tickets page's query: keyset paging over (business_date desc, location_id, ticket_id),
 * never OFFSET, so the thousandth page costs what the first does. The order matches the
 * indexes tickets_by_date / tickets_by_state (0001) and tickets_by_location (0002).
 */
import { sql } from 'kysely';
import type { ExpressionBuilder, Kysely, SelectQueryBuilder } from 'kysely';
import { ticketKey } from '../domain/ticket.js';
import type { AttentionKind } from '../domain/attention.js';
import type { TicketState } from '../domain/ticket-outcomes.js';
import { needsAttention } from './attention.js';
import type { DB } from './schema.js';

export interface TicketFilter {
  /** Business dates from (inclusive), 'YYYY-MM-DD'. */
  from?: string;
  /** Business dates to (inclusive), 'YYYY-MM-DD'. */
  to?: string;
  state?: TicketState;
  locationId?: string;
  /** Only tickets that need a person (store/attention.ts): any reason, or one. */
  attention?: AttentionKind | 'any';
  /** Problems (needing a person, or changed in QuickBooks) only, or all but them: the Tickets page lists them first. */
  problems?: 'only' | 'exclude';
}

/** A position in the order: the key of one row. */
export interface TicketCursor {
  businessDate: string;
  locationId: string;
  ticketId: string;
}

export interface TicketListRow extends TicketCursor {
  version: number;
  totalCents: number;
  state: TicketState;
  qboDocNumber: string | null;
  lastError: unknown;
}

export interface TicketPage {
  rows: TicketListRow[];
  /** Cursor for the page before this one (the "Newer" link), null on the first page. */
  newer: TicketCursor | null;
  /** Cursor for the page after this one (the "Older" link), null on the last page. */
  older: TicketCursor | null;
}

export interface PageRequest {
  /** Rows per page; default 50. */
  limit?: number;
  /** Rows after this key (older), or before it (newer). Absent: the first page. */
  after?: TicketCursor;
  before?: TicketCursor;
}

type Query = SelectQueryBuilder<DB, 'tickets', object>;

export async function ticketPage(db: Kysely<DB>, tenantId: string, filter: TicketFilter, req: PageRequest = {}): Promise<TicketPage> {
  const limit = req.limit ?? 50;
  if (req.before) {
    // Walk the index backwards from the cursor, then turn the rows round.
    const rows = await listed(olderThan(filtered(db, tenantId, filter), req.before, 'newer'), 'newer', limit + 1);
    const hasNewer = rows.length > limit;
    const page = rows.slice(0, limit).reverse();
    const last = page.at(-1);
    return { rows: page, newer: hasNewer ? keyOfRow(page[0]) : null, older: last ? keyOfRow(last) : null };
  }
  const base = filtered(db, tenantId, filter);
  const rows = await listed(req.after ? olderThan(base, req.after, 'older') : base, 'older', limit + 1);
  const page = rows.slice(0, limit);
  const first = page[0];
  const hasNewer = req.after !== undefined && first !== undefined
    && (await listed(olderThan(filtered(db, tenantId, filter), first, 'newer'), 'newer', 1)).length > 0;
  return { rows: page, newer: hasNewer ? keyOfRow(first) : null, older: rows.length > limit ? keyOfRow(page.at(-1)) : null };
}

function filtered(db: Kysely<DB>, tenantId: string, f: TicketFilter): Query {
  let q: Query = db.selectFrom('tickets').where('tenant_id', '=', tenantId);
  if (f.state) q = q.where('sync_state', '=', f.state);
  if (f.locationId) q = q.where('location_id', '=', f.locationId);
  if (f.from) q = q.where('business_date', '>=', f.from);
  if (f.to) q = q.where('business_date', '<=', f.to);
  if (f.attention) {
    const kind = f.attention;
    q = q.where((eb) => needsAttention(eb, kind));
  }
  if (f.problems) {
    const problem = (eb: ExpressionBuilder<DB, 'tickets'>) => eb.or([needsAttention(eb, 'any'), eb('sync_state', '=', 'changed-in-qbo')]);
    q = q.where((eb) => (f.problems === 'only' ? problem(eb) : eb.not(problem(eb))));
  }
  return q;
}

/**
 * Rows strictly past the cursor in the given direction. The date bound comes first and alone
 * (`<=` / `>=`) so the planner starts the index scan at the cursor's date; the OR only sorts
 * out the rows of that one date.
 */
function olderThan(q: Query, c: TicketCursor, direction: 'older' | 'newer'): Query {
  const key = (eb: ExpressionBuilder<DB, 'tickets'>) => eb.refTuple('location_id', 'ticket_id');
  if (direction === 'older') {
    return q.where('business_date', '<=', c.businessDate)
      .where((eb) => eb.or([eb('business_date', '<', c.businessDate), eb(key(eb), '>', eb.tuple(c.locationId, c.ticketId))]));
  }
  return q.where('business_date', '>=', c.businessDate)
    .where((eb) => eb.or([eb('business_date', '>', c.businessDate), eb(key(eb), '<', eb.tuple(c.locationId, c.ticketId))]));
}

async function listed(q: Query, direction: 'older' | 'newer', limit: number): Promise<TicketListRow[]> {
  const date = direction === 'older' ? 'desc' : 'asc';
  const key = direction === 'older' ? 'asc' : 'desc';
  const rows = await q
    .select(['location_id', 'ticket_id', 'business_date', 'version', 'total_cents', 'sync_state', 'qbo_doc_number', 'last_error'])
    .orderBy('business_date', date).orderBy('location_id', key).orderBy('ticket_id', key)
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    businessDate: r.business_date, locationId: r.location_id, ticketId: r.ticket_id, version: r.version,
    totalCents: r.total_cents, state: r.sync_state, qboDocNumber: r.qbo_doc_number, lastError: r.last_error,
  }));
}

function keyOfRow(row: TicketCursor | undefined): TicketCursor | null {
  return row ? { businessDate: row.businessDate, locationId: row.locationId, ticketId: row.ticketId } : null;
}

/** Which of the given tickets belong to the tenant (for acting on a selection), keyed by keyOf. */
export async function existingTicketKeys(db: Kysely<DB>, tenantId: string, keys: readonly { locationId: string; ticketId: string }[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // Two arrays through unnest, as in tickets.ts: a long list of row literals stalls PGlite's planner.
  const rows = await db.selectFrom('tickets').select(['location_id', 'ticket_id'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.ticketId)}::text[]))`))
    .execute();
  return new Set(rows.map((r) => ticketKey(r.location_id, r.ticket_id)));
}
