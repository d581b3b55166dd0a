/** The tickets a summary day sums (summary-rules §2): closed, not voided, summarised (not line-by-line), latest version of each. */
import { sql } from 'kysely';
import { readStoredTicket } from '../domain/stored-ticket.js';
import type { Db } from './db.js';
import { summarisedTicket } from './posting-modes.js';
import type { DayRef } from './summary-days.js';

export interface DayTicket extends DayRef {
  ticketId: string;
  version: number;
  stored: ReturnType<typeof readStoredTicket>;
}

export async function summaryTickets(db: Db, tenantId: string, days: readonly DayRef[]): Promise<DayTicket[]> {
  if (days.length === 0) return [];
  const rows = await db.selectFrom('tickets as t')
    .select(['t.location_id', 't.business_date', 't.ticket_id', 't.version', 't.normalized'])
    .where('t.tenant_id', '=', tenantId).where('t.status', '=', 'closed')
    .where((eb) => eb(eb.refTuple('t.location_id', sql<string>`t.business_date::text`), 'in',
      sql<[string, string]>`(SELECT * FROM unnest(${days.map((d) => d.locationId)}::text[], ${days.map((d) => d.businessDate)}::text[]))`))
    .where(summarisedTicket('t'))
    .orderBy('t.location_id').orderBy('t.business_date').orderBy('t.ticket_id')
    .execute();
  return rows.map((r) => ({
    locationId: r.location_id, businessDate: r.business_date, ticketId: r.ticket_id, version: r.version, stored: readStoredTicket(r.normalized),
  }));
}
