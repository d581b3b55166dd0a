/**
 * The daily schedule at work: each enabled, connected location runs once a local day at its
 * sync time (schedule.ts). A due location gets a scheduled run posting the business dates
 * before the run's date where the store is. Several workers may tick at once: moving
 * next_run_at is a compare-and-set, so only one of them enqueues.
 */
import { enqueueRun } from '../../store/runs.js';
import { advanceNextRun, schedulableLocations } from '../../store/sync-views.js';
import type { SyncDeps } from '../deps.js';
import { cutoffDateFor, nextScheduledRun } from './schedule.js';

export interface ScheduledEnqueue {
  tenantId: string;
  locationId: string;
  runId: number;
  dueAt: number;
  cutoffDate: string;
}

export async function tickSchedule(deps: SyncDeps, nowMs: number = deps.clock.now()): Promise<ScheduledEnqueue[]> {
  const db = deps.database.db;
  const out: ScheduledEnqueue[] = [];
  for (const loc of await schedulableLocations(db)) {
    const current = loc.next_run_at;
    if (!current) {
      // First sight (or settings changed): the next run strictly after now.
      await advanceNextRun(db, loc.tenant_id, loc.id, null, new Date(nextScheduledRun(loc.sync_time, loc.sync_time_zone, nowMs).at));
      continue;
    }
    if (current.getTime() > nowMs) continue;
    // Due (perhaps several times over, if the service was down): one run catches up.
    let due = current.getTime();
    for (let next = nextScheduledRun(loc.sync_time, loc.sync_time_zone, due); next.at <= nowMs; next = nextScheduledRun(loc.sync_time,
      loc.sync_time_zone, due)) due = next.at;
    const following = nextScheduledRun(loc.sync_time, loc.sync_time_zone, Math.max(due, nowMs));
    if (!(await advanceNextRun(db, loc.tenant_id, loc.id, current, new Date(following.at)))) continue;
    const cutoffDate = cutoffDateFor(due, loc.time_zone);
    const runId = await enqueueRun(db, { tenantId: loc.tenant_id, connectionId: loc.connection_id!, locationId: loc.id, trigger: 'schedule', cutoffDate });
    out.push({ tenantId: loc.tenant_id, locationId: loc.id, runId, dueAt: due, cutoffDate });
  }
  return out;
}
