/** The SyncDeps every process builds from its runtime: the same in the web, a worker and the CLI. */
import type { Config } from '../config/index.js';
import type { SyncDeps } from '../sync/index.js';
import type { Runtime } from './runtime.js';
import { hosted } from './hosted.js';

export type SyncTuning = Partial<Pick<SyncDeps, 'retryPolicy' | 'timeoutMs' | 'pageSize' | 'limiters' | 'qboObserver'>>;

export function syncDepsFor(runtime: Runtime, config: Config, tuning: SyncTuning = {}): SyncDeps {
  // A command run inside the service shares its deps: one limiter per company, its metrics.
  const inService = hosted();
  if (inService?.runtime === runtime && Object.keys(tuning).length === 0) return inService.deps;
  return {
    database: runtime.database, cipher: runtime.cipher, provider: runtime.provider, clock: runtime.clock, logger: runtime.logger,
    app: { clientId: config.qbo.clientId, clientSecret: config.qbo.clientSecret, redirectUri: config.qbo.redirectUri },
    timeoutMs: config.qbo.timeoutMs,
    monthlyReadBudget: config.qbo.monthlyReadBudget,
    batchReading: config.qbo.batchReading,
    pipelineDepth: config.qbo.pipelineDepth,
    timeScale: config.simulator.timeScale,
    ...tuning,
  };
}
