/** Runs and errors as the pages show them. */
import { QUOTA_STOP } from '../engine/run.js';
import type { Run } from '../../domain/run.js';
import { readSyncError } from '../../domain/sync-error.js';
import type { DailyCount, RunView, TicketErrorView } from './types.js';

export function runView(r: Run): RunView {
  return {
    id: r.id, connectionId: r.connectionId, locationId: r.locationId, trigger: r.trigger, status: r.status,
    queuedAt: r.queuedAt.toISOString(), startedAt: r.startedAt?.toISOString() ?? null, finishedAt: r.finishedAt?.toISOString() ?? null,
    total: r.total, done: r.done, posted: r.posted, skipped: r.skipped, pending: r.pending, voided: r.voided,
    httpRequests: r.httpRequests, error: r.error, quotaBlocked: r.error?.startsWith(QUOTA_STOP) ?? false,
  };
}

export function ticketErrorView(r: {
  location_id: string; ticket_id: string; version: number; business_date: string; total_cents: number; sync_state: string; last_error: unknown;
}): TicketErrorView {
  return {
    locationId: r.location_id, ticketId: r.ticket_id, version: r.version, businessDate: r.business_date,
    totalCents: r.total_cents, state: r.sync_state, error: readSyncError(r.last_error)!,
  };
}

export function dailyCounts(rows: { business_date: string; sync_state: string; n: number | string }[], from: string, to: string): DailyCount[] {
  const byDate = new Map<string, DailyCount>();
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    byDate.set(date, { date, posted: 0, skipped: 0, pending: 0, void: 0 });
  }
  for (const r of rows) {
    const day = byDate.get(r.business_date);
    if (!day) continue;
    const n = Number(r.n);
    if (r.sync_state === 'posted') day.posted += n;
    else if (r.sync_state === 'skipped') day.skipped += n;
    else if (r.sync_state === 'void') day.void += n;
    else day.pending += n;
  }
  return [...byDate.values()];
}
