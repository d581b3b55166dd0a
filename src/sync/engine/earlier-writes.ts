/**
 * Before a run touches anything, the writes an earlier run of the company sent must have
 * arrived or be lost for good. A run taken over because its worker stalled past the lease may
 * still have batches on their way (sent just before the stall, or waiting in a slow
 * QuickBooks): a successor that looked their tickets up meanwhile would find nothing and create
 * them again, under a new batch requestid that QuickBooks cannot match. So the successor waits
 * until the journal holds none of the company's writes still `inflight` and recent: the earlier
 * run records each request as over as soon as it is (at once while it is stopping), and a
 * worker that died never will, so its writes count only for one request timeout after they
 * were written down (by then they have arrived or never will), and no run waits longer than
 * one request timeout (of QuickBooks' time, the clock's) in all. A run whose predecessor ended
 * normally waits for nothing; one that follows a process that held the store alone and died
 * waits for nothing either (`markOrphanedRequestsOver` at that process's start).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { youngWritesInFlight } from '../../store/qbo-writes.js';
import type { SyncDeps } from '../deps.js';

/** The client's own timeout when none is configured (qbo/client.ts). */
const DEFAULT_TIMEOUT_MS = 60_000;
const POLL_MS = 250;

/** True once nothing an earlier run sent can still be on its way; false if the run was asked to stop first. */
export async function earlierRequestsOver(deps: SyncDeps, runId: number, connectionId: number, stopRequested: () => boolean): Promise<boolean> {
  // The timeout is in QuickBooks' time (the clock), the journal's timestamps in the wall's.
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const horizonMs = timeoutMs / (deps.timeScale ?? 1);
  const until = deps.clock.now() + timeoutMs;
  let said = false;
  for (;;) {
    const young = await youngWritesInFlight(deps.database.db, connectionId, horizonMs);
    if (young === 0 || deps.clock.now() >= until) return true;
    if (stopRequested()) return false;
    if (!said) deps.logger.info({ runId, connectionId, writes: young }, 'waiting for writes an earlier run sent to arrive at QuickBooks before looking them up');
    said = true;
    // Wall time: the journal's clock (a test's hand-moved clock would never get there).
    await sleep(POLL_MS);
  }
}
