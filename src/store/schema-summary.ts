/** Row types of summary mode's tables (migration 0008), as the database holds them. */
import type { ColumnType, Generated } from 'kysely';
import type { DayState } from '../domain/day-outcomes.js';

type TimestampNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type JsonNull<T> = ColumnType<T | null, string | null | undefined, string | null>;

export type PostingMode = 'line-by-line' | 'summary';

export interface LocationPostingModesTable {
  tenant_id: string;
  location_id: string;
  from_date: string;
  mode: PostingMode;
  saved_at: Generated<Date>;
  saved_by: string | null;
}

export interface SummaryDaysTable {
  tenant_id: string;
  location_id: string;
  business_date: string;
  state: ColumnType<DayState, DayState | undefined, DayState>;
  revision: Generated<number>;
  docs: JsonNull<unknown>;
  post_epoch: Generated<number>;
  uncertain: Generated<boolean>;
  reread: Generated<boolean>;
  input_seq: Generated<number>;
  last_error: JsonNull<unknown>;
  totals: JsonNull<unknown>;
  last_run_id: ColumnType<number | null, number | null | undefined, number | null>;
  attempts: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  posted_at: TimestampNull;
}

/** A summary day's history (migration 0013). */
export interface DayEventsTable {
  id: Generated<number>;
  tenant_id: string;
  location_id: string;
  business_date: string;
  run_id: number | null;
  revision: Generated<number>;
  at: Generated<Date>;
  kind: string;
  detail: JsonNull<unknown>;
}
