/**
 * The QuickBooks Online simulator: a strict, realistic stand-in for Intuit's API, served over
 * real HTTP for demos, tests and benchmarks. Production code never imports this folder.
 *
 *   const sim = await startSimulator({ clock });
 *   const { realmId } = sim.createCompany({ name: 'Corner Café' });
 *   const tokens = sim.issueTokens(realmId);
 *   fetch(`${sim.urls.api}/v3/company/${realmId}/invoice?minorversion=75`, ...)
 *
 * `documents(realmId)` without an entity adds `_entity` to each document so the types can be
 * told apart; with an entity it returns exactly what a read would.
 *
 *   sim.setPreferences(realmId, { BookCloseDate: '2026-11-24' });  // writes dated on or before: 6210
 *   await startSimulator({ stateFile: 'data/simulator.json' });     // companies and tokens survive a restart
 *   sim.setPreferences(realmId, { classTracking: 'perLine', trackDepartments: true });
 *   sim.setLimits(realmId, { meterBatchItems: false });            // a batch counts once toward the 500/min
 *   sim.setQuota(realmId, { monthlyReads: 500_000 });              // reads past it: 429, code 3002
 *   sim.requestLog(realmId).filter((r) => r.query?.startsWith('SELECT * FROM Invoice'));  // what was asked
 *   sim.setWebhook({ url, verifierToken }); sim.webhooks();         // signed CloudEvents notifications
 */
export { startSimulator } from './server.js';
export type {
  CompanyOptions, Counters, Faults, LimitOptions, LoggedRequest, MeteringSummary, OAuthApp, PreferenceChanges, PreferenceSummary, QuotaOptions,
  Simulator, SimulatorOptions, TokenResponse, CloudEvent, WebhookDelivery, WebhookEndpoint, WebhookFaults, WebhookOptions,
} from './types.js';
export { DEFAULT_APP, DEFAULT_LIMITS, NO_FAULTS } from './types.js';
export { OAUTH_PATHS } from './oauth-routes.js';
