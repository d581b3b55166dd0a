/**
 * CLI: summary mode (summary-rules §1, §6) —
 *   tillbooks days [--location ID] [--from D --to D] [--json]    the days, their POS totals, state, documents, reconciliation
 *   tillbooks days --location ID --resync D… | --repost D…      skipped days again, or days changed in QuickBooks reposted
 *   tillbooks days --location ID --history D [--json]            what happened to the day: posts (rN), skips, undo, resync, repost
 *   tillbooks mode --location ID --summary|--line-by-line --from D [--yes] [--json]
 * `mode` says what switching will do and saves only with --yes. Everything goes through the SyncService.
 */
import { setExitCode } from '../app/hosted.js';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { syncDepsFor } from '../app/sync-deps.js';
import { DATE_RANGE_TEXT, isDateInRange } from '../domain/business-date.js';
import { formatCents } from '../domain/money.js';
import { listLocations } from '../store/locations.js';
import { daysOverview, makeSyncService, switchEffects } from '../sync/index.js';
import type { DaysOverview } from '../sync/index.js';
import { UsageError, withRuntime } from './context.js';
import { formatDays } from './days-table.js';
import { dayHistoryJson, daysJson, modeJson, printJson } from './json-output.js';

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

type DaysOptions = {
  tenant?: string; location?: string; from?: string; to?: string; json?: boolean; resync?: string[]; repost?: string[]; history?: string; check: boolean;
};

function daysCommand(program: Command): void {
  jsonOpt(tenantOpt(program.command('days').description('summary days per location: POS totals, state, QuickBooks documents and the reconciliation read back')
    .option('--location <id>', 'one location (default: every location with summary days)')
    .option('--from <date>', 'first business date')
    .option('--to <date>', 'last business date')
    .option('--no-check', 'do not read the documents back from QuickBooks (no reconciliation, no read spent)')
    .option('--resync <dates...>', 'post these skipped days again (e.g. once the books are reopened)')
    .option('--repost <dates...>', '"Repost this day": replace what was changed in QuickBooks by the POS totals')
    .option('--history <date>', 'what happened to this day of --location, oldest first')))
    .action(async (o: DaysOptions) => {
      checkDates([['--from', o.from], ['--to', o.to], ['--history', o.history], ...(o.resync ?? []).map((d) => ['--resync', d] as const), ...(o.repost ?? []).map((d) => ['--repost', d] as const)]);
      if (o.from && o.to && o.from > o.to) throw new UsageError(`--from ${o.from} is after --to ${o.to}`);
      if ((o.resync || o.repost || o.history) && !o.location) throw new UsageError('--resync, --repost and --history need --location');
      if (o.history !== undefined) return dayHistory(o as DaysOptions & { location: string; history: string });
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const sync = makeSyncService(syncDepsFor(rt, config));
        const locations = await listLocations(rt.database.db, tenantId);
        if (o.location !== undefined && !locations.some((l) => l.id === o.location)) throw new UsageError(`no location "${o.location}" (see tillbooks location list)`);
        for (const [which, dates] of [['resync', o.resync], ['repost', o.repost]] as const) {
          if (!dates) continue;
          const r = which === 'resync' ? await sync.days.resync(tenantId, o.location!, dates, 'cli')
            : await repostAll(sync, tenantId, o.location!, dates);
          console.error(`${which}: ${r.queued.length ? r.queued.map((q) => q.date).join(', ') : 'no day'} queued${r.runId ? ` in run ${r.runId}` : ''}`
            + r.ignored.map((i) => `\n  ${i.date} left alone: ${i.reason}`).join(''));
        }
        const views: DaysOverview[] = [];
        for (const l of locations.filter((x) => (o.location ? x.id === o.location : true))) {
          const view = await daysOverview(sync, tenantId, { locationId: l.id, ...(o.from && { from: o.from }), ...(o.to && { to: o.to }), readBack: o.check });
          if (o.location || view.days.length > 0 || view.mode.mode === 'summary') views.push(view);
        }
        if (o.json) return printJson(daysJson, { locations: views.map(daysJsonOf) });
        if (views.length === 0) console.log('no location posts in summary mode: tillbooks mode --location ID --summary --from DATE');
        console.log(views.map(formatDays).join('\n\n'));
      });
    });
}

/** `--history D`: the day's events, oldest first, in the location's zone for people. */
async function dayHistory(o: DaysOptions & { location: string; history: string }): Promise<void> {
  await withRuntime({ ...o, qbo: false }, async (rt, tenantId, config) => {
    const location = (await listLocations(rt.database.db, tenantId)).find((l) => l.id === o.location);
    if (!location) throw new UsageError(`no location "${o.location}" (see tillbooks location list)`);
    const events = await makeSyncService(syncDepsFor(rt, config)).days.history(tenantId, o.location, o.history);
    if (o.json) return printJson(dayHistoryJson, { locationId: o.location, date: o.history, events });
    if (events.length === 0) console.log(`${o.location} ${o.history}: nothing has happened to this day yet`);
    for (const e of events) {
      const when = DateTime.fromISO(e.at).setZone(location.timeZone).toFormat('yyyy-MM-dd HH:mm ZZZZ');
      const docs = e.documents.map((d) => `${d.entity} ${d.id}`).join(', ');
      console.log(`${when}  ${e.words}${e.runId === null ? '' : `  (run ${e.runId})`}${docs ? `  [${docs}]` : ''}`);
    }
  });
}

/** "Repost this day" for each date asked (the facade takes one day at a time). */
async function repostAll(sync: ReturnType<typeof makeSyncService>, tenantId: string, locationId: string, dates: readonly string[]) {
  const out: Awaited<ReturnType<typeof sync.days.repost>> = { queued: [], ignored: [], runId: null };
  for (const date of dates) {
    const r = await sync.days.repost(tenantId, locationId, date, 'cli');
    out.queued.push(...r.queued);
    out.ignored.push(...r.ignored);
    out.runId = r.runId ?? out.runId;
  }
  return out;
}

function daysJsonOf(v: DaysOverview) {
  return {
    locationId: v.locationId, timeZone: v.timeZone, today: v.today, mode: v.mode.mode, summaryFrom: v.mode.summaryFrom, readBack: v.readBack,
    days: v.days.map((d) => ({
      date: d.date, state: d.state, stateWords: d.stateWords, revision: d.revision, reason: d.error?.message ?? null, tickets: d.tickets,
      totals: d.totals ? Object.fromEntries(Object.entries(d.totals).map(([g, c]) => [g, formatCents(c)])) : null,
      tenders: d.tenders.map((t) => ({ name: t.name, amount: formatCents(t.cents) })),
      documents: d.documents.map((doc) => ({ ...doc, url: d.links.find((x) => x.id === doc.id)?.url ?? '' })),
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
        const location = (await listLocations(rt.database.db, tenantId)).find((l) => l.id === o.location);
        if (!location) throw new UsageError(`no location "${o.location}" (see tillbooks location list)`);
        const p = await days.previewMode(tenantId, o.location, change);
        const problems = p.refused ? [p.refused] : [];
        const saved = Boolean(o.yes) && problems.length === 0 && Boolean(await days.setMode(tenantId, o.location, { ...change, savedBy: 'cli' }));
        const effects = switchEffects(p, location.timeZone);
        if (o.json) return printJson(modeJson, { locationId: o.location, mode, from: o.from, saved, effects, problems });
        console.log(`${o.location}: ${mode} from ${o.from}${saved ? ' - saved' : o.yes ? ' - NOT saved' : ' - preview (add --yes to save)'}`);
        for (const e of effects) console.log(`  ${e}`);
        for (const x of problems) console.log(`  cannot be saved: ${x}`);
        if (problems.length > 0) setExitCode(1);
      });
    });
}
