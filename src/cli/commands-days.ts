/**
 * CLI: summary mode (summary-rules §1, §6) —
 *   tillbooks days [--location ID] [--from D --to D] [--json]    the days, their POS totals, state, documents, reconciliation
 *   tillbooks days --location ID --resync D… | --repost D…      skipped days again, or days changed in QuickBooks reposted
 *   tillbooks mode --location ID --summary|--line-by-line --from D [--yes] [--json]
 * `mode` says what switching will do and saves only with --yes. Everything goes through the SyncService.
 */
import type { Command } from 'commander';
import { syncDepsFor } from '../app/sync-deps.js';
import { DATE_RANGE_TEXT, isDateInRange } from '../domain/business-date.js';
import { formatCents } from '../domain/money.js';
import { listLocations } from '../store/locations.js';
import { makeSyncService } from '../sync/index.js';
import type { DaysView } from '../sync/index.js';
import { UsageError, withRuntime } from './context.js';
import { formatDays } from './days-table.js';
import { daysJson, modeJson, printJson } from './json-output.js';

const tenantOpt = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)');
const jsonOpt = (cmd: Command) => cmd.option('--json', 'one JSON document, for scripts (money as decimal strings)');

function checkDates(pairs: readonly (readonly [string, string | undefined])[]): void {
  for (const [flag, value] of pairs) {
    if (value !== undefined && !isDateInRange(value)) throw new UsageError(`${flag} ${value}: give a date YYYY-MM-DD from ${DATE_RANGE_TEXT}`);
  }
}

export function registerDaysCommands(program: Command): void {
  daysCommand(program);
  modeCommand(program);
}

type DaysOptions = { tenant?: string; location?: string; from?: string; to?: string; json?: boolean; resync?: string[]; repost?: string[]; check: boolean };

function daysCommand(program: Command): void {
  jsonOpt(tenantOpt(program.command('days').description('summary days per location: POS totals, state, QuickBooks documents and the reconciliation read back')
    .option('--location <id>', 'one location (default: every location with summary days)')
    .option('--from <date>', 'first business date')
    .option('--to <date>', 'last business date')
    .option('--no-check', 'do not read the documents back from QuickBooks (no reconciliation, no read spent)')
    .option('--resync <dates...>', 'post these skipped days again (e.g. once the books are reopened)')
    .option('--repost <dates...>', '"Repost this day": replace what was changed in QuickBooks by the POS totals')))
    .action(async (o: DaysOptions) => {
      checkDates([['--from', o.from], ['--to', o.to], ...(o.resync ?? []).map((d) => ['--resync', d] as const), ...(o.repost ?? []).map((d) => ['--repost', d] as const)]);
      if (o.from && o.to && o.from > o.to) throw new UsageError(`--from ${o.from} is after --to ${o.to}`);
      if ((o.resync || o.repost) && !o.location) throw new UsageError('--resync and --repost need --location');
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const sync = makeSyncService(syncDepsFor(rt, config));
        const locations = await listLocations(rt.database.db, tenantId);
        if (o.location !== undefined && !locations.some((l) => l.id === o.location)) throw new UsageError(`no location "${o.location}" (see tillbooks location list)`);
        for (const [which, dates] of [['resync', o.resync], ['repost', o.repost]] as const) {
          if (!dates) continue;
          const r = await sync.days.requeue(tenantId, o.location!, which, dates);
          console.error(`${which}: ${r.moved.length ? r.moved.join(', ') : 'no day'} queued${r.runId ? ` in run ${r.runId}` : ''}`
            + r.ignored.map((i) => `\n  ${i.date} left alone: ${i.reason}`).join(''));
        }
        const views: DaysView[] = [];
        for (const l of locations.filter((x) => (o.location ? x.id === o.location : true))) {
          const view = await sync.days.list(tenantId, { locationId: l.id, from: o.from ?? null, to: o.to ?? null, readBack: o.check });
          if (o.location || view.days.length > 0 || view.mode.mode === 'summary') views.push(view);
        }
        if (o.json) return printJson(daysJson, { locations: views.map(daysJsonOf) });
        if (views.length === 0) console.log('no location posts in summary mode: tillbooks mode --location ID --summary --from DATE');
        console.log(views.map(formatDays).join('\n\n'));
      });
    });
}

function daysJsonOf(v: DaysView) {
  return {
    locationId: v.locationId, timeZone: v.timeZone, today: v.today, mode: v.mode.mode, summaryFrom: v.mode.summaryFrom, readBack: v.readBack,
    days: v.days.map((d) => ({
      date: d.date, state: d.state, stateWords: d.stateWords, revision: d.revision, reason: d.reason, tickets: d.tickets,
      totals: Object.fromEntries(Object.entries(d.totals).map(([g, c]) => [g, formatCents(c)])),
      tenders: d.tenders.map((t) => ({ name: t.name, amount: formatCents(t.cents) })), documents: d.documents,
      reconciliation: d.reconciliation && { matches: d.reconciliation.matches, rows: d.reconciliation.rows.map((r) => ({
        group: r.group, pos: formatCents(r.pos), quickBooks: formatCents(r.qbo), difference: formatCents(r.qbo - r.pos) })) },
    })),
  };
}

type ModeOptions = { tenant?: string; location: string; summary?: boolean; lineByLine?: boolean; from: string; yes?: boolean; json?: boolean };

function modeCommand(program: Command): void {
  jsonOpt(tenantOpt(program.command('mode').description('switch a location between line-by-line and daily summary posting, from a cut-over date (says what it will do; saves with --yes)')
    .requiredOption('--location <id>', 'the location')
    .option('--summary', 'post one daily summary per day from the date on')
    .option('--line-by-line', 'post one document per ticket from the date on')
    .requiredOption('--from <date>', 'the cut-over business date')
    .option('--yes', 'save the switch (without it, only say what it would do)')))
    .action(async (o: ModeOptions) => {
      if (Boolean(o.summary) === Boolean(o.lineByLine)) throw new UsageError('choose one of --summary and --line-by-line');
      checkDates([['--from', o.from]]);
      const mode = o.summary ? 'summary' as const : 'line-by-line' as const;
      await withRuntime({ ...o, qbo: false }, async (rt, tenantId, config) => {
        const days = makeSyncService(syncDepsFor(rt, config)).days;
        const change = { mode, from: o.from };
        const p = o.yes ? await days.setMode(tenantId, o.location, { ...change, savedBy: 'cli' }) : { ...(await days.previewMode(tenantId, o.location, change)), saved: false };
        if (o.json) return printJson(modeJson, { locationId: o.location, mode, from: o.from, saved: p.saved, effects: p.effects, problems: p.problems });
        console.log(`${o.location}: ${mode} from ${o.from}${p.saved ? ' - saved' : o.yes ? ' - NOT saved' : ' - preview (add --yes to save)'}`);
        for (const e of p.effects) console.log(`  ${e}`);
        for (const x of p.problems) console.log(`  cannot be saved: ${x}`);
        if (p.problems.length > 0) process.exitCode = 1;
      });
    });
}
