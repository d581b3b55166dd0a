/** Row types of the drift tables (migration 0010): changes QuickBooks told of, CDC cursors, and what changed per ticket. */
import type { ColumnType, Generated } from 'kysely';

type TimestampNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ChangeSource = 'webhook' | 'cdc';
export type DriftChange = 'edited' | 'voided' | 'deleted';

export interface QboChangesTable {
  id: Generated<number>;
  connection_id: number;
  change_key: string;
  entity: string;
  entity_id: string;
  operation: string;
  source: ChangeSource;
  occurred_at: TimestampNull;
  received_at: Generated<Date>;
  done_at: TimestampNull;
}

export interface QboCdcCursorsTable {
  connection_id: number;
  changed_since: ColumnType<Date, Date | string, Date | string>;
  next_due_at: ColumnType<Date, Date | string, Date | string>;
  last_read_at: TimestampNull;
}

export interface TicketDriftTable {
  id: Generated<number>;
  tenant_id: string;
  location_id: string;
  ticket_id: string;
  entity: string;
  doc_id: string;
  change: DriftChange;
  qbo_sync_token: string | null;
  source: ChangeSource;
  noticed_at: Generated<Date>;
  resolved_at: TimestampNull;
  resolution: 'repost' | 'accept' | null;
}

export interface DriftTables {
  qbo_changes: QboChangesTable;
  qbo_cdc_cursors: QboCdcCursorsTable;
  ticket_drift: TicketDriftTable;
}
