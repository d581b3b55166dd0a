/**
 * When the embedded store gets its VACUUM and ANALYZE (store/upkeep.ts decides which tables):
 * nothing runs autovacuum for PGlite, and its activity counters last only as long as the
 * process, so the process that changed the rows is the one that must look. Each runner looks
 * before a run (tickets imported by another process have no statistics yet, and a run planned
 * without them costs about a tenth more CPU) and after it (the dead row versions the run left).
 */
import { upkeepStore } from '../store/upkeep.js';
import type { SyncDeps } from '../sync/index.js';

/** Never throws: a store left without its upkeep is slower, a run that never started because of it is worse. */
export async function upkeepNow(deps: Pick<SyncDeps, 'database' | 'logger'>): Promise<void> {
  try {
    const { tables } = await upkeepStore(deps.database);
    if (tables.length > 0) deps.logger.info({ tables }, `store upkeep: vacuumed and analyzed ${tables.join(', ')}`);
  } catch (err) {
    deps.logger.warn({ err }, 'store upkeep failed; the next run looks again');
  }
}
