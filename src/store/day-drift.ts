/**
 * Drift of summary days (issue 16): the posted days whose documents (summary_days.docs) a change
 * QuickBooks told of names, and the day outcome table's `drift` move (posted or out of date →
 * changed-in-qbo) with what changed kept in the day's error, where the Days page shows it.
 */
import { sql } from 'kysely';
import { readDayDocs } from '../domain/day-docs.js';
import type { DayDocs } from '../domain/day-docs.js';
import type { DayState } from '../domain/day-outcomes.js';
import type { SyncError } from '../domain/sync-error.js';
import type { Db } from './db.js';
import { insertDayEvents } from './day-events.js';
import { dayMove, inStates } from './day-moves.js';
import type { DocChange } from './ticket-drift.js';

export interface DayDocsHolder {
  locationId: string;
  businessDate: string;
  state: DayState;
  docs: DayDocs;
}

export interface DayDriftNotice {
  locationId: string;
  businessDate: string;
  changes: DocChange[];
  /** What the day shows (the error of a changed-in-qbo day), with `changes` added. */
  error: SyncError;
}

const list = (ids: readonly string[]) => sql`${[...ids]}::text[]`;

/** Days of a connection's locations the drift move may take whose facts name one of these documents. */
export async function daysHoldingDocs(db: Db, tenantId: string, connectionId: number,
  ids: { SalesReceipt: readonly string[]; JournalEntry: readonly string[] }): Promise<DayDocsHolder[]> {
  if (ids.SalesReceipt.length + ids.JournalEntry.length === 0) return [];
  const rows = await sql<{ location_id: string; business_date: string; state: DayState; docs: unknown }>`
    SELECT d.location_id, d.business_date::text AS business_date, d.state, d.docs FROM summary_days d
    JOIN locations l ON l.tenant_id = d.tenant_id AND l.id = d.location_id
    WHERE d.tenant_id = ${tenantId} AND l.connection_id = ${connectionId} AND ${inStates('d.state', dayMove('drift').from)}
      AND (d.docs -> 'salesReceipt' ->> 'id' = ANY(${list(ids.SalesReceipt)})
        OR d.docs -> 'cogs' ->> 'id' = ANY(${list(ids.JournalEntry)})
        OR d.docs -> 'drawer' ->> 'id' = ANY(${list(ids.JournalEntry)}))`.execute(db);
  return rows.rows.map((r) => ({ locationId: r.location_id, businessDate: r.business_date, state: r.state, docs: readDayDocs(r.docs) }));
}

/** Moves each noticed day to changed-in-qbo (if the move's `from` still holds), recording what changed. Returns the days moved. */
export async function recordDayDrift(db: Db, tenantId: string, notices: readonly DayDriftNotice[]): Promise<number> {
  if (notices.length === 0) return 0;
  const move = dayMove('drift');
  // The move and its history event in one statement, as every other move of a day (day-events.ts).
  const r = await sql<{ n: number }>`WITH moved AS (
    UPDATE summary_days d SET state = ${move.to}, last_error = v.error::jsonb, updated_at = now()
    FROM unnest(${notices.map((n) => n.locationId)}::text[], ${notices.map((n) => n.businessDate)}::text[],
                ${notices.map((n) => JSON.stringify({ ...n.error, changes: n.changes }))}::text[]) AS v(location_id, business_date, error)
    WHERE d.tenant_id = ${tenantId} AND d.location_id = v.location_id AND d.business_date = v.business_date::date
      AND ${inStates('d.state', move.from)}
    RETURNING d.tenant_id, d.location_id, d.business_date, d.state, d.revision, d.last_run_id, d.docs, d.last_error, 'drift'::text AS outcome
  ), events AS (${insertDayEvents()})
  SELECT count(*)::int AS n FROM moved`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
