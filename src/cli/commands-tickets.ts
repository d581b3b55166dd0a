/**
 * CLI: `tillbooks tickets` lists tickets as the Tickets page does (issue 18): newest business
 * date first, filtered by location, state, dates, or "needs attention" (`--attention`, any reason
 * or one), with `--json` for scripts (ticketsJson). `list` is the default subcommand, so
 * `tillbooks tickets --state skipped` works; other subcommands (repost, accept…) attach to the
 * same `tickets` command through `ticketsCommand(program)`.
 */
import type { Command } from 'commander';
import { ATTENTION_KINDS, attentionOf, isAttentionKind } from '../domain/attention.js';
import type { AttentionKind } from '../domain/attention.js';
import { DATE_RANGE_TEXT, isDateInRange } from '../domain/business-date.js';
import { formatCents } from '../domain/money.js';
import { readSyncError } from '../domain/sync-error.js';
import { TICKET_STATES, isTicketState } from '../domain/ticket-outcomes.js';
import { listLocations } from '../store/locations.js';
import { ticketPage } from '../store/ticket-pages.js';
import type { TicketFilter, TicketListRow } from '../store/ticket-pages.js';
import { UsageError, withRuntime } from './context.js';
import { printJson, ticketsJson } from './json-output.js';

interface ListOptions {
  tenant?: string; location?: string; state?: string; attention?: string | true; from?: string; to?: string; limit: string; json?: boolean;
}

/** The `tickets` command: made once, found again by the files that add subcommands to it. */
export function ticketsCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'tickets')
    ?? program.command('tickets').description('list tickets and act on them (tillbooks tickets --help)');
}

export function registerTicketsCommands(program: Command): void {
  ticketsCommand(program).command('list', { isDefault: true })
    .description('tickets, newest business date first (what the Tickets page shows)')
    .option('--tenant <id>', 'tenant (default: default)')
    .option('--location <id>', 'only this location')
    .option('--state <state>', `only this sync state: ${TICKET_STATES.join(', ')}`)
    .option('--attention [reason]', `only tickets that need a person: any reason, or one of ${ATTENTION_KINDS.join(', ')}`)
    .option('--from <date>', 'first business date')
    .option('--to <date>', 'last business date')
    .option('--limit <n>', 'how many (1-500)', '50')
    .option('--json', 'one JSON document, for scripts (money as decimal strings)')
    .action(async (o: ListOptions) => {
      const filter = filterOf(o);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new UsageError(`--limit ${o.limit}: give a whole number from 1 to 500`);
      await withRuntime({ ...o, qbo: false }, async (rt, tenantId) => {
        const db = rt.database.db;
        if (o.location !== undefined && !(await listLocations(db, tenantId)).some((l) => l.id === o.location)) {
          throw new UsageError(`no location "${o.location}" (see tillbooks location list)`);
        }
        const page = await ticketPage(db, tenantId, filter, { limit });
        if (o.json) return printJson(ticketsJson, { tickets: page.rows.map(ticketJson), more: page.older !== null });
        printTickets(page.rows, page.older !== null, filter);
      });
    });
}

function filterOf(o: ListOptions): TicketFilter {
  const filter: TicketFilter = {};
  if (o.location !== undefined) filter.locationId = o.location;
  if (o.state !== undefined) {
    if (!isTicketState(o.state)) throw new UsageError(`--state ${o.state}: give one of ${TICKET_STATES.join(', ')}`);
    filter.state = o.state;
  }
  if (o.attention !== undefined) {
    const reason = o.attention === true ? 'any' : o.attention;
    if (reason !== 'any' && !isAttentionKind(reason)) throw new UsageError(`--attention ${reason}: give no reason (any), or one of ${ATTENTION_KINDS.join(', ')}`);
    filter.attention = reason;
  }
  for (const [flag, value, key] of [['--from', o.from, 'from'], ['--to', o.to, 'to']] as const) {
    if (value === undefined) continue;
    if (!isDateInRange(value)) throw new UsageError(`${flag} ${value}: give a date YYYY-MM-DD from ${DATE_RANGE_TEXT}`);
    filter[key] = value;
  }
  if (filter.from && filter.to && filter.from > filter.to) throw new UsageError(`--from ${filter.from} is after --to ${filter.to}`);
  return filter;
}

function reasonOf(row: TicketListRow): AttentionKind | null {
  return attentionOf(row.state, readSyncError(row.lastError)?.kind);
}

function ticketJson(row: TicketListRow) {
  const e = readSyncError(row.lastError);
  return {
    locationId: row.locationId, ticketId: row.ticketId, version: row.version, businessDate: row.businessDate, amount: formatCents(row.totalCents),
    state: row.state, quickBooksNumber: row.qboDocNumber, needsAttention: reasonOf(row),
    error: e && { kind: e.kind, code: e.code, ...(e.qboCode && { qboCode: e.qboCode }), message: e.message, hint: e.hint, at: e.at },
  };
}

function printTickets(rows: TicketListRow[], more: boolean, filter: TicketFilter): void {
  if (rows.length === 0) {
    console.log(filter.attention ? 'no ticket needs attention' : 'no ticket matches');
    return;
  }
  for (const r of rows) {
    const e = readSyncError(r.lastError);
    const reason = reasonOf(r);
    console.log(`${r.businessDate} ${r.locationId}/${r.ticketId} ${formatCents(r.totalCents).padStart(10)} ${r.state.padEnd(7)}`
      + `${r.qboDocNumber ? ` no. ${r.qboDocNumber}` : ''}${reason ? ` needs attention (${reason})` : ''}`);
    if (e) console.log(`    ${e.qboCode ? `[${e.qboCode}] ` : ''}${e.message}\n    → ${e.hint}`);
  }
  console.log(`${rows.length} ticket${rows.length === 1 ? '' : 's'}, newest business date first${more ? '; more with --limit or narrower filters' : ''}`);
}
