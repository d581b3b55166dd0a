/**
 * What a backfill still has to post (issue 16, Build 5): the tickets of some locations that a run
 * would take (pending or being posted, dated on or after the location's start date, not posted by
 * a summary day), and the documents they become - one Invoice or RefundReceipt each, and for a
 * sale one Payment per payment method (posting-rules §4). A voided ticket never posted needs none.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { summarisedTicket } from './posting-modes.js';
import type { DB } from './schema.js';

export interface RemainingWork {
  tickets: number;
  documents: number;
}

export async function remainingWork(db: Kysely<DB>, tenantId: string, locationIds: readonly string[]): Promise<RemainingWork> {
  if (locationIds.length === 0) return { tickets: 0, documents: 0 };
  const methods = sql<number>`(SELECT count(DISTINCT p->>'method') FROM jsonb_array_elements(coalesce(t.normalized->'payments', '[]'::jsonb)) p)`;
  const row = await db.selectFrom('tickets as t')
    .innerJoin('locations as l', (j) => j.onRef('l.tenant_id', '=', 't.tenant_id').onRef('l.id', '=', 't.location_id'))
    .where('t.tenant_id', '=', tenantId).where('t.location_id', 'in', [...locationIds])
    .where('t.sync_state', 'in', ['pending', 'posting'])
    .where(sql<boolean>`(l.sync_start_date IS NULL OR t.business_date >= l.sync_start_date)`)
    .where(sql<boolean>`NOT ${summarisedTicket('t')}`)
    .select([
      sql<string>`count(*)`.as('tickets'),
      sql<string>`coalesce(sum(CASE WHEN t.status = 'voided' THEN 0 WHEN t.total_cents > 0 THEN 1 + ${methods} ELSE 1 END), 0)`.as('documents'),
    ])
    .executeTakeFirstOrThrow();
  return { tickets: Number(row.tickets), documents: Number(row.documents) };
}
