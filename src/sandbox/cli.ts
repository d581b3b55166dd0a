/**
 * `tillbooks simulator --port 4010 --time-scale 60`: runs the simulator in the foreground until
 * SIGINT/SIGTERM. The CLI wires its flags to runSimulatorFromCli.
 */
import { startSimulator } from './server.js';
import type { Simulator } from './types.js';
import { DEFAULT_APP } from './types.js';

export interface SimulatorCliOptions {
  port: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 1; 60 makes a QuickBooks minute last one second. */
  timeScale?: number;
  /** Default true: QuickBooks' throttles apply. */
  limits?: boolean;
  /** Default none (state lives in memory only): see SimulatorOptions.stateFile. */
  stateFile?: string;
  /** Default true (the strict reading): each batch item also counts toward the 500 requests a minute. */
  batchItemsCountTowardLimit?: boolean;
  /** A monthly quota of metered reads per company; default none. */
  monthlyReadQuota?: number;
  /** The default app's webhook endpoint and verifier token; default none. */
  webhookUrl?: string;
  webhookVerifierToken?: string;
  /** Approve every authorization at once for this company (no consent page); default none. */
  autoApprove?: string;
}

/** `--batch-items-count-toward-limit=false` and the like: true/false, yes/no, 1/0. */
export function parseBooleanFlag(name: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  throw new TypeError(`--${name} takes true or false, not ${JSON.stringify(value)}`);
}

export async function runSimulatorFromCli(opts: SimulatorCliOptions): Promise<Simulator> {
  const sim = await startSimulator({
    port: opts.port,
    host: opts.host ?? '127.0.0.1',
    timeScale: opts.timeScale ?? 1,
    limits: { enabled: opts.limits ?? true, meterBatchItems: opts.batchItemsCountTowardLimit ?? true },
    ...(opts.monthlyReadQuota !== undefined ? { quota: { monthlyReads: opts.monthlyReadQuota } } : {}),
    ...(opts.stateFile !== undefined ? { stateFile: opts.stateFile } : {}),
    ...(opts.autoApprove !== undefined ? { autoApprove: opts.autoApprove } : {}),
    ...(opts.webhookUrl !== undefined
      ? { apps: [{ ...DEFAULT_APP, webhook: { url: opts.webhookUrl, verifierToken: opts.webhookVerifierToken ?? '' } }] }
      : {}),
  });
  const lines = [
    `QuickBooks Online simulator listening on ${sim.url}`,
    `  API base        ${sim.urls.api}/v3/company/{realmId}/...`,
    `  authorize       ${sim.urls.authorize}`,
    `  token           ${sim.urls.token}`,
    `  revoke          ${sim.urls.revoke}`,
    `  companies       ${sim.url}/__sim/`,
    `  client id       ${DEFAULT_APP.clientId}`,
    `  client secret   ${DEFAULT_APP.clientSecret}`,
    `  redirect URIs   any http://localhost:* or http://127.0.0.1:* URL`,
    `  consent         ${opts.autoApprove === undefined ? 'a page to choose a company' : `approved at once for "${opts.autoApprove}"`}`,
    `  time scale      ${opts.timeScale ?? 1}x, limits ${opts.limits === false ? 'off' : 'on'}`,
    `  batch items     ${opts.batchItemsCountTowardLimit === false ? 'a batch counts as 1 request (lenient)' : 'each item counts toward 500/min (strict)'}`,
    `  read quota      ${opts.monthlyReadQuota === undefined ? 'none' : `${opts.monthlyReadQuota} metered reads per company per month`}`,
    `  state file      ${opts.stateFile ?? 'none (in memory only)'}`,
    `  webhooks        ${opts.webhookUrl ?? 'none'}`,
  ];
  console.log(lines.join('\n'));
  const stop = () => {
    // close() also writes the state file, so its failure is reported rather than lost.
    sim.close().then(() => console.log('simulator stopped'), (e: unknown) => {
      console.error('simulator stopped, but the state file could not be written:', e);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return sim;
}
