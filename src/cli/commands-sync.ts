/** CLI: connect, init, sync, resync - the QuickBooks side, from a terminal (status and the other reads: commands-read.ts). */
import type { Command } from 'commander';
import type { Runtime } from '../app/runtime.js';
import { hosted } from '../app/hosted.js';
import { syncDepsFor } from '../app/sync-deps.js';
import type { Config } from '../config/index.js';
import { useBaselineJavaScript } from '../lib/one-run-v8.js';
import { sizePoolToStore } from '../store/buffer-pool.js';
import { makeSyncService } from '../sync/index.js';
import type { InitializeReport, SyncDeps, SyncService, TicketKey } from '../sync/index.js';
import { printDryRun } from './commands-repair.js';
import { obtainCallback } from './connect-callback.js';
import { UsageError, withRuntime } from './context.js';
import { runWithProgress } from './run-progress.js';
import type { RunOutcome } from './run-progress.js';

const tenantOpt = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)');

function syncFor(rt: Runtime, config: Config): { deps: SyncDeps; sync: SyncService } {
  const deps = syncDepsFor(rt, config);
  return { deps, sync: makeSyncService(deps) };
}

export function printReport(r: InitializeReport): void {
  console.log(`Initialize${r.companyName ? ` of "${r.companyName}"` : ''} at ${r.at}:`);
  for (const rec of r.records) console.log(`  ${rec.action.padEnd(11)} ${rec.entity.padEnd(13)} ${rec.name.padEnd(28)} id ${rec.id}${rec.note ? `  (${rec.note})` : ''}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
}

export function registerSyncCommands(program: Command): void {
  connectCommand(program);
  initCommand(program);
  syncCommand(program);
  resyncCommand(program);
}

function connectCommand(program: Command): void {
  tenantOpt(program.command('connect').description('connect a location to a QuickBooks company: approved from here when the server allows it (the simulator, a stand-in), else in a browser')
    .requiredOption('--location <id>', 'the location to connect')
    .option('--company <name>', 'simulator: create a company with this name', 'My Sandbox Company')
    .option('--realm <id>', 'simulator: use this existing company')
    .option('--browser', 'do not approve from here: wait for a browser to come back to the redirect URI (or a pasted address)')
    .option('--timeout <seconds>', 'how long to wait for the browser\'s callback on a local redirect URI', '300'))
    .action(async (o: { tenant?: string; location: string; company: string; realm?: string; browser?: boolean; timeout: string }) => {
      const timeoutMs = Number(o.timeout) * 1000;
      if (!(timeoutMs > 0)) throw new UsageError(`--timeout ${o.timeout}: give a number of seconds`);
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { sync } = syncFor(rt, config);
        // Bound to this process: `binding` is a nonce only it knows, so only it completes the flow.
        const { url, binding } = await sync.startConnect(tenantId, { locationId: o.location });
        console.log(`Authorize URL:\n  ${url}`);
        // Intuit's own sign-in always needs a person; any other server may approve at once.
        const intuit = config.qbo.environment !== 'simulator' && !config.qbo.urls.authorize;
        const params = await obtainCallback({
          authorizeUrl: url, redirectUri: config.qbo.redirectUri, headless: !o.browser && !intuit, timeoutMs,
          choice: o.realm ? { realmId: o.realm } : { newCompany: o.company },
        });
        const done = await sync.completeConnect(params, { tenantId, binding });
        console.log(`connected ${o.location} to "${done.connection.companyName}" (realm ${done.connection.realmId}, connection ${done.connection.id})`);
      });
    });
}

function initCommand(program: Command): void {
  tenantOpt(program.command('init').description('Initialize: find or create the QuickBooks records the documents use')
    .option('--location <id>', 'the location whose connection to initialize'))
    .action(async (o: { tenant?: string; location?: string }) => {
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { sync } = syncFor(rt, config);
        const { connectionId } = await sync.resolveConnection(tenantId, o.location);
        printReport(await sync.initialize(tenantId, connectionId));
      });
    });
}

/** A sync command in its own process runs one sync and exits; inside the service (hosted) it changes nothing of the service's. */
function oneRunProcess(): void {
  if (hosted()) return;
  useBaselineJavaScript();
  sizePoolToStore();
}

function syncCommand(program: Command): void {
  tenantOpt(program.command('sync').description('post pending tickets: the days that are over (like the schedule), or everything with --now')
    .option('--location <id>', 'one location (default: every location of the connection)')
    .option('--now', 'everything pending up to this moment ("Sync now")')
    .option('--dry-run', 'write nothing: what a Sync now run would write (documents, totals per day and account, set-up records)')
    .option('--json', 'with --dry-run: as JSON, for scripts')
    .option('--no-progress', 'no progress bar'))
    .action(async (o: { tenant?: string; location?: string; now?: boolean; dryRun?: boolean; json?: boolean; progress: boolean }) => {
      oneRunProcess();
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { deps, sync } = syncFor(rt, config);
        const { connectionId, locationId } = await sync.resolveConnection(tenantId, o.location);
        if (o.dryRun) return printDryRun(await sync.repair.dryRun(tenantId, { connectionId, ...(locationId && { locationId }) }), o.json === true);
        // --now: everything up to this moment; otherwise like the schedule, the days that are over where each store is.
        const runIds = o.now
          ? [(await sync.syncNow(tenantId, { connectionId, ...(locationId && { locationId }) })).runId]
          : (await sync.syncDue(tenantId, { connectionId, ...(locationId && { locationId }) })).runIds;
        let skipped = 0;
        for (const runId of runIds) {
          const outcome = await runWithProgress(rt, deps, tenantId, runId, { progress: o.progress && process.stderr.isTTY });
          skipped += outcome.totals.skipped;
          console.log(runSummary(outcome));
        }
        if (skipped > 0) console.log('skipped tickets and why: tillbooks status');
      });
    });
}

/** One line for a run followed to its end: the whole sync, continuations included, under the run asked for. */
export function runSummary({ run, runIds, totals: t }: RunOutcome): string {
  const [first, ...more] = runIds;
  const chain = more.length ? ` (carried on as run ${more.join(', ')})` : '';
  const where = run?.locationId ? ` [${run.locationId}]` : '';
  return `run ${first ?? run?.id}${chain} ${run?.status ?? 'unknown'}: ${t.posted} posted, ${t.voided} voided, ${t.skipped} skipped, ${t.pending} still pending, `
    + `${t.httpRequests} QuickBooks requests${where}${run?.error ? `\n  ${run.error}` : ''}`;
}

function resyncCommand(program: Command): void {
  tenantOpt(program.command('resync <tickets...>').description('resync skipped tickets (LOCATION/TICKET, or TICKET with --location)')
    .option('--location <id>', 'location of tickets given without one')
    .option('--no-progress', 'no progress bar'))
    .action(async (tickets: string[], o: { tenant?: string; location?: string; progress: boolean }) => {
      const keys: TicketKey[] = tickets.map((t) => {
        const i = t.indexOf('/');
        if (i > 0) return { locationId: t.slice(0, i), ticketId: t.slice(i + 1) };
        if (!o.location) throw new UsageError(`"${t}": give LOCATION/TICKET or --location`);
        return { locationId: o.location, ticketId: t };
      });
      oneRunProcess();
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { deps, sync } = syncFor(rt, config);
        const outcome = await sync.resync(tenantId, keys);
        for (const i of outcome.ignored) console.log(`  ${i.locationId}/${i.ticketId}: left alone (${i.reason})`);
        if (outcome.runId === null) return;
        await runWithProgress(rt, deps, tenantId, outcome.runId, { progress: o.progress && process.stderr.isTTY });
        for (const s of await sync.ticketStates(tenantId, outcome.queued)) console.log(`  ${s.locationId}/${s.ticketId}: ${s.state}${s.error ? ` - ${s.error.message}` : ''}`);
      });
    });
}
