/**
 * Row types of the tables, as the database holds them (snake_case). Domain types live in
 * src/domain; each table module converts between the two.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { RunStatus, RunTrigger } from '../domain/run.js';
import type { TicketState } from '../domain/ticket-outcomes.js';
import type { DriftTables } from './drift-schema.js';
import type { LocationPostingModesTable, PostingMode, SummaryDaysTable, DayEventsTable } from './schema-summary.js';
import type { ProcessorSettingsTable } from './schema-payouts.js';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TimestampNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** 'YYYY-MM-DD' both ways. */
type DateText = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;
type JsonNull<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface TenantsTable {
  id: string;
  name: string;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: Generated<number>;
  tenant_id: string;
  email: string;
  password_hash: string;
  created_at: Generated<Date>;
  last_login_at: TimestampNull;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_secret: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<number>;
  tenant_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: Generated<Date>;
  last_used_at: TimestampNull;
  revoked_at: TimestampNull;
  /** What the key may do beyond intake (issue 16: 'destructive'). */
  scopes: ColumnType<unknown, string | undefined, string>;
}

export type ConnectionStatus = 'connected' | 'reconnect_needed' | 'disconnected';

export interface QboConnectionsTable {
  id: Generated<number>;
  tenant_id: string;
  environment: string;
  realm_id: string;
  company_name: string | null;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined, ConnectionStatus>;
  status_reason: string | null;
  tokens_enc: string | null;
  token_version: Generated<number>;
  setup: JsonNull<unknown>;
  setup_report: JsonNull<unknown>;
  initialized_at: TimestampNull;
  connected_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OAuthStatesTable {
  state_hash: string;
  data: Json<unknown>;
  expires_at: Timestamp;
  created_at: Generated<Date>;
}

export interface LocationsTable {
  tenant_id: string;
  id: string;
  name: string;
  time_zone: string;
  enabled: Generated<boolean>;
  sync_time: Generated<string>;
  sync_time_zone: Generated<string>;
  sync_start_date: ColumnType<string | null, string | null | undefined, string | null>;
  connection_id: ColumnType<number | null, number | null | undefined, number | null>;
  next_run_at: TimestampNull;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  posting_mode: ColumnType<PostingMode, PostingMode | undefined, PostingMode>;
  summary_from: ColumnType<string | null, string | null | undefined, string | null>;
}


export interface TicketsTable {
  tenant_id: string;
  location_id: string;
  ticket_id: string;
  version: number;
  status: 'closed' | 'voided';
  closed_at: Timestamp;
  business_date: DateText;
  total_cents: number;
  raw: string;
  normalized: Json<unknown>;
  received_at: Generated<Date>;
  updated_at: Generated<Date>;
  sync_state: ColumnType<TicketState, TicketState | undefined, TicketState>;
  posted_version: ColumnType<number | null, number | null | undefined, number | null>;
  qbo_docs: JsonNull<unknown>;
  qbo_doc_number: ColumnType<string | null, string | null | undefined, string | null>;
  last_error: JsonNull<unknown>;
  attempts: Generated<number>;
  synced_at: TimestampNull;
  post_epoch: Generated<number>;
  last_run_id: ColumnType<number | null, number | null | undefined, number | null>;
}


export interface SyncRunsTable {
  id: Generated<number>;
  tenant_id: string;
  connection_id: number | null;
  location_id: string | null;
  trigger: RunTrigger;
  status: ColumnType<RunStatus, RunStatus | undefined, RunStatus>;
  cutoff_date: ColumnType<string | null, string | null | undefined, string | null>;
  cutoff_at: TimestampNull;
  ticket_keys: JsonNull<unknown>;
  queued_at: Generated<Date>;
  started_at: TimestampNull;
  finished_at: TimestampNull;
  heartbeat_at: TimestampNull;
  worker_id: string | null;
  total: Generated<number>;
  done: Generated<number>;
  posted: Generated<number>;
  skipped: Generated<number>;
  pending: Generated<number>;
  voided: Generated<number>;
  http_requests: Generated<number>;
  error: string | null;
  day_counts: JsonNull<unknown>;
}

export interface SyncEventsTable {
  id: Generated<number>;
  run_id: number | null;
  tenant_id: string;
  location_id: string;
  ticket_id: string;
  version: number;
  at: Generated<Date>;
  kind: string;
  detail: JsonNull<unknown>;
}

export interface QboWritesTable {
  connection_id: number;
  request_id: string;
  tenant_id: string;
  location_id: string | null;
  ticket_id: string | null;
  version: number | null;
  doc_kind: string;
  operation: string;
  state: ColumnType<'inflight' | 'done' | 'failed', 'inflight' | 'done' | 'failed' | undefined, 'inflight' | 'done' | 'failed'>;
  result: JsonNull<unknown>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AccountMappingsTable {
  tenant_id: string;
  connection_id: number;
  mapping: Json<unknown>;
  revision: Generated<number>;
  updated_at: Generated<Date>;
  updated_by: string | null;
}

export interface AccountMappingRevisionsTable {
  tenant_id: string;
  connection_id: number;
  revision: number;
  mapping: Json<unknown>;
  saved_at: Generated<Date>;
  saved_by: string | null;
}

export interface QboListsTable {
  connection_id: number;
  entity: string;
  rows: Json<unknown>;
  read_at: Generated<Date>;
}

export interface QboUsageTable {
  realm_id: string;
  month: string;
  reads: Generated<number>;
  writes: Generated<number>;
  oauth_calls: Generated<number>;
  quota_blocked_at: TimestampNull;
  last_read_at: TimestampNull;
  updated_at: Generated<Date>;
}

export interface QboBatchReadingsTable {
  realm_id: string;
  reading: 'strict';
  learned_at: Date;
}

export interface DrawerOperationsTable {
  tenant_id: string;
  location_id: string;
  operation_id: string;
  version: number;
  at: Timestamp;
  business_date: DateText;
  kind: 'paid_in' | 'paid_out' | 'drop';
  amount_cents: number;
  reason: string;
  category: string | null;
  raw: string;
  normalized: Json<unknown>;
  received_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type { PayoutState } from '../domain/payout-outcomes.js';
import type { PayoutState } from '../domain/payout-outcomes.js';
type NullableText = ColumnType<string | null, string | null | undefined, string | null>;
type NullableInt = ColumnType<number | null, number | null | undefined, number | null>;

export interface PayoutsTable {
  tenant_id: string;
  processor: string;
  payout_id: string;
  version: number;
  location_id: NullableText;
  arrival_date: DateText;
  gross_cents: number;
  fees_cents: number;
  adjustments_cents: Generated<number>;
  net_cents: number;
  period_start: TimestampNull;
  period_end: TimestampNull;
  raw: string;
  normalized: Json<unknown>;
  received_at: Generated<Date>;
  updated_at: Generated<Date>;
  sync_state: ColumnType<PayoutState, PayoutState | undefined, PayoutState>;
  connection_id: NullableInt;
  posted_version: NullableInt;
  qbo_deposit_id: NullableText;
  qbo_sync_token: NullableText;
  last_error: JsonNull<unknown>;
  attempts: Generated<number>;
  synced_at: TimestampNull;
}

/** Drift's tables (issue 16) live in drift-schema.ts. */
export interface DB extends DriftTables {
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  qbo_connections: QboConnectionsTable;
  oauth_states: OAuthStatesTable;
  locations: LocationsTable;
  tickets: TicketsTable;
  sync_runs: SyncRunsTable;
  sync_events: SyncEventsTable;
  qbo_writes: QboWritesTable;
  account_mappings: AccountMappingsTable;
  account_mapping_revisions: AccountMappingRevisionsTable;
  qbo_lists: QboListsTable;
  qbo_usage: QboUsageTable;
  qbo_batch_readings: QboBatchReadingsTable;
  location_posting_modes: LocationPostingModesTable;
  summary_days: SummaryDaysTable;
  day_events: DayEventsTable;
  drawer_operations: DrawerOperationsTable;
  payouts: PayoutsTable;
  processor_settings: ProcessorSettingsTable;
  undo_jobs: UndoJobsTable;
  audit_log: AuditLogTable;
}

export interface UndoJobsTable {
  id: Generated<number>;
  tenant_id: string;
  connection_id: number;
  location_ids: Json<unknown>;
  date_from: DateText;
  date_to: DateText;
  mode: 'pending' | 'withheld';
  status: ColumnType<'open' | 'finished' | 'failed', 'open' | undefined, 'open' | 'finished' | 'failed'>;
  requested_by: string;
  documents_planned: Generated<number>;
  documents_done: Generated<number>;
  tickets_done: Generated<number>;
  error: string | null;
  created_at: Generated<Date>;
  finished_at: TimestampNull;
}

export interface AuditLogTable {
  id: Generated<number>;
  tenant_id: string;
  at: Generated<Date>;
  actor: string;
  via: string;
  action: string;
  subject: Json<unknown>;
  documents: Generated<number>;
  run_id: number | null;
}

export type TicketRow = Selectable<TicketsTable>;
export type NewTicketRow = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type LocationRow = Selectable<LocationsTable>;
export type ConnectionRow = Selectable<QboConnectionsTable>;
export type RunRow = Selectable<SyncRunsTable>;
