/**
 * The history of each summary day (issues 14 and 16), as sync_events is for tickets: the
 * statements that settle or requeue a day (summary-days.ts) insert its event in the same
 * statement; this module builds that insert and reads the history back.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Db } from './db.js';

export interface DayEvent {
  id: number;
  runId: number | null;
  revision: number;
  at: Date;
  /** posted, skipped, changed-in-qbo, out-of-date, ready, undone, withheld, resync, repost. */
  kind: string;
  detail: DayEventDetail | null;
}

export interface DayEventDetail {
  /** The run's outcome (settlements). */
  outcome?: string;
  /** The QuickBooks ids of the documents the day holds after the event. */
  docs?: { salesReceipt?: string; cogs?: string; drawer?: string };
  /** Why it is skipped, changed or waiting. */
  reason?: string | null;
  /** Who asked (resync, repost). */
  by?: string | null;
}

/**
 * `INSERT INTO day_events … SELECT … FROM moved`: `moved` is a CTE of the days just moved,
 * with tenant_id, location_id, business_date, state, revision, last_run_id, docs, last_error and
 * outcome columns. Undo's outcomes and a person's requeue keep their name; others take the new state.
 */
export function insertDayEvents(by: string | null = null): RawBuilder<unknown> {
  const id = (kind: string) => sql.raw(`m.docs->'${kind}'->>'id'`);
  return sql`INSERT INTO day_events (tenant_id, location_id, business_date, run_id, revision, kind, detail)
    SELECT m.tenant_id, m.location_id, m.business_date, m.last_run_id, m.revision,
      CASE WHEN m.outcome IN ('undone', 'withheld', 'resync', 'repost') THEN m.outcome ELSE m.state END,
      jsonb_strip_nulls(jsonb_build_object('outcome', m.outcome, 'reason', CASE WHEN m.outcome IN ('resync', 'repost') THEN NULL ELSE m.last_error->>'message' END, 'by', ${by}::text,
        'docs', jsonb_build_object('salesReceipt', ${id('salesReceipt')}, 'cogs', ${id('cogs')}, 'drawer', ${id('drawer')})))
    FROM moved m`;
}

/** The newest `limit` events of a day (default 200), oldest first. */
export async function dayEvents(db: Db, tenantId: string, locationId: string, businessDate: string, limit = 200): Promise<DayEvent[]> {
  const rows = await db.selectFrom('day_events').select(['id', 'run_id', 'revision', 'at', 'kind', 'detail'])
    .where('tenant_id', '=', tenantId).where('location_id', '=', locationId).where('business_date', '=', businessDate)
    .orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse().map((r) => ({ id: Number(r.id), runId: r.run_id == null ? null : Number(r.run_id), revision: r.revision, at: r.at,
    kind: r.kind, detail: (r.detail as DayEventDetail | null) ?? null }));
}
