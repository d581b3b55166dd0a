/**
 * What the sync offers to the web pages and the CLI: connecting a QuickBooks company,
 * Initialize, runs ("Sync now", scheduled, "Resync selected tickets") and the views the
 * QuickBooks page shows. Every call is scoped to a tenant.
 */

/** Why a ticket is not posted, as the user sees it. */
export interface SyncError {
  /** validation: QuickBooks refused the document; setup: a set-up record is missing or
   *  inactive; transient: throttled, server or network trouble; connection: the QuickBooks
   *  connection is lost; mapping: the ticket cannot be expressed as QuickBooks documents. */
  kind: 'validation' | 'setup' | 'transient' | 'connection' | 'mapping';
  /** Our stable code (QBO_VALIDATION, MAPPING_…). */
  code: string;
  /** QuickBooks' own error code, e.g. "6070". */
  qboCode?: string;
  message: string;
  /** What to do about it, in plain words. */
  hint: string;
  element?: string;
  intuitTid?: string;
  /** ISO timestamp. */
  at: string;
}

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

export interface InitializeRecord {
  /** What it is for us ("Guest Customer", "Tips", "Discount: Happy hour", "Credit Card"). */
  record: string;
  entity: 'Account' | 'Item' | 'PaymentMethod' | 'Customer';
  /** The name it has in QuickBooks. */
  name: string;
  id: string;
  action: 'found' | 'created' | 'reactivated';
  note?: string;
}

export interface InitializeReport {
  at: string;
  companyName: string | null;
  records: InitializeRecord[];
  /** Things the user should know (no inventory tracking, a name suffixed with " (POS)"). */
  notes: string[];
}

export interface RunView {
  id: number;
  connectionId: number | null;
  locationId: string | null;
  trigger: 'schedule' | 'manual' | 'resync' | 'edit';
  status: 'queued' | 'running' | 'finished' | 'failed' | 'stopped';
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Tickets in the run, and how many are settled so far (live progress). */
  total: number;
  done: number;
  posted: number;
  skipped: number;
  /** Still pending at the end (transient trouble, or the run stopped). */
  pending: number;
  voided: number;
  httpRequests: number;
  error: string | null;
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

export interface TicketKey {
  locationId: string;
  ticketId: string;
}

export interface ResyncOutcome {
  /** Tickets put back to pending and queued in a run. */
  queued: TicketKey[];
  /** Tickets left alone, with why (already posted, a run holds it, unknown…). */
  ignored: (TicketKey & { reason: string })[];
  runId: number | null;
}

export interface SyncService {
  /**
   * The QuickBooks authorize URL to send the user to (state single use, 10 minutes), bound to
   * the tenant and `binding` (the starter's session; default a fresh nonce, returned).
   */
  startConnect(tenantId: string, opts?: { locationId?: string; returnTo?: string; binding?: string }): Promise<{ url: string; binding: string }>;
  /**
   * The OAuth callback: checks it comes back to the tenant and binding that started it (else
   * ConnectElsewhereError, nothing stored), exchanges the code, records the connection, links the location.
   */
  completeConnect(params: Record<string, string>, who: { tenantId: string; binding: string }): Promise<{ tenantId: string; connection: ConnectionView; locationId?: string; returnTo?: string }>;
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
  recentRuns(tenantId: string, opts?: { locationId?: string; limit?: number }): Promise<RunView[]>;
  ticketErrors(tenantId: string, opts?: { locationId?: string; limit?: number }): Promise<TicketErrorView[]>;
  dailyCounts(tenantId: string, opts: { locationId?: string; from: string; to: string }): Promise<DailyCount[]>;
  /** When each location's next scheduled run is (ISO), for the page. */
  nextRuns(tenantId: string): Promise<Record<string, string | null>>;
}
