/** SyncDeps for a test process talking to a simulator: its own limiter registry, the real clock. */
import { systemClock } from '../../src/lib/clock.js';
import { silentLogger } from '../../src/lib/logger.js';
import { makeLimiterRegistry, makeQboProvider } from '../../src/qbo/index.js';
import type { Simulator } from '../../src/sandbox/index.js';
import type { Database } from '../../src/store/index.js';
import { makeTokenCipher } from '../../src/store/token-crypto.js';
import type { SyncDeps } from '../../src/sync/deps.js';

export function simulatorSyncDeps(database: Database, sim: Pick<Simulator, 'urls'>, key: Buffer): SyncDeps {
  return {
    database, cipher: makeTokenCipher(key), clock: systemClock, logger: silentLogger, limiters: makeLimiterRegistry(),
    provider: makeQboProvider('simulator', { apiBase: sim.urls.api, authorize: sim.urls.authorize, token: sim.urls.token, revoke: sim.urls.revoke }),
    app: { clientId: 'tillbooks-simulator', clientSecret: 'tillbooks-simulator-secret', redirectUri: 'http://localhost:9/cb' },
  };
}
