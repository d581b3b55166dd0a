/**
 * CLI: repair of what was posted (issue 16) - `sync --dry-run` (printDryRun), `undo`, `repost`
 * and `audit`. Undo and a repost of a range are confirmed by typing the company's name at the
 * prompt, or with `--yes --company "<name>"` in scripts; both land in the audit log.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { syncDepsFor } from '../app/sync-deps.js';
import { hosted } from '../app/hosted.js';
import { makeSyncService } from '../sync/index.js';
import type { DryRunReport, UndoPreview } from '../sync/index.js';
import { UsageError, withRuntime } from './context.js';
import { printJson } from './json-output.js';
import { runWithProgress } from './run-progress.js';

const tenantOpt = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)');
const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Who, in the audit log: the operating system's user running the command. */
const CLI_ACTOR = () => ({ actor: `${userInfo().username} (cli)`, via: 'cli' as const });

const figure = z.object({ entity: z.string(), operation: z.string(), documents: z.number().int(), amount: z.string() });
export const dryRunJson = z.object({
  company: z.string(), connectionId: z.number().int(), locationIds: z.array(z.string()), from: z.string().nullable(), to: z.string().nullable(),
  initialized: z.boolean(), tickets: z.number().int(), uncertain: z.number().int(),
  unmappable: z.array(z.object({ locationId: z.string(), ticketId: z.string(), problem: z.string() })),
  documents: z.array(figure), days: z.array(figure.extend({ date: z.string(), locationId: z.string() })),
  accounts: z.array(z.object({ date: z.string(), account: z.string(), amount: z.string() })),
  setupRecords: z.array(z.object({ entity: z.string(), name: z.string().nullable() })), reads: z.number().int(),
});
export const auditJson = z.object({ entries: z.array(z.object({ at: z.string(), actor: z.string(), via: z.string(), action: z.string(),
  subject: z.record(z.string(), z.unknown()), documents: z.number().int(), runId: z.number().int().nullable() })) });

/** `tillbooks sync --dry-run [--json]`: what the run would write; money as decimal strings. */
export function printDryRun(r: DryRunReport, json: boolean): void {
  const asMoney = <T extends { cents: number }>(f: T) => {
    const { cents, ...rest } = f;
    return { ...rest, amount: money(cents) };
  };
  if (json) return printJson(dryRunJson, { ...r, documents: r.documents.map(asMoney), days: r.days.map(asMoney), accounts: r.accounts.map(asMoney) });
  console.log(`Dry run for "${r.company}" (${r.locationIds.join(', ') || 'no enabled location'}): nothing was written to QuickBooks (${r.reads} reads).`);
  console.log(`  ${r.tickets} tickets would be taken${r.uncertain ? `, ${r.uncertain} looked up first` : ''}${r.unmappable.length ? `, ${r.unmappable.length} skipped (cannot be mapped)` : ''}`);
  for (const d of r.documents) console.log(`  ${d.operation.padEnd(7)} ${String(d.documents).padStart(5)} ${d.entity.padEnd(14)} ${money(d.cents).padStart(12)}`);
  if (r.setupRecords.length) console.log(`  set-up records it would create${r.initialized ? '' : ' (Initialize first)'}:`);
  for (const s of r.setupRecords) console.log(`    ${s.entity.padEnd(14)} ${s.name ?? ''}`);
  console.log('  per day and account:');
  for (const a of r.accounts) console.log(`    ${a.date}  ${a.account.padEnd(32)} ${money(a.cents).padStart(12)}`);
}

export function registerRepairCommands(program: Command): void {
  undoCommand(program);
  repostCommand(program);
  auditCommand(program);
}

interface RangeOptions { tenant?: string; location?: string[]; from: string; to: string; yes?: boolean; company?: string; progress: boolean }

function rangeOpts(cmd: Command): Command {
  return tenantOpt(cmd).option('--location <id...>', 'stores (default: every store of the connection)')
    .requiredOption('--from <date>', 'first business date (YYYY-MM-DD)').requiredOption('--to <date>', 'last business date (YYYY-MM-DD)')
    .option('--yes', 'no prompt: confirm with --company').option('--company <name>', 'the QuickBooks company\'s name, as the confirmation')
    .option('--no-progress', 'no progress bar');
}

/** The company named at the prompt, or by --yes --company; anything else refuses. */
async function confirmCompany(company: string, o: RangeOptions): Promise<string> {
  if (o.yes) {
    if (!o.company) throw new UsageError('--yes needs --company "<the company\'s name>" as the confirmation');
    return o.company;
  }
  if (!process.stdin.isTTY || hosted()) throw new UsageError('confirm with --yes --company "<the company\'s name>" (no terminal to ask)');
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(`Type the company's name ("${company}") to confirm: `);
  } finally {
    rl.close();
  }
}

function checkDates(o: { from: string; to: string }): void {
  if (!DATE.test(o.from) || !DATE.test(o.to)) throw new UsageError('--from and --to are business dates, YYYY-MM-DD');
}

function printUndoPreview(p: UndoPreview): void {
  console.log(`Undo ${p.from} to ${p.to} in "${p.company}" (${p.locationIds.join(', ')}): ${p.documents} documents of ${p.tickets} tickets; tickets become ${p.mode === 'withheld' ? 'not to be posted' : 'pending'}.`);
  for (const r of p.rows) console.log(`  ${r.date}  ${r.locationId.padEnd(14)} ${r.action.padEnd(6)} ${String(r.documents).padStart(4)} ${r.entity.padEnd(14)} ${money(r.cents).padStart(12)}`);
  if (p.uncertain) console.log(`  ${p.uncertain} tickets are looked up in QuickBooks first (a write's answer was lost)`);
}

function undoCommand(program: Command): void {
  rangeOpts(program.command('undo').description('void or delete every posted document of a range (payments before their invoice); tickets back to pending')
    .option('--withhold', 'mark the tickets "not to be posted" instead of pending'))
    .action(async (o: RangeOptions & { withhold?: boolean }) => {
      checkDates(o);
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const deps = syncDepsFor(rt, config);
        const sync = makeSyncService(deps);
        const { connectionId } = await sync.resolveConnection(tenantId, o.location?.[0]);
        const q = { connectionId, locationIds: o.location, from: o.from, to: o.to, mode: o.withhold ? 'withheld' as const : 'pending' as const };
        const preview = await sync.repair.previewUndo(tenantId, q);
        printUndoPreview(preview);
        if (preview.documents === 0 && !o.withhold) return console.log('nothing to undo');
        const confirm = await confirmCompany(preview.company, o);
        const started = await sync.repair.undo(tenantId, { ...q, confirm }, CLI_ACTOR());
        const { run } = await runWithProgress(rt, deps, tenantId, started.runId, { progress: o.progress && process.stderr.isTTY });
        const job = await sync.repair.undoJob(tenantId, started.jobId);
        console.log(`undo ${job?.status ?? run?.status}: ${job?.documentsDone ?? 0} of ${started.documents} documents voided or deleted${job?.error ? `\n  ${job.error}` : ''}`);
      });
    });
}

function repostCommand(program: Command): void {
  rangeOpts(program.command('repost [tickets...]').description('rewrite a range (or LOCATION/TICKET of it) from the current version and mapping, in place'))
    .action(async (tickets: string[], o: RangeOptions) => {
      checkDates(o);
      const keys = tickets.map((t) => {
        const i = t.indexOf('/');
        if (i <= 0) throw new UsageError(`"${t}": give LOCATION/TICKET`);
        return { locationId: t.slice(0, i), ticketId: t.slice(i + 1) };
      });
      await withRuntime({ ...o, qbo: true }, async (rt, tenantId, config) => {
        const deps = syncDepsFor(rt, config);
        const sync = makeSyncService(deps);
        const { connectionId } = await sync.resolveConnection(tenantId, o.location?.[0]);
        const q = { connectionId, locationIds: o.location, from: o.from, to: o.to, ...(keys.length > 0 && { tickets: keys }) };
        const preview = await sync.repair.previewRepost(tenantId, q);
        console.log(`Repost in "${preview.company}": ${preview.tickets} tickets, ${preview.documentsInPlace} documents rewritten in place`);
        const confirm = keys.length > 0 ? undefined : await confirmCompany(preview.company, o);
        const started = await sync.repair.repost(tenantId, { ...q, confirm }, CLI_ACTOR());
        if (started.runId === null) return console.log('nothing to repost');
        const { run, totals } = await runWithProgress(rt, deps, tenantId, started.runId, { progress: o.progress && process.stderr.isTTY });
        console.log(`run ${started.runId} ${run?.status}: ${totals.posted} posted, ${totals.skipped} skipped, ${totals.pending} still pending${run?.error ? `\n  ${run.error}` : ''}`);
      });
    });
}

function auditCommand(program: Command): void {
  tenantOpt(program.command('audit').description('the audit log of destructive actions (undo, repost), newest first').option('--json', 'as JSON, for scripts'))
    .action(async (o: { tenant?: string; json?: boolean }) => {
      await withRuntime(o, async (rt, tenantId, config) => {
        const entries = await makeSyncService(syncDepsFor(rt, config)).repair.audit(tenantId);
        if (o.json) return printJson(auditJson, { entries: entries.map((e) => ({ ...e, at: e.at.toISOString() })) });
        if (entries.length === 0) console.log('no destructive action yet');
        for (const e of entries) {
          const s = e.subject as { company?: string; from?: string; to?: string; mode?: string };
          console.log(`${e.at.toISOString()}  ${e.action.padEnd(7)} ${e.actor} (${e.via})  "${s.company ?? ''}" ${s.from ?? ''}..${s.to ?? ''}${s.mode ? ` ${s.mode}` : ''}  ${e.documents} documents${e.runId ? `  run ${e.runId}` : ''}`);
        }
      });
    });
}
