/**
 * The POS names the tickets of some locations carry (categories, tenders and custom labels, tax
 * and discount names, tips and the other specials), with how many tickets and how much money
 * over a period, for the mapping page. Grouped in SQL by the name as the mapping matches it
 * (trimmed, spaces collapsed, case folded: domain/account-mapping.ts posNameKey), so "Coffee "
 * and "coffee" are one row, shown by the spelling most tickets use.
 */
import { sql } from 'kysely';
import type { Db } from './db.js';

export interface NameSeenRow {
  role: 'category' | 'method' | 'tax' | 'discount' | 'special';
  key: string;
  name: string;
  tickets: number;
  cents: number;
  /** The first business date it was met, within the look-back. */
  firstSeen: string;
}

/**
 * Names in closed tickets of `locationIds` with a business date in [from, to]; `lookBackFrom`
 * (≤ from) bounds how far back "first seen" is looked for, so the page never reads all history.
 */
export async function namesSeen(db: Db, tenantId: string, q: { locationIds: readonly string[]; from: string; to: string; lookBackFrom: string }):
  Promise<NameSeenRow[]> {
  if (q.locationIds.length === 0) return [];
  const key = (e: ReturnType<typeof sql>) => sql`lower(regexp_replace(btrim(${e}), '\\s+', ' ', 'g'))`;
  const inPeriod = sql`business_date >= ${q.from}::date`;
  const rows = await sql<{ role: NameSeenRow['role']; key: string; name: string; tickets: string | number; cents: string | number; first_seen: string }>`
    WITH t AS (
      SELECT location_id, ticket_id, business_date, normalized AS n FROM tickets
      WHERE tenant_id = ${tenantId} AND location_id IN (${sql.join(q.locationIds)}) AND status = 'closed'
        AND business_date >= ${q.lookBackFrom}::date AND business_date <= ${q.to}::date
    ), parts AS (
      SELECT 'category' AS role, coalesce(nullif(btrim(l->>'category'), ''), 'Uncategorized') AS name, NULL::text AS method,
             (l->>'extended')::bigint AS cents, location_id, ticket_id, business_date
        FROM t, jsonb_array_elements(t.n->'lines') l WHERE l->>'kind' <> 'gift_card'
      UNION ALL
      SELECT 'method', coalesce(nullif(btrim(p->>'label'), ''), p->>'method'), CASE WHEN nullif(btrim(p->>'label'), '') IS NULL THEN p->>'method' END,
             (p->>'amount')::bigint, location_id, ticket_id, business_date
        FROM t, jsonb_array_elements(t.n->'payments') p
      UNION ALL
      SELECT 'tax', x->>'name', NULL, (x->>'amount')::bigint, location_id, ticket_id, business_date FROM t, jsonb_array_elements(t.n->'taxes') x
      UNION ALL
      SELECT 'discount', d->>'name', NULL, (d->>'amount')::bigint, location_id, ticket_id, business_date FROM t, jsonb_array_elements(t.n->'discounts') d
      UNION ALL
      SELECT 'discount', d->>'name', NULL, (d->>'amount')::bigint, location_id, ticket_id, business_date
        FROM t, jsonb_array_elements(t.n->'lines') l, jsonb_array_elements(l->'discounts') d
      UNION ALL
      SELECT 'special', s.name, s.name, s.cents, location_id, ticket_id, business_date
        FROM t, LATERAL (VALUES ('tips', (t.n->>'tip')::bigint), ('rewardPoints', (t.n->>'rewardPointsRedeemed')::bigint),
                                ('customerBalance', (t.n->>'customerBalanceUsed')::bigint)) AS s(name, cents)
       WHERE s.cents <> 0
      UNION ALL
      SELECT 'special', 'giftCardSales', 'giftCardSales', (l->>'extended')::bigint, location_id, ticket_id, business_date
        FROM t, jsonb_array_elements(t.n->'lines') l WHERE l->>'kind' = 'gift_card'
    ), keyed AS (
      SELECT role, name, cents, location_id, ticket_id, business_date,
             CASE WHEN method IS NOT NULL THEN method WHEN role = 'method' THEN 'label:' || ${key(sql`name`)} ELSE ${key(sql`name`)} END AS key
        FROM parts
    )
    SELECT role, key, mode() WITHIN GROUP (ORDER BY name) FILTER (WHERE ${inPeriod}) AS name,
           count(DISTINCT (location_id, ticket_id)) FILTER (WHERE ${inPeriod}) AS tickets,
           coalesce(sum(cents) FILTER (WHERE ${inPeriod}), 0) AS cents,
           to_char(min(business_date), 'YYYY-MM-DD') AS first_seen
      FROM keyed GROUP BY role, key
    HAVING count(*) FILTER (WHERE ${inPeriod}) > 0
     ORDER BY role, tickets DESC, key`.execute(db);
  return rows.rows.map((r) => ({ role: r.role, key: r.key, name: r.name, tickets: Number(r.tickets), cents: Number(r.cents), firstSeen: r.first_seen }));
}
