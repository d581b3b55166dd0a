/**
 * The daily CDC backstop on the schedule: each connected company used by an enabled location
 * gets a `cdc` run once a day (its cursor's next due time). Several workers may tick at once:
 * moving the due time is a compare-and-set, so only one of them queues the run.
 */
import { advanceCdcDue, dueCdcConnections } from '../../store/qbo-changes.js';
import { enqueueRun } from '../../store/runs.js';
import type { SyncDeps } from '../deps.js';
import { CDC_EVERY_MS } from './cdc.js';

export async function tickChangeCapture(deps: SyncDeps, nowMs: number = deps.clock.now()): Promise<number[]> {
  const db = deps.database.db;
  const runIds: number[] = [];
  for (const due of await dueCdcConnections(db, new Date(nowMs), CDC_EVERY_MS)) {
    // Due several times over (the service was down): one read catches up, from the cursor.
    if (!(await advanceCdcDue(db, due.connectionId, due.dueAt, new Date(nowMs + CDC_EVERY_MS)))) continue;
    runIds.push(await enqueueRun(db, { tenantId: due.tenantId, connectionId: due.connectionId, locationId: null, trigger: 'cdc' }));
  }
  return runIds;
}
