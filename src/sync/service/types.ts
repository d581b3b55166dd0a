/**
 * What the sync offers to the web pages and the CLI: connecting a QuickBooks company,
 * Initialize, runs ("Sync now", scheduled, "Resync selected tickets") and the views the
 * QuickBooks page shows. Every call is scoped to a tenant.
 */

import type { RunCounts, RunStatus, RunTrigger, TicketRef } from '../../domain/run.js';
import type { BackfillStart, EtaView } from './backfill.js';
import type { SyncError } from '../../domain/sync-error.js';
import type { TicketState } from '../../domain/ticket-outcomes.js';
import type { InitializeReport } from '../setup/stored-setup.js';
import type { Reconciliation } from '../reconcile/reconcile.js';
import type { MappingService } from '../mapping/types.js';
import type { DaysService } from './days-types.js';
import type { RepairService } from '../undo/service.js';
import type { PayoutService } from '../payouts/service.js';
import type { DayChecks } from './day-checks.js';
import type { UsageView } from '../usage.js';
import type { DriftService } from './drift.js';

export type { SyncError } from '../../domain/sync-error.js';
export type { InitializeRecord, InitializeReport } from '../setup/stored-setup.js';
export type { Reconciliation, ReconRow } from '../reconcile/reconcile.js';
export type * from '../mapping/types.js';
export type * from './days-types.js';
export type { Actor, Confirmation, RangeQuery, RepairService, RepostPreview } from '../undo/service.js';
export type { UndoPreview, UndoPreviewRow } from '../undo/preview.js';
export type { DryRunFigure, DryRunQuery, DryRunReport } from '../dry-run/dry-run.js';
export type { ClearingOverview, ClearingView, PayoutService, PayoutView, TurnOnRequest, TurnOnResult } from '../payouts/service.js';
export type { DayCheck, DayChecks, DayReconciliation, DayReconRow, ReconGroup } from './day-checks.js';
export type { CompanyUsageView, UsageView } from '../usage.js';
export type { ChangedTicketView, DocChangeView, DriftChoiceView, DriftService } from './drift.js';
export type TicketKey = TicketRef;

export interface ConnectionView {
  id: number;
  environment: string;
  realmId: string;
  companyName: string | null;
  status: 'connected' | 'reconnect_needed' | 'disconnected';
  statusReason: string | null;
  initializedAt: string | null;
  setupReport: InitializeReport | null;
  /** Locations using this connection. */
  locationIds: string[];
}

/** A run as the pages, the JSON API and the CLI show it (its counts: domain/run.ts). */
export interface RunView extends RunCounts {
  id: number;
  connectionId: number | null;
  locationId: string | null;
  trigger: RunTrigger;
  status: RunStatus;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  /** The run paused because QuickBooks' monthly quota of metered reads is used up (its tickets wait). */
  quotaBlocked: boolean;
  /** A queued or running run's estimate of what is left (service/backfill.ts); absent once it is over or in lists. */
  eta?: EtaView;
}

export interface TicketErrorView {
  locationId: string;
  ticketId: string;
  version: number;
  businessDate: string;
  totalCents: number;
  state: string;
  error: SyncError;
}

export interface DailyCount {
  date: string;
  posted: number;
  skipped: number;
  pending: number;
  void: number;
}

export interface ResyncOutcome {
  /** Tickets put back to pending and queued in a run. */
  queued: TicketKey[];
  /** Tickets left alone, with why (already posted, a run holds it, unknown…). */
  ignored: (TicketKey & { reason: string })[];
  runId: number | null;
}

export interface TicketStateView extends TicketKey {
  state: TicketState;
  error: SyncError | null;
}

/** Tickets of a location by state: how many and how much money. */
export interface TicketCounts {
  locationId: string;
  state: TicketState;
  /** Pending, but dated before the location's sync start date: never posted. */
  beforeStart: boolean;
  tickets: number;
  cents: number;
}

/**
 * Who may complete a connection: the tenant, and a secret of the flow that started it (the
 * back office passes its session; the CLI gets a fresh nonce that only its process knows).
 */
export interface ConnectStarter {
  tenantId: string;
  binding: string;
}

/** Changes made in QuickBooks (drift): service/drift.ts. */
export interface SyncService extends DriftService {
  /**
   * The QuickBooks authorize URL to send the user to (state single use, 10 minutes), bound to
   * the tenant and `binding` (the starter's session; default a fresh nonce, returned).
   */
  startConnect(tenantId: string, opts?: { locationId?: string; returnTo?: string; binding?: string }): Promise<{ url: string; binding: string }>;
  /**
   * The OAuth callback: checks it comes back to the tenant and binding that started it (else a
   * CONNECT_ELSEWHERE ServiceError, nothing stored), exchanges the code, records the connection, links the location.
   */
  completeConnect(params: Record<string, string>, who: ConnectStarter):
    Promise<{ tenantId: string; connection: ConnectionView; locationId?: string; returnTo?: string }>;
  /** Revokes the tokens at QuickBooks and forgets them; locations keep the link for a reconnect. */
  disconnect(tenantId: string, connectionId: number): Promise<void>;
  /** A second location picks an existing connection (null: none). */
  useConnection(tenantId: string, locationId: string, connectionId: number | null): Promise<void>;
  connections(tenantId: string): Promise<ConnectionView[]>;
  initialize(tenantId: string, connectionId: number): Promise<InitializeReport>;
  /** Queues a run of every pending ticket up to now; the worker starts it at once. */
  syncNow(tenantId: string, scope: { locationId?: string; connectionId?: number }): Promise<{ runId: number }>;
  resync(tenantId: string, tickets: readonly TicketKey[]): Promise<ResyncOutcome>;
  run(tenantId: string, runId: number): Promise<RunView | null>;
  /** Backfill (Build 5): sets the locations' start date to `from` and queues one run per connected location (service/backfill.ts). */
  backfill(tenantId: string, opts: { locationIds: readonly string[]; from: string }): Promise<BackfillStart>;
  /** What is left to post at these locations and how long QuickBooks' limits (and the pace so far) say it takes. */
  backfillEta(tenantId: string, locationIds: readonly string[], pace?: { done: number; since: Date }): Promise<EtaView>;
  recentRuns(tenantId: string, opts?: { locationId?: string; limit?: number }): Promise<RunView[]>;
  ticketErrors(tenantId: string, opts?: { locationId?: string; limit?: number }): Promise<TicketErrorView[]>;
  dailyCounts(tenantId: string, opts: { locationId?: string; from: string; to: string }): Promise<DailyCount[]>;
  /** When each location's next scheduled run is (ISO), for the page. */
  nextRuns(tenantId: string): Promise<Record<string, string | null>>;
  /** The connection a command acts on: the location's, or the tenant's only one. */
  resolveConnection(tenantId: string, locationId?: string): Promise<{ connectionId: number; locationId?: string }>;
  /** Queues what the schedule would post now: per location, the business dates that are over where the store is. */
  syncDue(tenantId: string, scope: { locationId?: string; connectionId: number }): Promise<{ runIds: number[] }>;
  ticketStates(tenantId: string, tickets: readonly TicketKey[]): Promise<TicketStateView[]>;
  ticketCounts(tenantId: string): Promise<TicketCounts[]>;
  /** QuickBooks usage this month (UTC): metered reads of the installation against its budget, per company, quota blocks. */
  usage(tenantId: string): Promise<UsageView>;
  /** POS against QuickBooks, read back through the API, per business date and location. */
  reconcile(tenantId: string, opts: { connectionId: number; locationIds?: string[]; from: string; to: string }): Promise<Reconciliation>;
  /** The accountant's mapping of a connection: read, check, save, export, import, apply to what is posted. */
  mapping: MappingService;
  /** Summary mode: a location's posting mode and cut-over (with a preview), its days, "Resync" and "Repost this day" (days-types.ts). */
  days: DaysService;
  /** Repair of what was posted (issue 16): preview and undo a range, repost, the audit log of destructive actions. */
  repair: RepairService;
  /** Processor payouts: turning them on for a processor, and each payout's Deposit. */
  payouts: PayoutService;
  /** The Days page's reconciliation column: per day with documents, its POS sums against them read back from QuickBooks (day-checks.ts). */
  dayChecks(tenantId: string, opts: { locationId: string; from?: string; to?: string; readBack?: boolean }): Promise<DayChecks>;
}
