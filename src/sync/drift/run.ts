/**
 * A drift run (trigger `drift`: webhooks announced changes; `cdc`: the daily Change Data
 * Capture read first). It posts nothing: it reads, judges and records. It runs in its
 * company's queue like any run, so it never reads while a run of the same company writes.
 */
import { emptyCounts } from '../../domain/run.js';
import type { Run } from '../../domain/run.js';
import { getConnection } from '../../store/qbo-connections.js';
import { finishRun, updateRunCounts } from '../../store/runs.js';
import { clientFor } from '../deps.js';
import type { SyncDeps } from '../deps.js';
import type { RunSummary } from '../engine/run.js';
import { checkWaitingChanges } from './check.js';
import type { DriftContext } from './check.js';
import { readChangeCapture } from './cdc.js';

export const isDriftRun = (run: Pick<Run, 'trigger'>): boolean => run.trigger === 'drift' || run.trigger === 'cdc';

export async function executeDriftRun(deps: SyncDeps, run: Run): Promise<RunSummary> {
  const db = deps.database.db;
  const summary: RunSummary = { status: 'finished', ...emptyCounts(), error: null };
  const end = async (status: 'finished' | 'failed', error: string | null) => {
    Object.assign(summary, { status, error });
    await updateRunCounts(db, run.id, summary);
    await finishRun(db, run.id, status, error);
    return summary;
  };
  const connection = run.connectionId === null ? null : await getConnection(db, run.tenantId, run.connectionId);
  if (!connection || connection.status !== 'connected') {
    return end('failed', connection ? `QuickBooks needs to be reconnected (${connection.statusReason ?? connection.status}); the changes wait` : 'no QuickBooks connection');
  }
  const ctx: DriftContext = { deps, tenantId: run.tenantId, connectionId: connection.id, client: clientFor(deps, connection), seen: new Map() };
  try {
    if (run.trigger === 'cdc') await readChangeCapture(ctx);
    const counts = await checkWaitingChanges(ctx);
    Object.assign(summary, { total: counts.changes, done: counts.changes, httpRequests: ctx.client.requests() });
    if (counts.marked > 0) deps.logger.info({ runId: run.id, marked: counts.marked }, 'tickets or summary days changed in QuickBooks');
    return await end('finished', null);
  } catch (err) {
    summary.httpRequests = ctx.client.requests();
    deps.logger.warn({ err, runId: run.id }, 'drift check failed; the changes wait for the next one');
    return end('failed', `the check of changes in QuickBooks stopped: ${(err as Error).message}; the changes wait for the next check`);
  }
}
