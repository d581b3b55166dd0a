/**
 * QuickBooks usage per company (realm) and calendar month (UTC): metered reads, writes, OAuth
 * calls, and whether the company's reads are blocked by Intuit's monthly quota. Written in
 * bulk from the client's in-memory tally (one statement per flush, whatever its size).
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { DB } from './schema.js';

export interface UsageDeltaRow {
  realmId: string;
  month: string;
  reads: number;
  writes: number;
  oauth: number;
  blockedAt: number | null;
  lastReadAt: number | null;
}

export interface CompanyUsage {
  realmId: string;
  month: string;
  reads: number;
  writes: number;
  oauthCalls: number;
  /** Set while the company's reads are blocked (the last refusal); null once a read worked again. */
  quotaBlockedAt: Date | null;
  lastReadAt: Date | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

/** Adds the deltas to the month's rows; a block stands unless a read worked after it. */
export async function addUsage(db: Kysely<DB>, deltas: readonly UsageDeltaRow[]): Promise<void> {
  if (deltas.length === 0) return;
  const values = deltas.map((d) => {
    const stillBlocked = d.blockedAt !== null && (d.lastReadAt === null || d.blockedAt > d.lastReadAt);
    return {
      realm_id: d.realmId, month: d.month, reads: d.reads, writes: d.writes, oauth_calls: d.oauth,
      quota_blocked_at: stillBlocked ? date(d.blockedAt) : null, last_read_at: date(d.lastReadAt),
    };
  });
  await db.insertInto('qbo_usage').values(values)
    .onConflict((oc) => oc.columns(['realm_id', 'month']).doUpdateSet((eb) => ({
      reads: eb('qbo_usage.reads', '+', eb.ref('excluded.reads')),
      writes: eb('qbo_usage.writes', '+', eb.ref('excluded.writes')),
      oauth_calls: eb('qbo_usage.oauth_calls', '+', eb.ref('excluded.oauth_calls')),
      quota_blocked_at: sql<Date | null>`CASE WHEN excluded.quota_blocked_at IS NOT NULL THEN excluded.quota_blocked_at
        WHEN excluded.last_read_at IS NOT NULL THEN NULL ELSE qbo_usage.quota_blocked_at END`,
      last_read_at: sql<Date | null>`GREATEST(qbo_usage.last_read_at, excluded.last_read_at)`,
      updated_at: new Date(),
    })))
    .execute();
}

/** The month's usage of these companies (a company without a row made no call that month). */
export async function usageOf(db: Kysely<DB>, realmIds: readonly string[], month: string): Promise<CompanyUsage[]> {
  if (realmIds.length === 0) return [];
  const rows = await db.selectFrom('qbo_usage')
    .select(['realm_id', 'month', 'reads', 'writes', 'oauth_calls', 'quota_blocked_at', 'last_read_at'])
    .where('realm_id', 'in', [...realmIds]).where('month', '=', month).execute();
  return rows.map((r) => ({
    realmId: r.realm_id, month: r.month, reads: Number(r.reads), writes: Number(r.writes), oauthCalls: Number(r.oauth_calls),
    quotaBlockedAt: r.quota_blocked_at, lastReadAt: r.last_read_at,
  }));
}

/** Metered reads of every company of this installation in the month: what its budget is measured against. */
export async function deploymentReads(db: Kysely<DB>, month: string): Promise<number> {
  const row = await db.selectFrom('qbo_usage').select((eb) => eb.fn.coalesce(eb.fn.sum<number>('reads'), eb.lit(0)).as('reads'))
    .where('month', '=', month).executeTakeFirst();
  return Number(row?.reads ?? 0);
}
