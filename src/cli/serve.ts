/**
 * The long-running processes: `tillbooks serve`/`start` (what `npm start` runs: web and
 * worker in one process), `tillbooks web` (pages and API only) and `tillbooks worker` (runs
 * only; server mode).
 */
import { ConfigError, loadConfig } from '../config/index.js';
import { startTillbooks } from '../app/start.js';
import type { Tillbooks } from '../app/start.js';
import { startWorkerProcess } from '../app/worker-process.js';
import type { WorkerProcess } from '../app/worker-process.js';
import { startLocalApi } from './local-api.js';

/** `hostCommand`: runs the commands of `tillbooks` processes refused the embedded data folder (local-api.ts). */
export async function serve(opts: { worker?: boolean; hostCommand?: (args: string[]) => Promise<void> } = {}): Promise<Tillbooks> {
  const config = loadConfig();
  if (opts.worker === false && config.mode === 'embedded') {
    throw new ConfigError(['DATABASE_URL: `tillbooks web` leaves runs to `tillbooks worker` processes, which share a PostgreSQL server; embedded mode is one process (`tillbooks serve`)']);
  }
  const t = await startTillbooks(config, { worker: opts.worker });
  const local = config.mode === 'embedded' && opts.hostCommand ? await startLocalApi(t, config.dataDir, opts.hostCommand).catch(async (err: unknown) => {
    await t.stop();
    throw err;
  }) : null;
  const lines = [
    '',
    `tillbooks is running at ${t.url}`,
    `  mode        ${config.mode === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'}`,
    `  runs        ${t.worker ? `executed here${config.mode === 'server' ? ` (job queue, up to ${config.workerConcurrency} at once) and by any \`tillbooks worker\`` : ''}` : 'executed by `tillbooks worker` processes'}`,
    `  QuickBooks  ${config.qbo.environment}${t.simulator ? ` (built-in simulator at ${t.simulator.url}/__sim/)` : ''}`,
  ];
  if (local) lines.push(`  commands    \`tillbooks …\` on this data folder are run by this service (${local.url}, from this machine only)`);
  if (t.firstStart) {
    const f = t.firstStart;
    lines.push('', 'First start: save these now, they are not shown again.',
      `  sign in     ${t.url}/signin  as ${f.email}  password ${f.password}`);
    if (f.apiKey) lines.push(`  API key     ${f.apiKey}`);
    if (f.demo) {
      const s = f.demo.summary;
      lines.push(`  demo        location ${f.demo.locationId}: ${s.taken + s.replaced} tickets of ${f.demo.date} stored`);
    }
    if (f.apiKey) {
      lines.push('', 'Send a ticket:',
        `  curl -X POST ${t.url}/api/v1/tickets -H "Authorization: Bearer ${f.apiKey}" -H "Content-Type: application/json" --data @docs/example-ticket.json`);
    }
  }
  lines.push('');
  console.log(lines.join('\n'));
  stopOnSignals(async () => {
    await local?.close();
    await t.stop();
  });
  return t;
}

export async function worker(): Promise<WorkerProcess> {
  const config = loadConfig();
  const w = await startWorkerProcess(config);
  console.log(`tillbooks worker ${w.runner.id}: executing runs from the job queue (up to ${config.workerConcurrency} at once)`);
  stopOnSignals(() => w.stop());
  return w;
}

/** SIGINT/SIGTERM: runs in flight are finished or handed back before the process exits. */
function stopOnSignals(stop: () => Promise<void>): void {
  const onSignal = (signal: string) => {
    console.log(`\n${signal}: stopping (runs in flight stop at their next batch and are handed back)`);
    void stop().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
}
