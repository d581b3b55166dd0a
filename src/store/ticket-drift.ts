/**
 * What changed in QuickBooks for a ticket (ticket_drift), and the outcome table's drift moves:
 * posted → changed-in-qbo when a change is noticed, then "Repost" (pending, a new attempt
 * epoch) or "Accept as is" (posted, with the facts QuickBooks now holds). Each move, the
 * records and the ticket's history event are written in one transaction.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { ticketKey } from '../domain/ticket.js';
import { readDocs } from '../domain/ticket-docs.js';
import type { TicketDocs } from '../domain/ticket-docs.js';
import type { TicketState } from '../domain/ticket-outcomes.js';
import type { ChangeSource, DriftChange } from './drift-schema.js';
import { markChangesDone } from './qbo-changes.js';
import type { DB } from './schema.js';
import { ticketMove } from './ticket-moves.js';

export interface DocsHolder {
  locationId: string;
  ticketId: string;
  version: number;
  state: TicketState;
  docs: TicketDocs;
}

export interface DocChange {
  entity: string;
  docId: string;
  change: DriftChange;
  /** QuickBooks' SyncToken when noticed; null when deleted. */
  syncToken: string | null;
  source: ChangeSource;
}

export interface DriftNotice {
  locationId: string;
  ticketId: string;
  version: number;
  changes: DocChange[];
}

export interface OpenDrift extends DocChange {
  noticedAt: Date;
}

const WATCHED: readonly TicketState[] = ['posted', 'changed-in-qbo'];
const list = (ids: readonly string[]) => sql`${[...ids]}::text[]`;

/** Posted (or already changed) tickets of a connection's locations whose facts name one of these documents. */
export async function ticketsHoldingDocs(db: Kysely<DB>, tenantId: string, connectionId: number,
  ids: { Invoice: readonly string[]; RefundReceipt: readonly string[]; Payment: readonly string[] }): Promise<DocsHolder[]> {
  if (ids.Invoice.length + ids.RefundReceipt.length + ids.Payment.length === 0) return [];
  const rows = await sql<{ location_id: string; ticket_id: string; version: number; sync_state: TicketState; qbo_docs: unknown }>`
    SELECT t.location_id, t.ticket_id, t.version, t.sync_state, t.qbo_docs FROM tickets t
    JOIN locations l ON l.tenant_id = t.tenant_id AND l.id = t.location_id
    WHERE t.tenant_id = ${tenantId} AND l.connection_id = ${connectionId}
      AND t.sync_state IN (${sql.join(WATCHED.map((s) => sql.lit(s)))})
      AND (t.qbo_docs -> 'invoice' ->> 'id' = ANY(${list(ids.Invoice)})
        OR t.qbo_docs -> 'refundReceipt' ->> 'id' = ANY(${list(ids.RefundReceipt)})
        OR EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(t.qbo_docs -> 'payments', '[]'::jsonb)) p
                   WHERE p ->> 'id' = ANY(${list(ids.Payment)})))`.execute(db);
  return rows.rows.map((r) => ({ locationId: r.location_id, ticketId: r.ticket_id, version: r.version, state: r.sync_state, docs: readDocs(r.qbo_docs) }));
}

/** Facts brought up to QuickBooks' SyncTokens after our own writes, for tickets still posted at that version. */
export async function refreshPostedFacts(db: Kysely<DB>, tenantId: string,
  updates: readonly { locationId: string; ticketId: string; version: number; docs: TicketDocs }[]): Promise<void> {
  if (updates.length === 0) return;
  await sql`
    UPDATE tickets t SET qbo_docs = v.docs::jsonb
    FROM (SELECT * FROM unnest(${updates.map((u) => u.locationId)}::text[], ${updates.map((u) => u.ticketId)}::text[],
                               ${updates.map((u) => u.version)}::int[], ${updates.map((u) => JSON.stringify(u.docs))}::text[])
          AS x(location_id, ticket_id, version, docs)) v
    WHERE t.tenant_id = ${tenantId} AND t.location_id = v.location_id AND t.ticket_id = v.ticket_id AND t.version = v.version
      AND t.sync_state = 'posted'`.execute(db);
}

/**
 * Marks each noticed ticket changed in QuickBooks (if it is still posted or changed, at the
 * version the check saw), records what changed and a history event, and marks the changes
 * looked at: all in one transaction. Returns how many tickets were newly marked.
 */
export async function recordDrift(db: Kysely<DB>, tenantId: string, notices: readonly DriftNotice[], changeIds: readonly number[]): Promise<number> {
  const move = ticketMove('drift');
  return db.transaction().execute(async (trx) => {
    let marked = 0;
    for (const n of notices) {
      const moved = await trx.updateTable('tickets').set({ sync_state: move.to })
        .where('tenant_id', '=', tenantId).where('location_id', '=', n.locationId).where('ticket_id', '=', n.ticketId)
        .where('version', '=', n.version).where('sync_state', 'in', move.from).executeTakeFirst();
      marked += Number(moved.numUpdatedRows);
      const still = await trx.selectFrom('tickets').select('sync_state').where('tenant_id', '=', tenantId)
        .where('location_id', '=', n.locationId).where('ticket_id', '=', n.ticketId).where('version', '=', n.version).executeTakeFirst();
      if (still?.sync_state !== move.to) continue;
      // Seen already (the same change announced by a webhook and again by CDC): recorded once.
      const open = await openDrift(trx, tenantId, n.locationId, n.ticketId);
      const known = (c: DocChange) => open.some((o) => o.entity === c.entity && o.docId === c.docId && o.change === c.change && o.syncToken === c.syncToken);
      const fresh = n.changes.filter((c) => !known(c));
      if (fresh.length === 0) continue;
      await trx.insertInto('ticket_drift').values(fresh.map((c) => ({
        tenant_id: tenantId, location_id: n.locationId, ticket_id: n.ticketId, entity: c.entity, doc_id: c.docId, change: c.change,
        qbo_sync_token: c.syncToken, source: c.source,
      }))).execute();
      await trx.insertInto('sync_events').values({
        run_id: null, tenant_id: tenantId, location_id: n.locationId, ticket_id: n.ticketId, version: n.version, kind: 'changed-in-qbo',
        detail: JSON.stringify({ changes: fresh.map((c) => ({ entity: c.entity, id: c.docId, change: c.change, syncToken: c.syncToken, source: c.source })) }),
      }).execute();
    }
    await markChangesDone(trx, changeIds);
    return marked;
  });
}

/** The changes noticed for a ticket and not yet reposted or accepted, oldest first. */
export async function openDrift(db: Kysely<DB>, tenantId: string, locationId: string, ticketId: string): Promise<OpenDrift[]> {
  const rows = await db.selectFrom('ticket_drift').selectAll().where('tenant_id', '=', tenantId).where('location_id', '=', locationId)
    .where('ticket_id', '=', ticketId).where('resolved_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => ({ entity: r.entity, docId: r.doc_id, change: r.change, syncToken: r.qbo_sync_token, source: r.source, noticedAt: r.noticed_at }));
}

/** The open changes of these tickets (the Tickets page's rows), by `location/ticket` key. */
export async function openDriftOf(db: Kysely<DB>, tenantId: string,
  keys: readonly { locationId: string; ticketId: string }[]): Promise<Map<string, OpenDrift[]>> {
  const out = new Map<string, OpenDrift[]>();
  if (keys.length === 0) return out;
  const rows = await db.selectFrom('ticket_drift').selectAll().where('tenant_id', '=', tenantId).where('resolved_at', 'is', null)
    .where((eb) => eb(eb.refTuple('location_id', 'ticket_id'), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${keys.map((k) => k.locationId)}::text[], ${keys.map((k) => k.ticketId)}::text[]))`))
    .orderBy('id').execute();
  for (const r of rows) {
    const key = ticketKey(r.location_id, r.ticket_id);
    const change = { entity: r.entity, docId: r.doc_id, change: r.change, syncToken: r.qbo_sync_token, source: r.source, noticedAt: r.noticed_at };
    out.set(key, [...(out.get(key) ?? []), change]);
  }
  return out;
}

export interface ChangedTicket {
  locationId: string;
  ticketId: string;
  version: number;
  businessDate: string;
  totalCents: number;
  changes: OpenDrift[];
}

/** Tickets changed in QuickBooks, newest business date first, with what changed. */
export async function changedTickets(db: Kysely<DB>, tenantId: string, limit: number): Promise<ChangedTicket[]> {
  const tickets = await db.selectFrom('tickets').select(['location_id', 'ticket_id', 'version', 'business_date', 'total_cents'])
    .where('tenant_id', '=', tenantId).where('sync_state', '=', 'changed-in-qbo')
    .orderBy('business_date', 'desc').orderBy('location_id').orderBy('ticket_id').limit(limit).execute();
  const out: ChangedTicket[] = [];
  for (const t of tickets) {
    out.push({ locationId: t.location_id, ticketId: t.ticket_id, version: t.version, businessDate: t.business_date, totalCents: t.total_cents,
      changes: await openDrift(db, tenantId, t.location_id, t.ticket_id) });
  }
  return out;
}

/**
 * The user's choice for a changed ticket: the move, its facts, the drift records resolved and
 * a history event, in one transaction. False when the ticket is not changed in QuickBooks (any
 * more) at this version.
 */
export async function resolveDrift(db: Kysely<DB>, tenantId: string, t: { locationId: string; ticketId: string; version: number },
  choice: 'repost' | 'accept', docs: TicketDocs, by: string | null): Promise<boolean> {
  const move = ticketMove(choice);
  return db.transaction().execute(async (trx) => {
    const moved = await trx.updateTable('tickets')
      .set((eb) => ({
        sync_state: move.to, qbo_docs: JSON.stringify(docs), last_run_id: null,
        ...(choice === 'repost' ? { post_epoch: eb('post_epoch', '+', 1) } : { synced_at: new Date() }),
      }))
      .where('tenant_id', '=', tenantId).where('location_id', '=', t.locationId).where('ticket_id', '=', t.ticketId)
      .where('version', '=', t.version).where('sync_state', 'in', move.from).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    const resolved = await trx.updateTable('ticket_drift').set({ resolved_at: new Date(), resolution: choice })
      .where('tenant_id', '=', tenantId).where('location_id', '=', t.locationId).where('ticket_id', '=', t.ticketId)
      .where('resolved_at', 'is', null).returning(['entity', 'doc_id', 'change']).execute();
    await trx.insertInto('sync_events').values({
      run_id: null, tenant_id: tenantId, location_id: t.locationId, ticket_id: t.ticketId, version: t.version,
      kind: choice === 'repost' ? 'repost' : 'accepted-as-is',
      detail: JSON.stringify({ by, changes: resolved.map((r) => ({ entity: r.entity, id: r.doc_id, change: r.change })) }),
    }).execute();
    return true;
  });
}
