/**
 * What the clearing balances view (issue 15 item 4) reads: the posted tickets that may have put
 * card money in a clearing account, and each processor's usual payout delay (migration 0012).
 */
import { sql } from 'kysely';
import { readStoredTicket } from '../domain/stored-ticket.js';
import type { Ticket } from '../domain/ticket.js';
import type { Db } from './db.js';

export interface ClearingTicket {
  locationId: string;
  businessDate: string;
  ticket: Pick<Ticket, 'payments' | 'total'>;
}

/**
 * Closed tickets of these stores, from that business date on, whose documents QuickBooks holds
 * (a version posted) and that have a card tender: the only ones that can have put money in a
 * clearing account.
 */
export async function clearingTickets(db: Db, tenantId: string, locationIds: readonly string[], from: string): Promise<ClearingTicket[]> {
  if (locationIds.length === 0) return [];
  const rows = await db.selectFrom('tickets').select(['location_id', 'business_date', 'normalized'])
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...locationIds]).where('business_date', '>=', from)
    .where('status', '=', 'closed').where('posted_version', 'is not', null)
    .where(sql<boolean>`normalized->'payments' @> '[{"method":"credit_card"}]'::jsonb`)
    .execute();
  return rows.flatMap((r) => {
    // A row that cannot be read was never posted from what it holds now: it has nothing to add.
    const read = readStoredTicket(r.normalized);
    return read.ok ? [{ locationId: r.location_id, businessDate: r.business_date, ticket: { payments: read.ticket.payments, total: read.ticket.total } }] : [];
  });
}

/** The usual delays set, by processor key (posNameKey). */
export async function processorDelays(db: Db, tenantId: string): Promise<Map<string, number>> {
  const rows = await db.selectFrom('processor_settings').select(['processor_key', 'usual_delay_days']).where('tenant_id', '=', tenantId).execute();
  return new Map(rows.map((r) => [r.processor_key, r.usual_delay_days]));
}

export async function setProcessorDelay(db: Db, tenantId: string, processorKey: string, days: number, by: string | null): Promise<void> {
  await db.insertInto('processor_settings')
    .values({ tenant_id: tenantId, processor_key: processorKey, usual_delay_days: days, updated_by: by })
    .onConflict((oc) => oc.columns(['tenant_id', 'processor_key']).doUpdateSet({ usual_delay_days: days, updated_by: by, updated_at: sql<Date>`now()` }))
    .execute();
}
