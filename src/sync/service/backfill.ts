/**
 * Backfill (issue 16, Build 5): months of imported history posted by ordinary runs of the
 * company's queue (a worker executes them; the CLI and the QuickBooks page follow them), and an
 * honest estimate of how long that takes. `--from D` sets each location's start date to D, so
 * the history before it is kept but never posted - by the backfill nor by any later scheduled run.
 *
 * The estimate: the documents still to write (store/backfill.ts) through the company's limits
 * (qbo/throughput.ts: requests and batch requests a minute, documents per batch) is the least it
 * can take; once the run has settled tickets, its own pace is the other bound, and the larger of
 * the two is said. A QuickBooks minute lasts `60 / timeScale` seconds on a time-scaled simulator.
 */
import { isDateInRange } from '../../domain/business-date.js';
import type { Run } from '../../domain/run.js';
import { limitBound } from '../../qbo/index.js';
import { remainingWork } from '../../store/backfill.js';
import { getLocation, listLocations, updateLocation } from '../../store/locations.js';
import type { SyncDeps } from '../deps.js';
import { requireProvider } from '../deps.js';
import { ServiceError, notFound } from '../errors.js';
import { syncNow } from './runs.js';

export interface BackfillStart {
  /** One run per location, in the order given. */
  runs: { locationId: string; connectionId: number; runId: number }[];
  /** Locations whose tickets wait (not connected, or sync off), with why. */
  waiting: { locationId: string; reason: string }[];
}

export interface EtaView {
  /** Tickets still to settle and the documents they become. */
  tickets: number;
  documents: number;
  /** The least QuickBooks' limits allow for them, real seconds. */
  limitSeconds: number;
  /** What is said: the larger of the limits' bound and the run's own pace so far. */
  seconds: number;
  /** The company's limits, for the words. */
  perMinute: number;
  batchPerMinute: number;
  words: string;
}

export async function startBackfill(deps: SyncDeps, tenantId: string, opts: { locationIds: readonly string[]; from: string }): Promise<BackfillStart> {
  if (!isDateInRange(opts.from)) throw new ServiceError('INVALID', `--from "${opts.from}" is not a date YYYY-MM-DD`);
  const db = deps.database.db;
  const out: BackfillStart = { runs: [], waiting: [] };
  for (const id of [...new Set(opts.locationIds)]) {
    if (!(await getLocation(db, tenantId, id))) throw notFound(`location "${id}"`);
    const location = (await updateLocation(db, tenantId, id, { syncStartDate: opts.from }))!;
    if (!location.connectionId) out.waiting.push({ locationId: id, reason: 'not connected to QuickBooks: its tickets post once it is' });
    else if (!location.enabled) out.waiting.push({ locationId: id, reason: 'QuickBooks is off for it: its tickets post once it is on' });
    else out.runs.push({ locationId: id, connectionId: location.connectionId, runId: (await syncNow(deps, tenantId, { locationId: id })).runId });
  }
  return out;
}

/** The locations a run posts for: its own, or every location of its connection. */
export async function runLocations(deps: SyncDeps, run: Pick<Run, 'tenantId' | 'locationId' | 'connectionId'>): Promise<string[]> {
  if (run.locationId) return [run.locationId];
  return (await listLocations(deps.database.db, run.tenantId)).filter((l) => l.connectionId === run.connectionId).map((l) => l.id);
}

/**
 * How long the tickets left at these locations take to post. `pace`: tickets settled since a
 * moment (real time), to weigh the run's own speed in once it has one.
 */
export async function estimate(deps: SyncDeps, tenantId: string, locationIds: readonly string[], pace?: { done: number; since: Date }): Promise<EtaView> {
  const limits = requireProvider(deps).limits;
  const work = await remainingWork(deps.database.db, tenantId, locationIds);
  const limitSeconds = limitBound(work.documents, limits).ms / 1000 / (deps.timeScale ?? 1);
  const elapsed = pace ? (Date.now() - pace.since.getTime()) / 1000 : 0;
  const paced = pace && pace.done > 0 && elapsed > 0 ? (work.tickets * elapsed) / pace.done : 0;
  const seconds = Math.max(limitSeconds, paced);
  return { ...work, limitSeconds, seconds, perMinute: limits.perMinute, batchPerMinute: limits.batchPerMinute, words: etaWords(work.tickets, seconds) };
}

export function etaWords(tickets: number, seconds: number): string {
  if (tickets === 0) return 'nothing left to post';
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  return `about ${h} h ${minutes - h * 60} min left`;
}
