/** CLI: connect, init, sync, resync, status - the QuickBooks side, from a terminal. */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { Runtime } from '../app/runtime.js';
import type { Config } from '../config/index.js';
import { formatCents } from '../domain/money.js';
import { getLocation, listLocations } from '../store/locations.js';
import type { SyncDeps } from '../sync/deps.js';
import { makeSyncService } from '../sync/service.js';
import type { InitializeReport, SyncService, TicketKey } from '../sync/service-types.js';
import { approveConsent } from './consent-client.js';
import { readPastedCallback } from './paste-callback.js';
import { UsageError, withRuntime } from './context.js';
import { runWithProgress } from './run-progress.js';
import { enqueueRun } from '../store/runs.js';

const tenantOpt = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)');

function syncFor(rt: Runtime, config: Config): { deps: SyncDeps; sync: SyncService } {
  const deps: SyncDeps = {
    database: rt.database, cipher: rt.cipher, provider: rt.provider, clock: rt.clock, logger: rt.logger,
    app: { clientId: config.qbo.clientId, clientSecret: config.qbo.clientSecret, redirectUri: config.qbo.redirectUri },
  };
  return { deps, sync: makeSyncService(deps) };
}

async function connectionOf(rt: Runtime, tenantId: string, locationId: string | undefined): Promise<{ connectionId: number; locationId?: string }> {
  if (locationId) {
    const loc = await getLocation(rt.database.db, tenantId, locationId);
    if (!loc) throw new UsageError(`no location "${locationId}"`);
    if (!loc.connectionId) throw new UsageError(`location "${locationId}" is not connected to QuickBooks: tillbooks connect --location ${locationId}`);
    return { connectionId: loc.connectionId, locationId };
  }
  const connected = (await listLocations(rt.database.db, tenantId)).filter((l) => l.connectionId);
  const ids = [...new Set(connected.map((l) => l.connectionId!))];
  if (ids.length === 0) throw new UsageError('no location is connected to QuickBooks yet: tillbooks connect --location ID');
  if (ids.length > 1) throw new UsageError('several QuickBooks connections: name one with --location');
  return { connectionId: ids[0]! };
}

export function printReport(r: InitializeReport): void {
  console.log(`Initialize${r.companyName ? ` of "${r.companyName}"` : ''} at ${r.at}:`);
  for (const rec of r.records) console.log(`  ${rec.action.padEnd(11)} ${rec.entity.padEnd(13)} ${rec.name.padEnd(28)} id ${rec.id}${rec.note ? `  (${rec.note})` : ''}`);
  for (const n of r.notes) console.log(`  note: ${n}`);
}

export function registerSyncCommands(program: Command): void {
  tenantOpt(program.command('connect').description('connect a location to a QuickBooks company (with the simulator, completes its consent page)')
    .requiredOption('--location <id>', 'the location to connect')
    .option('--company <name>', 'simulator: create a company with this name', 'My Sandbox Company')
    .option('--realm <id>', 'simulator: use this existing company'))
    .action(async (o: { tenant?: string; location: string; company: string; realm?: string }) => {
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { sync } = syncFor(rt, config);
        // Bound to this process: `binding` is a nonce only it knows, so only it completes the flow.
        const { url, binding } = await sync.startConnect(tenantId, { locationId: o.location });
        console.log(`Authorize URL:\n  ${url}`);
        const params = config.qbo.environment === 'simulator'
          ? await approveConsent(url, o.realm ? { realmId: o.realm } : { newCompany: o.company })
          : await readPastedCallback('Open it in a browser and approve; then paste here the address the browser was sent back to: ');
        const done = await sync.completeConnect(params, { tenantId, binding });
        console.log(`connected ${o.location} to "${done.connection.companyName}" (realm ${done.connection.realmId}, connection ${done.connection.id})`);
      });
    });

  tenantOpt(program.command('init').description('Initialize: find or create the QuickBooks records the documents use')
    .option('--location <id>', 'the location whose connection to initialize'))
    .action(async (o: { tenant?: string; location?: string }) => {
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { sync } = syncFor(rt, config);
        const { connectionId } = await connectionOf(rt, tenantId, o.location);
        printReport(await sync.initialize(tenantId, connectionId));
      });
    });

  tenantOpt(program.command('sync').description('post pending tickets: the days that are over (like the schedule), or everything with --now')
    .option('--location <id>', 'one location (default: every location of the connection)')
    .option('--now', 'everything pending up to this moment ("Sync now")')
    .option('--no-progress', 'no progress bar'))
    .action(async (o: { tenant?: string; location?: string; now?: boolean; progress: boolean }) => {
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { deps, sync } = syncFor(rt, config);
        const { connectionId, locationId } = await connectionOf(rt, tenantId, o.location);
        let runId: number;
        if (o.now) {
          runId = (await sync.syncNow(tenantId, { connectionId, ...(locationId && { locationId }) })).runId;
        } else {
          // Like the scheduled run: business dates before today where the store is (one location's zone).
          const loc = locationId ? await getLocation(rt.database.db, tenantId, locationId) : (await listLocations(rt.database.db, tenantId)).find((l) => l.connectionId === connectionId);
          const cutoffDate = DateTime.fromMillis(rt.clock.now(), { zone: loc?.timeZone ?? 'America/Denver' }).toISODate()!;
          runId = await enqueueRun(rt.database.db, { tenantId, connectionId, locationId: locationId ?? null, trigger: 'schedule', cutoffDate });
        }
        const s = await runWithProgress(rt, deps, tenantId, runId, { progress: o.progress && process.stderr.isTTY });
        const view = await sync.run(tenantId, runId);
        console.log(`run ${runId} ${view?.status}: ${view?.posted} posted, ${view?.voided} voided, ${view?.skipped} skipped, ${view?.pending} still pending, ${view?.httpRequests} QuickBooks requests${view?.error ? `\n  ${view.error}` : ''}`);
        if (s && s.skipped > 0) console.log('skipped tickets and why: tillbooks status');
      });
    });

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
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const { deps, sync } = syncFor(rt, config);
        const outcome = await sync.resync(tenantId, keys);
        for (const i of outcome.ignored) console.log(`  ${i.locationId}/${i.ticketId}: left alone (${i.reason})`);
        if (outcome.runId === null) return;
        await runWithProgress(rt, deps, tenantId, outcome.runId, { progress: o.progress && process.stderr.isTTY });
        const states = await rt.database.db.selectFrom('tickets').select(['location_id', 'ticket_id', 'sync_state', 'last_error'])
          .where('tenant_id', '=', tenantId).where('ticket_id', 'in', outcome.queued.map((k) => k.ticketId)).execute();
        for (const s of states) console.log(`  ${s.location_id}/${s.ticket_id}: ${s.sync_state}${s.last_error ? ` - ${(s.last_error as { message: string }).message}` : ''}`);
      });
    });

  tenantOpt(program.command('status').description('connections, locations, ticket states, recent runs and errors')).action(async (o: { tenant?: string }) => {
    await withRuntime({ ...o, qbo: false }, async (rt, tenantId, config) => {
      const { sync } = syncFor(rt, config);
      const db = rt.database.db;
      for (const c of await sync.connections(tenantId)) {
        console.log(`QuickBooks connection ${c.id}: "${c.companyName ?? '?'}" realm ${c.realmId} (${c.environment}) ${c.status}${c.statusReason ? ` - ${c.statusReason}` : ''}; initialized ${c.initializedAt ?? 'never'}; locations ${c.locationIds.join(', ') || 'none'}`);
      }
      const next = await sync.nextRuns(tenantId);
      const counts = await db.selectFrom('tickets').select(['location_id', 'sync_state', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('total_cents').as('cents')])
        .where('tenant_id', '=', tenantId).groupBy(['location_id', 'sync_state']).orderBy('location_id').execute();
      for (const l of await listLocations(db, tenantId)) {
        const mine = counts.filter((c) => c.location_id === l.id).map((c) => `${c.sync_state} ${c.n} (${formatCents(Number(c.cents))})`).join(', ');
        console.log(`location ${l.id} (${l.timeZone}) sync ${l.enabled ? 'on' : 'off'} at ${l.syncTime} ${l.syncTimeZone}; next run ${next[l.id] ?? '-'}; tickets: ${mine || 'none'}`);
      }
      for (const r of await sync.recentRuns(tenantId, { limit: 5 })) {
        console.log(`run ${r.id} ${r.trigger} ${r.status} ${r.startedAt ?? r.queuedAt}: ${r.posted} posted, ${r.skipped} skipped, ${r.pending} pending, ${r.voided} voided, ${r.httpRequests} requests${r.error ? ` - ${r.error}` : ''}`);
      }
      for (const e of await sync.ticketErrors(tenantId, { limit: 20 })) {
        console.log(`${e.state} ${e.locationId}/${e.ticketId} (${e.businessDate}, ${formatCents(e.totalCents)}): ${e.error.qboCode ? `[${e.error.qboCode}] ` : ''}${e.error.message}\n    → ${e.error.hint}`);
      }
    });
  });
}
