/**
 * CLI: the accountant's mapping of a QuickBooks connection (docs/mapping.md), through the same
 * MappingService as the back office and the API, so the same checks refuse the same things:
 *   tillbooks mapping show [--json]
 *   tillbooks mapping set FILE [--revision N]
 *   tillbooks mapping export [--out FILE]
 *   tillbooks mapping import FILE [--save] [--allow-missing]
 * FILE may be `-` for standard input. The connection is the location's (--location), the one
 * named (--connection), or the tenant's only one.
 */
import { cliPath, hosted, setExitCode } from '../app/hosted.js';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { syncDepsFor } from '../app/sync-deps.js';
import type { AccountMapping, MappingFieldError, QboRef } from '../domain/account-mapping.js';
import { makeSyncService } from '../sync/index.js';
import type { MappingService, SyncService } from '../sync/index.js';
import { UsageError, withRuntime } from './context.js';
import { EXIT } from './exit-codes.js';

interface Scope { tenant?: string; location?: string; connection?: string }

const scoped = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)')
  .option('--location <id>', 'the location whose QuickBooks connection to use')
  .option('--connection <n>', 'the QuickBooks connection (see tillbooks status)');

/** Runs `fn` with the mapping service and the connection the options name. */
async function withMapping<T>(o: Scope, qbo: boolean, fn: (m: MappingService, tenantId: string, connectionId: number, sync: SyncService) => Promise<T>) {
  if (o.connection !== undefined && !/^[1-9][0-9]{0,15}$/.test(o.connection)) throw new UsageError(`--connection "${o.connection}": give the connection's number`);
  return withRuntime({ ...o, qbo }, async (rt, tenantId, config) => {
    const sync = makeSyncService(syncDepsFor(rt, config));
    const connectionId = o.connection !== undefined ? Number(o.connection) : (await sync.resolveConnection(tenantId, o.location)).connectionId;
    return fn(sync.mapping, tenantId, connectionId, sync);
  });
}

async function readJson(file: string): Promise<unknown> {
  if (file === '-' && hosted()) throw new UsageError('"-" (standard input) cannot be passed to the running service: give a file name');
  const text = file === '-' ? await readStdin() : await readFile(cliPath(file), 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

export function registerMappingCommands(program: Command): void {
  const mapping = program.command('mapping').description('the accountant\'s mapping: where each POS name posts in QuickBooks');
  scoped(mapping.command('show').description('the mapping of a connection (unmapped names post to the defaults)')
    .option('--json', 'as JSON (what the API answers)'))
    .action(async (o: Scope & { json?: boolean }) => {
      await withMapping(o, false, async (m, tenantId, connectionId) => {
        const view = await m.mapping(tenantId, connectionId);
        if (o.json) return console.log(JSON.stringify(view, null, 2));
        console.log(`mapping of connection ${connectionId}: revision ${view.revision}${view.updatedAt ? `, saved ${view.updatedAt} by ${view.updatedBy ?? '?'}` : ' (nothing mapped: everything posts to the defaults)'}`);
        for (const line of describeMapping(view.mapping)) console.log(`  ${line}`);
      });
    });
  scoped(mapping.command('set <file>').description('check a mapping (JSON, as `show --json` prints its "mapping") and save it')
    .option('--revision <n>', 'the revision it was edited from (refused if someone saved since); default: the current one'))
    .action(async (file: string, o: Scope & { revision?: string }) => {
      const input = await readJson(file);
      const doc = input && typeof input === 'object' && 'mapping' in input && 'revision' in input ? (input as { mapping: unknown }).mapping : input;
      await withMapping(o, true, async (m, tenantId, connectionId) => {
        const expectedRevision = o.revision !== undefined ? revisionOf(o.revision) : (await m.mapping(tenantId, connectionId)).revision;
        const result = await m.saveMapping(tenantId, connectionId, doc, { expectedRevision, by: 'tillbooks mapping set' });
        if (!result.ok) return refuse('the mapping was not saved', result.errors);
        console.log(`saved: revision ${result.revision}`);
      });
    });
  scoped(mapping.command('export').description('the mapping by names, to import into another company')
    .option('--out <file>', 'write it to this file (default: standard output)'))
    .action(async (o: Scope & { out?: string }) => {
      await withMapping(o, false, async (m, tenantId, connectionId) => {
        const text = `${JSON.stringify(await m.exportMapping(tenantId, connectionId), null, 2)}\n`;
        if (o.out) await writeFile(cliPath(o.out), text);
        else process.stdout.write(text);
      });
    });
  scoped(mapping.command('import <file>').description('resolve an export\'s names among this company\'s records; list what it lacks')
    .option('--save', 'save it (only when nothing is missing, unless --allow-missing)')
    .option('--allow-missing', 'with --save: save what resolves; the missing names post to the defaults')
    .option('--json', 'print the result as JSON (what the API answers)'))
    .action(async (file: string, o: ImportOptions) => importAction(await readJson(file), o));
}

type ImportOptions = Scope & { save?: boolean; allowMissing?: boolean; json?: boolean };

async function importAction(doc: unknown, o: ImportOptions): Promise<void> {
  await withMapping(o, true, async (m, tenantId, connectionId) => {
    const result = await m.importMapping(tenantId, connectionId, doc, { save: o.save === true, allowMissing: o.allowMissing === true, by: 'tillbooks mapping import' });
    if (o.save && result.revision === null) setExitCode(EXIT.mappingRefused);
    if (o.json) return console.log(JSON.stringify(result, null, 2));
    for (const line of describeMapping(result.mapping)) console.log(`  ${line}`);
    if (result.missing.length > 0) {
      console.log(`missing in this company (${result.missing.length}):`);
      for (const x of result.missing) console.log(`  ${x}`);
    }
    if (result.revision !== null) console.log(`saved: revision ${result.revision}`);
    else if (o.save) console.error('tillbooks: not saved: create the missing records in QuickBooks (or map them elsewhere), or pass --allow-missing');
    else console.log('not saved (a dry run): add --save to save it');
  });
}

function revisionOf(text: string): number {
  if (!/^[0-9]{1,9}$/.test(text)) throw new UsageError(`--revision "${text}": give a revision number (tillbooks mapping show)`);
  return Number(text);
}

function refuse(what: string, errors: MappingFieldError[]): void {
  console.error(`tillbooks: ${what}:`);
  for (const e of errors) console.error(`  ${e.path}${e.value !== undefined ? ` = "${e.value}"` : ''}: ${e.message}`);
  setExitCode(EXIT.mappingRefused);
}

/** One line per mapped POS name: where it posts. */
export function describeMapping(m: AccountMapping): string[] {
  const r = (ref: QboRef | undefined, what: string) => (ref ? `${what} "${ref.name}"` : '');
  const both = (...parts: string[]) => parts.filter(Boolean).join(', ');
  const out: string[] = [];
  for (const [n, t] of Object.entries(m.categories)) out.push(`category ${n} → ${both(r(t.account, 'account'), r(t.item, 'item'))}`);
  for (const [n, t] of Object.entries(m.methods)) out.push(`tender ${n} → ${both(r(t.paymentMethod, 'method'), r(t.depositAccount, 'deposited to'))}`);
  for (const [n, t] of Object.entries(m.taxes)) out.push(`tax ${n} → ${both(r(t.account, 'account'), r(t.item, 'item'))}`);
  for (const [n, t] of Object.entries(m.discounts)) out.push(`discount ${n} → ${r(t.account, 'account')}`);
  for (const [n, t] of Object.entries(m.specials)) out.push(`${n} → ${r(t?.account, 'account')}`);
  for (const [n, t] of Object.entries(m.drawer)) out.push(`drawer ${n} → ${r(t.account, 'account')}`);
  for (const [n, t] of Object.entries(m.processors)) out.push(`processor ${n} → ${both(r(t.bank, 'bank'), r(t.clearing, 'clearing'), r(t.fees, 'fees'))}`);
  for (const [id, l] of Object.entries(m.locations)) {
    out.push(`location ${id} → ${both(r(l.class, 'class'), r(l.department, 'QuickBooks location')) || 'no class or location'}`);
    if (l.overrides) for (const line of describeMapping({ ...m, ...emptySections(), ...l.overrides, locations: {} })) out.push(`  at ${id}: ${line}`);
  }
  return out;
}

function emptySections(): Omit<AccountMapping, 'locations'> {
  return { categories: {}, methods: {}, taxes: {}, discounts: {}, specials: {}, drawer: {}, processors: {} };
}
