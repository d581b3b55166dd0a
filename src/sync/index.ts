/**
 * sync/: the one door of the engine. Web and CLI use the SyncService facade; jobs/ executes
 * runs and ticks the schedule; the composition root builds SyncDeps. Rooms inside:
 * engine/ (claim, plan, post, settle, finish a run), setup/ (Initialize), schedule/ (when
 * runs are due), reconcile/ (POS against QuickBooks), mapping/ (a mapping change applied to
 * what is already posted), service/ (the facade and its views).
 */
export type { SyncDeps } from './deps.js';
export { SERVICE_ERROR_CODES, ServiceError, isServiceError } from './errors.js';
export type { ServiceErrorCode } from './errors.js';
export { makeSyncService } from './service/service.js';
export type { SyncServiceHooks } from './service/service.js';
export type * from './service/types.js';
export { executeRun } from './engine/run.js';
export type { RunControl, RunSummary } from './engine/run.js';
export { tickSchedule } from './schedule/scheduler.js';
export { tickChangeCapture } from './drift/tick.js';
export type { ScheduledEnqueue } from './schedule/scheduler.js';
export { formatReconciliation } from './reconcile/reconcile.js';
export { daysOverview, switchEffects } from './service/days-overview.js';
export type { DaysOverview, OverviewDay } from './service/days-overview.js';
export type { BackfillStart, EtaView } from './service/backfill.js';
export { clearingJson } from './payouts/clearing-schema.js';
