/**
 * CLI for tickets changed in QuickBooks (issue 16), under `tillbooks tickets` (kept in a file of
 * its own: other `tickets` subcommands may live elsewhere; the group is shared, not redefined):
 *   tillbooks tickets changed [--json]                    what was edited, voided or deleted in QuickBooks
 *   tillbooks tickets repost LOCATION/TICKET...           rewrite them from the POS (waits for the run)
 *   tillbooks tickets accept LOCATION/TICKET...           keep QuickBooks' version
 */
import type { Command } from 'commander';
import { syncDepsFor } from '../app/sync-deps.js';
import { formatCents } from '../domain/money.js';
import { makeSyncService } from '../sync/index.js';
import type { TicketKey } from '../sync/index.js';
import { UsageError, withRuntime } from './context.js';
import { runWithProgress } from './run-progress.js';
import { ticketsCommand } from './commands-tickets.js';

const tenantOpt = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)');

function keysOf(tickets: string[], location: string | undefined): TicketKey[] {
  return tickets.map((t) => {
    const i = t.indexOf('/');
    if (i > 0) return { locationId: t.slice(0, i), ticketId: t.slice(i + 1) };
    if (!location) throw new UsageError(`"${t}": give LOCATION/TICKET or --location`);
    return { locationId: location, ticketId: t };
  });
}

export function registerDriftCommands(program: Command): void {
  const tickets = ticketsCommand(program);
  tenantOpt(tickets.command('changed').description('tickets whose documents were edited, voided or deleted in QuickBooks').option('--json', 'JSON output'))
    .action(async (o: { tenant?: string; json?: boolean }) => {
      await withRuntime(o, async (rt, tenantId, config) => {
        const changed = await makeSyncService(syncDepsFor(rt, config)).changedTickets(tenantId);
        if (o.json) return void console.log(JSON.stringify({ tickets: changed }, null, 2));
        if (changed.length === 0) return void console.log('no ticket is changed in QuickBooks');
        for (const t of changed) {
          console.log(`${t.locationId}/${t.ticketId}  ${t.businessDate}  ${formatCents(t.totalCents)}`);
          for (const c of t.changes) console.log(`  ${c.entity} ${c.docId} ${c.change} in QuickBooks (noticed ${c.noticedAt} by ${c.source === 'cdc' ? 'the daily check' : 'webhook'})`);
        }
      });
    });
  for (const choice of ['repost', 'accept'] as const) {
    tenantOpt(tickets.command(`${choice} <tickets...>`)
      .description(choice === 'repost' ? 'repost tickets changed in QuickBooks: rewrite their documents from the POS' : 'accept tickets changed in QuickBooks as QuickBooks now holds them')
      .option('--location <id>', 'location of tickets given without one')
      .option('--no-progress', 'no progress bar'))
      .action(async (given: string[], o: { tenant?: string; location?: string; progress: boolean }) => {
        const keys = keysOf(given, o.location);
        await withRuntime({ ...o, qbo: choice === 'repost' }, async (rt, tenantId, config) => {
          const deps = syncDepsFor(rt, config);
          const sync = makeSyncService(deps);
          for (const key of keys) {
            const r = choice === 'repost' ? await sync.repostTicket(tenantId, key, 'cli') : await sync.acceptTicketAsIs(tenantId, key, 'cli');
            if (r.runId !== null) await runWithProgress(rt, deps, tenantId, r.runId, { progress: o.progress && process.stderr.isTTY });
          }
          for (const s of await sync.ticketStates(tenantId, keys)) console.log(`  ${s.locationId}/${s.ticketId}: ${s.state}${s.error ? ` - ${s.error.message}` : ''}`);
        });
      });
  }
}
