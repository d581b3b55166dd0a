/**
 * Units of work a run takes besides tickets (a summary day, a payout): each kind has its own
 * outcome table in domain/ and its own worker, called by the run after its ticket pages with
 * the same connection, client (journalled), set-up and mapping, and the same stop request.
 * A worker settles every unit it claims through its table, as the ticket pages do.
 */
import type { Run } from '../../domain/run.js';
import type { SyncDeps } from '../deps.js';
import type { PageContext } from './page.js';
import type { RunSummary } from './run.js';
import { DAY_WORKER } from '../summary/worker.js';

export interface UnitContext {
  deps: SyncDeps;
  run: Run;
  /** The run's QuickBooks context: client, set-up, mapping, inflight writes… */
  page: PageContext;
  /** The run's locations on this connection, with their sync start dates. */
  locations: { id: string; startDate: string | null }[];
  /** The run's counts: a worker adds what it settled (a run's counts are what pages and the CLI show). */
  summary: RunSummary;
}

export interface UnitWorker {
  /** What it works on, for logs and history ("day", "payout"). */
  unit: string;
  /** Works the run's units of its kind; returns why the run must stop, or null. Honours `page.stopRequested` between batches. */
  work(ctx: UnitContext): Promise<string | null>;
}

/** Every kind of unit a run takes after its tickets, in order. */
export const UNIT_WORKERS: readonly UnitWorker[] = [DAY_WORKER];
