/**
 * CLI: the commands that only read — status, runs, reconcile — each with `--json` for scripts
 * (shapes in json-output.ts, checked before printing). People read times where the store is
 * (the location's zone, or the zone of the tenant's first location for a run of many); JSON
 * keeps ISO times in UTC, which a script can convert without guessing.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { syncDepsFor } from '../app/sync-deps.js';
import { DATE_RANGE_TEXT, isDateInRange } from '../domain/business-date.js';
import type { Location } from '../domain/location.js';
import { formatCents } from '../domain/money.js';
import { listLocations } from '../store/locations.js';
import { formatReconciliation, makeSyncService } from '../sync/index.js';
import type { RunView } from '../sync/index.js';
import { UsageError, withRuntime } from './context.js';
import { printJson, reconcileJson, runsJson, statusJson } from './json-output.js';

const tenantOpt = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)');
const jsonOpt = (cmd: Command) => cmd.option('--json', 'one JSON document, for scripts (times in UTC, money as decimal strings)');

/** "2026-12-04 17:05 MST": a moment as the store's clock showed it. */
export function localTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '-';
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat('yyyy-LL-dd HH:mm ZZZZ') : iso;
}

function zoneOf(locations: Location[], locationId: string | null): string {
  return locations.find((l) => l.id === locationId)?.timeZone ?? locations[0]?.timeZone ?? 'UTC';
}

function runLine(r: RunView, zone: string): string {
  return `run ${r.id} ${r.trigger} ${r.status} ${localTime(r.startedAt ?? r.queuedAt, zone)}${r.locationId ? ` [${r.locationId}]` : ''}: `
    + `${r.posted} posted, ${r.skipped} skipped, ${r.pending} pending, ${r.voided} voided, ${r.httpRequests} requests${r.error ? ` - ${r.error}` : ''}`;
}

export function registerReadCommands(program: Command): void {
  statusCommand(program);
  runsCommand(program);
  reconcileCommand(program);
}

function statusCommand(program: Command): void {
  jsonOpt(tenantOpt(program.command('status').description('connections, locations, ticket states, recent runs and errors'))).action(async (o: { tenant?: string; json?: boolean }) => {
    await withRuntime({ ...o, qbo: false }, async (rt, tenantId, config) => {
      const sync = makeSyncService(syncDepsFor(rt, config));
      const [connections, usage, next, counts, locations, runs, errors] = await Promise.all([
        sync.connections(tenantId), sync.usage(tenantId), sync.nextRuns(tenantId), sync.ticketCounts(tenantId),
        listLocations(rt.database.db, tenantId), sync.recentRuns(tenantId, { limit: 5 }), sync.ticketErrors(tenantId, { limit: 20 }),
      ]);
      if (o.json) {
        return printJson(statusJson, {
          tenant: tenantId,
          connections: connections.map(({ setupReport: _, ...c }) => c),
          usage,
          locations: locations.map((l) => {
            const mine = counts.filter((c) => c.locationId === l.id);
            const early = mine.find((c) => c.beforeStart);
            return { ...l, nextRun: next[l.id] ?? null,
              tickets: mine.filter((c) => !c.beforeStart).map((c) => ({ state: c.state, tickets: c.tickets, amount: formatCents(c.cents) })),
              beforeStartDate: early ? { tickets: early.tickets, amount: formatCents(early.cents) } : null };
          }),
          runs,
          errors: errors.map(({ totalCents, error, ...e }) => ({ ...e, amount: formatCents(totalCents),
            error: { code: error.code, ...(error.qboCode && { qboCode: error.qboCode }), message: error.message, hint: error.hint, at: error.at } })),
        });
      }
      for (const c of connections) {
        console.log(`QuickBooks connection ${c.id}: "${c.companyName ?? '?'}" realm ${c.realmId} (${c.environment}) ${c.status}${c.statusReason ? ` - ${c.statusReason}` : ''}; `
          + `initialized ${c.initializedAt ? localTime(c.initializedAt, zoneOf(locations, c.locationIds[0] ?? null)) : 'never'}; locations ${c.locationIds.join(', ') || 'none'}`);
      }
      console.log(`QuickBooks reads ${usage.month} (UTC): ${usage.reads} of ${usage.budget} (${Math.floor(usage.share * 100)} %)${usage.warning ? ' - over 80 % of the monthly budget' : ''}`
        + usage.companies.filter((u) => u.quotaBlockedAt).map((u) => `\n  realm ${u.realmId}: QuickBooks refuses reads (monthly quota used up, since ${u.quotaBlockedAt}); runs pause until it is lifted`).join(''));
      for (const l of locations) {
        const mine = counts.filter((c) => c.locationId === l.id && !c.beforeStart).map((c) => `${c.state} ${c.tickets} (${formatCents(c.cents)})`).join(', ');
        const early = counts.find((c) => c.locationId === l.id && c.beforeStart);
        const apart = early ? `; before the start date ${l.syncStartDate} (never posted): ${early.tickets} (${formatCents(early.cents)})` : '';
        console.log(`location ${l.id} (${l.timeZone}) sync ${l.enabled ? 'on' : 'off'} at ${l.syncTime} ${l.syncTimeZone}; next run ${localTime(next[l.id], l.timeZone)}; tickets: ${mine || 'none'}${apart}`);
      }
      for (const r of runs) console.log(runLine(r, zoneOf(locations, r.locationId)));
      for (const e of errors) {
        console.log(`${e.state} ${e.locationId}/${e.ticketId} (${e.businessDate}, ${formatCents(e.totalCents)}): ${e.error.qboCode ? `[${e.error.qboCode}] ` : ''}${e.error.message}\n    → ${e.error.hint}`);
      }
    });
  });
}

function runsCommand(program: Command): void {
  jsonOpt(tenantOpt(program.command('runs').description('the latest runs, newest first')
    .option('--location <id>', 'only this location\'s runs')
    .option('--limit <n>', 'how many (1-100)', '20')))
    .action(async (o: { tenant?: string; location?: string; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError(`--limit ${o.limit}: give a whole number from 1 to 100`);
      await withRuntime({ ...o, qbo: false }, async (rt, tenantId, config) => {
        const locations = await listLocations(rt.database.db, tenantId);
        if (o.location !== undefined && !locations.some((l) => l.id === o.location)) throw new UsageError(`no location "${o.location}" (see tillbooks location list)`);
        const runs = await makeSyncService(syncDepsFor(rt, config)).recentRuns(tenantId, { ...(o.location && { locationId: o.location }), limit });
        if (o.json) return printJson(runsJson, { runs });
        if (runs.length === 0) console.log('no runs yet: tillbooks sync');
        for (const r of runs) console.log(runLine(r, zoneOf(locations, r.locationId)));
      });
    });
}

function reconcileCommand(program: Command): void {
  jsonOpt(tenantOpt(program.command('reconcile').description('POS totals against QuickBooks (read back through its API), per date, location and payment method')
    .option('--location <id>', 'one location (default: every location of the connection)')
    .option('--from <date>', 'first business date (default: 7 days before --to)')
    .option('--to <date>', 'last business date (default: yesterday where the store is)')))
    .action(async (o: { tenant?: string; location?: string; from?: string; to?: string; json?: boolean }) => {
      for (const [flag, value] of [['--from', o.from], ['--to', o.to]] as const) {
        if (value !== undefined && !isDateInRange(value)) throw new UsageError(`${flag} ${value}: give a date YYYY-MM-DD from ${DATE_RANGE_TEXT}`);
      }
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const sync = makeSyncService(syncDepsFor(rt, config));
        const { connectionId, locationId } = await sync.resolveConnection(tenantId, o.location);
        const locations = (await listLocations(rt.database.db, tenantId)).filter((l) => (locationId ? l.id === locationId : l.connectionId === connectionId));
        const to = o.to ?? DateTime.now().setZone(locations[0]?.timeZone ?? 'UTC').minus({ days: 1 }).toISODate()!;
        const from = o.from ?? DateTime.fromISO(to).minus({ days: 6 }).toISODate()!;
        if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
        const recon = await sync.reconcile(tenantId, { connectionId, locationIds: locations.map((l) => l.id), from, to });
        if (o.json) {
          return printJson(reconcileJson, { from, to, connectionId, tickets: recon.tickets, matches: recon.problems.length === 0, problems: recon.problems,
            rows: recon.rows.map((r) => ({ date: r.date, locationId: r.locationId, className: r.className, measure: r.measure,
              pos: formatCents(r.pos), quickBooks: formatCents(r.qbo), difference: formatCents(r.qbo - r.pos) })) });
        }
        console.log(`POS against QuickBooks, ${from} to ${to} (business dates), connection ${connectionId}:`);
        console.log(formatReconciliation(recon));
      });
    });
}
