/** Starts a simulator: one fastify server holding any number of simulated companies. */
import Fastify from 'fastify';
import { makeScaledClock, systemClock } from '../lib/clock.js';
import { registerApiRoutes } from './api-routes.js';
import { registerBodyParsers } from './body-parsers.js';
import { parsePreferenceChanges } from './company-preferences.js';
import { registerFallbacks } from './fallback-routes.js';
import { parseFaults } from './faults.js';
import { registerInspectRoutes } from './inspect-routes.js';
import { parseLimits } from './limits-options.js';
import { parseQuota } from './metering.js';
import { registerMeteringRoutes } from './metering-routes.js';
import { parseWebhookEndpoint, parseWebhookFaults, parseWebhookOptions } from './webhook-options.js';
import { registerWebhookRoutes } from './webhook-routes.js';
import { OAUTH_PATHS, registerOAuthRoutes } from './oauth-routes.js';
import type { SimState } from './sim-state.js';
import {
  clearFaults, countersOf, createCompany, documentsOf, makeSimState, meteringOf, requireCompany, resetState, setFaults, setLimits,
  setPreferences, setQuota, setWebhook,
} from './sim-state.js';
import type { StateSaver } from './state-file.js';
import { makeStateSaver, readStateFile } from './state-file.js';
import { restoreState, snapshotState } from './state-snapshot.js';
import type { Simulator, SimulatorOptions } from './types.js';
import { DEFAULT_APP, DEFAULT_LIMITS } from './types.js';

/** The state, restored from the state file when there is one; apps given in the options win over the file's. */
async function initialState(opts: SimulatorOptions): Promise<{ state: SimState; saver?: StateSaver }> {
  const clock = opts.clock ?? (opts.timeScale !== undefined && opts.timeScale !== 1 ? makeScaledClock(opts.timeScale) : systemClock);
  const saved = opts.stateFile !== undefined ? await readStateFile(opts.stateFile) : undefined;
  // Copies: an app's webhook may be changed at run time (sim.setWebhook), never the caller's objects or DEFAULT_APP.
  const apps = (opts.apps ?? saved?.apps ?? [DEFAULT_APP]).map((a) => ({
    ...a, ...(a.webhook ? { webhook: parseWebhookEndpoint(a.webhook) } : {}),
  }));
  const state = makeSimState(clock, { ...DEFAULT_LIMITS, ...parseLimits(opts.limits ?? {}) }, apps, opts.seed ?? 1,
    parseWebhookOptions(opts.webhooks));
  state.quota = opts.quota ? parseQuota(opts.quota).monthlyReads : null;
  if (saved) restoreState(state, saved);
  if (opts.stateFile === undefined) return { state };
  const saver = makeStateSaver(opts.stateFile, () => snapshotState(state));
  state.changed = () => saver.changed();
  return { state, saver };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const { state, saver } = await initialState(opts);
  const clock = state.clock;
  // forceCloseConnections: close() must not wait for clients' idle keep-alive sockets.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  registerBodyParsers(app);
  registerApiRoutes(app, state);
  registerOAuthRoutes(app, state, opts.autoApprove !== undefined ? { autoApprove: opts.autoApprove } : {});
  registerInspectRoutes(app, state);
  registerMeteringRoutes(app, state);
  registerWebhookRoutes(app, state);
  registerFallbacks(app, clock);
  const url = (await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' })).replace(/\/$/, '');
  const defaultClient = state.apps[0]?.clientId ?? DEFAULT_APP.clientId;
  return {
    url,
    urls: { api: url, authorize: url + OAUTH_PATHS.authorize, token: url + OAUTH_PATHS.token, revoke: url + OAUTH_PATHS.revoke },
    createCompany: (options) => createCompany(state, options),
    issueTokens(realmId, clientId = defaultClient) {
      requireCompany(state, realmId);
      if (!state.oauth.findApp(clientId)) throw new RangeError(`unknown clientId ${clientId}`);
      return state.oauth.issue(realmId, clientId);
    },
    setPreferences: (realmId, prefs) => setPreferences(state, realmId, parsePreferenceChanges(prefs)),
    setFaults: (realmId, faults) => setFaults(state, realmId, parseFaults(faults)),
    clearFaults: (realmId) => clearFaults(state, realmId),
    counters: (realmId) => countersOf(state, realmId),
    setLimits: (realmId, limits) => setLimits(state, realmId, parseLimits(limits)),
    setQuota: (realmId, quota) => setQuota(state, realmId, quota === null ? null : parseQuota(quota)),
    metering: (realmId) => meteringOf(state, realmId),
    requestLog: (realmId) => [...requireCompany(state, realmId).requestLog],
    webhooks: (filter) => state.webhooks.deliveries(filter),
    setWebhook: (endpoint, clientId) => setWebhook(state, endpoint === null ? null : parseWebhookEndpoint(endpoint), clientId),
    setWebhookFaults: (faults) => state.webhooks.setFaults(parseWebhookFaults(faults)),
    flushWebhooks: () => state.webhooks.flush(),
    documents: (realmId, entity) => documentsOf(state, realmId, entity),
    reset: () => resetState(state),
    async close() {
      // Stop taking requests first, so the last write holds everything that was answered.
      state.webhooks.stop();
      await app.close();
      await saver?.flush();
    },
  };
}
