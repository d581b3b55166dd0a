/**
 * What the clearing balances view (issue 15 item 4) reads: the posted tickets that may have put
 * card money in a clearing account, and each processor's usual payout delay (migration 0012).
 */
import { sql } from 'kysely';
import { readStoredTicket } from '../domain/stored-ticket.js';
import type { Ticket } from '../domain/ticket.js';
import type { Db } from './db.js';
import { summarisedTicket } from './posting-modes.js';

export interface ClearingTicket {
  locationId: string;
  businessDate: string;
  /** Posted by its day's summary (its tenders are the day receipt's tender lines), not line by line. */
  summarised: boolean;
  ticket: Pick<Ticket, 'payments' | 'total'>;
}

/**
 * Closed tickets of these stores, from that business date on, whose documents QuickBooks holds
 * (a version posted line by line, or a summary day posted at least once) and that have a card
 * tender: the only ones that can have put money in a clearing account. A summary day out of
 * date counts its tickets as they are now (the next run rewrites it so).
 */
export async function clearingTickets(db: Db, tenantId: string, locationIds: readonly string[], from: string): Promise<ClearingTicket[]> {
  if (locationIds.length === 0) return [];
  const rows = await db.selectFrom('tickets').select(['location_id', 'business_date', 'normalized', summarisedTicket('tickets').as('summarised')])
    .where('tenant_id', '=', tenantId).where('location_id', 'in', [...locationIds]).where('business_date', '>=', from)
    .where('status', '=', 'closed')
    .where((eb) => eb.or([eb('posted_version', 'is not', null), sql<boolean>`(${summarisedTicket('tickets')} AND EXISTS (SELECT 1 FROM summary_days d
      WHERE d.tenant_id = tickets.tenant_id AND d.location_id = tickets.location_id AND d.business_date = tickets.business_date AND d.revision > 0))`]))
    .where(sql<boolean>`normalized->'payments' @> '[{"method":"credit_card"}]'::jsonb`)
    .execute();
  return rows.flatMap((r) => {
    // A row that cannot be read was never posted from what it holds now: it has nothing to add.
    const read = readStoredTicket(r.normalized);
    return read.ok ? [{
      locationId: r.location_id, businessDate: r.business_date, summarised: r.summarised === true,
      ticket: { payments: read.ticket.payments, total: read.ticket.total },
    }] : [];
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
