/**
 * A location's posting mode by business date (summary-rules §1): the cut-overs saved, the SQL
 * that says whether a ticket is summarised, and what switching would move. A ticket is never
 * in both modes: one dated in a summary period is summarised unless line-by-line already
 * touched it (posted, or documents of it exist), whose edits keep following line-by-line.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { Db } from './db.js';
import type { PostingMode } from './schema-summary.js';

export type { PostingMode } from './schema-summary.js';

/** SQL: the posting mode of (tenant, location, date) is summary (latest cut-over on or before the date). */
export function isSummaryDate(tenant: RawBuilder<string> | string, location: RawBuilder<string>, date: RawBuilder<string>): RawBuilder<boolean> {
  const t = typeof tenant === 'string' ? sql`${tenant}` : tenant;
  return sql<boolean>`COALESCE((SELECT m.mode FROM location_posting_modes m
    WHERE m.tenant_id = ${t} AND m.location_id = ${location} AND m.from_date <= ${date}
    ORDER BY m.from_date DESC LIMIT 1), 'line-by-line') = 'summary'`;
}

/** SQL over a tickets row (`alias`): line-by-line already touched it (posted, or documents of it exist). */
export function lineByLineOwned(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.posted_version`)} IS NOT NULL OR ${sql.ref(`${alias}.qbo_docs`)} IS NOT NULL)`;
}

/** SQL over a tickets row (`alias`): the ticket belongs to its day's summary, not to line-by-line. */
export function summarisedTicket(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(NOT ${lineByLineOwned(alias)} AND ${isSummaryDate(sql.ref(`${alias}.tenant_id`), sql.ref(`${alias}.location_id`), sql.ref(`${alias}.business_date`))})`;
}

export interface CutOver {
  mode: PostingMode;
  from: string;
  savedAt: Date;
  savedBy: string | null;
}

export async function listCutOvers(db: Db, tenantId: string, locationId: string): Promise<CutOver[]> {
  const rows = await db.selectFrom('location_posting_modes').selectAll().where('tenant_id', '=', tenantId).where('location_id', '=', locationId)
    .orderBy('from_date').execute();
  return rows.map((r) => ({ mode: r.mode, from: r.from_date, savedAt: r.saved_at, savedBy: r.saved_by }));
}

/**
 * Saves a cut-over: from `from` on, the location posts in `mode`. Later cut-overs are replaced
 * (the new choice holds from its date on); earlier ones stay, so days before it keep their mode.
 * In summary mode the days that now have summarised tickets get their day rows.
 */
export async function saveCutOver(db: Db, tenantId: string, locationId: string,
  cut: { mode: PostingMode; from: string; savedBy: string | null }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('location_posting_modes').where('tenant_id', '=', tenantId).where('location_id', '=', locationId)
      .where('from_date', '>=', cut.from).execute();
    await tx.insertInto('location_posting_modes')
      .values({ tenant_id: tenantId, location_id: locationId, from_date: cut.from, mode: cut.mode, saved_by: cut.savedBy }).execute();
    await tx.updateTable('locations').set({ posting_mode: cut.mode, summary_from: cut.mode === 'summary' ? cut.from : null, updated_at: new Date() })
      .where('tenant_id', '=', tenantId).where('id', '=', locationId).execute();
    if (cut.mode === 'summary') {
      await sql`INSERT INTO summary_days (tenant_id, location_id, business_date)
        SELECT DISTINCT t.tenant_id, t.location_id, t.business_date FROM tickets t
        WHERE t.tenant_id = ${tenantId} AND t.location_id = ${locationId} AND t.business_date >= ${cut.from} AND ${summarisedTicket('t')}
        ON CONFLICT DO NOTHING`.execute(tx);
    }
  });
}

export interface SwitchCounts {
  /** Tickets dated on or after the date that would be summarised. */
  ticketsToSummary: number;
  /** Days those tickets fall on. */
  daysToSummary: number;
  /** Tickets on or after the date that stay line-by-line (already posted or written line-by-line). */
  ticketsStayingLineByLine: number;
  /** Tickets on or after the date, in summary days not posted yet, that would go line-by-line (switching back). */
  ticketsToLineByLine: number;
  /** Days on or after the date already summarised in QuickBooks: they stay summarised (switching back must start after them). */
  daysSummarisedAfter: number;
  /** The last business date whose summary QuickBooks holds or held (null: none). */
  lastSummarisedDate: string | null;
}

/** What switching a location to `mode` from `from` would move, counted in one statement. */
export async function countSwitch(db: Db, tenantId: string, locationId: string, from: string): Promise<SwitchCounts> {
  const r = await sql<{ to_summary: number; days: number; staying: number; to_lbl: number; summarised: number; last: string | null }>`
    SELECT
      count(*) FILTER (WHERE NOT ${lineByLineOwned('t')}) AS to_summary,
      count(DISTINCT t.business_date) FILTER (WHERE NOT ${lineByLineOwned('t')}) AS days,
      count(*) FILTER (WHERE ${lineByLineOwned('t')}) AS staying,
      count(*) FILTER (WHERE ${summarisedTicket('t')} AND NOT EXISTS (SELECT 1 FROM summary_days d WHERE d.tenant_id = t.tenant_id
        AND d.location_id = t.location_id AND d.business_date = t.business_date AND d.revision > 0)) AS to_lbl,
      (SELECT count(*) FROM summary_days d WHERE d.tenant_id = ${tenantId} AND d.location_id = ${locationId} AND d.business_date >= ${from} AND d.revision > 0) AS summarised,
      (SELECT max(d.business_date)::text FROM summary_days d WHERE d.tenant_id = ${tenantId} AND d.location_id = ${locationId} AND (d.revision > 0 OR d.state = 'posting')) AS last
    FROM tickets t
    WHERE t.tenant_id = ${tenantId} AND t.location_id = ${locationId} AND t.business_date >= ${from} AND t.status = 'closed'`.execute(db);
  const row = r.rows[0]!;
  return {
    ticketsToSummary: Number(row.to_summary), daysToSummary: Number(row.days), ticketsStayingLineByLine: Number(row.staying),
    ticketsToLineByLine: Number(row.to_lbl), daysSummarisedAfter: Number(row.summarised), lastSummarisedDate: row.last,
  };
}
