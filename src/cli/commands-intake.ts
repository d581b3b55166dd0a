/** CLI: import, locations, API keys, users, demo data. */
import { cliPath, hosted, setExitCode } from '../app/hosted.js';
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { DEFAULT_SYNC_TIME_ZONE, locationWithDefaults, parseLocation } from '../domain/location.js';
import { formatFieldError } from '../domain/ticket-schema.js';
import { DEMO_LOCATIONS, generateDemoTickets } from '../demo/generate-tickets.js';
import { RECORD_KIND_NAMES, isRecordKindName } from '../intake/kinds.js';
import { summarise, takeTickets } from '../intake/take-tickets.js';
import type { IntakeEntry, Summary } from '../intake/take-tickets.js';
import { generatePassword } from '../lib/passwords.js';
import { API_KEY_SCOPES, createApiKey, listApiKeys, revokeApiKey } from '../store/api-keys.js';
import type { ApiKeyScope } from '../store/api-keys.js';
import { apiKeysJson, locationsJson, printJson } from './json-output.js';
import { getLocation, listLocations, upsertLocation } from '../store/locations.js';
import { createUser } from '../store/users.js';
import { UsageError, withRuntime } from './context.js';
import { EXIT } from './exit-codes.js';
import { formatImportSummary, importFile } from './import-file.js';
import { backfill } from './backfill.js';
import { upkeepNow } from '../jobs/upkeep.js';
import { isDateInRange } from '../domain/business-date.js';

const tenantOpt = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)');

export function registerIntakeCommands(program: Command): void {
  importCommand(program);
  locationCommand(program);
  apiKeyCommand(program);
  userAddCommand(program);
  demoDataCommand(program);
}

function importCommand(program: Command): void {
  tenantOpt(program.command('import <file>').description('import tickets (or drawer operations, or payouts) from a .json array or .ndjson file (streamed)')
    .option('--kind <kind>', `what the file holds: ${RECORD_KIND_NAMES.join(', ')} (default tickets)`, 'tickets')
    .option('--report <file>', 'write every refused record to this NDJSON file')
    .option('--from <date>', 'backfill: post the tickets dated from DATE on (the file\'s locations start there; earlier tickets are kept, never posted)')
    .option('--detach', 'with --from: queue the backfill and leave it to the workers')
    .option('--no-progress', 'no progress bar'))
    .action(async (file: string, o: { tenant?: string; kind: string; report?: string; from?: string; detach?: boolean; progress: boolean }) => {
      if (!isRecordKindName(o.kind)) throw new UsageError(`--kind: "${o.kind}" is not one of ${RECORD_KIND_NAMES.join(', ')}`);
      if (o.from !== undefined && o.kind !== 'tickets') throw new UsageError(`--from: backfill posts tickets, not ${o.kind}`);
      if (o.from !== undefined && !isDateInRange(o.from)) throw new UsageError(`--from: "${o.from}" is not a date YYYY-MM-DD`);
      const kind = o.kind;
      await withRuntime({ ...o, qbo: o.from !== undefined }, async (rt, tenantId, config) => {
        const result = await importFile(rt.database.db, {
          file: cliPath(file), tenantId, kind, ...(o.report && { reportFile: cliPath(o.report) }), progress: o.progress && process.stderr.isTTY && !hosted(),
        });
        // The rows just taken get their statistics now, not at the first run's start (jobs/upkeep.ts).
        await upkeepNow(rt);
        console.log(formatImportSummary(result, file, o.report));
        if (result.summary.refused > 0) setExitCode(EXIT.refused);
        if (o.from === undefined) return;
        await backfill(rt, config, tenantId, { locationIds: result.locationIds, from: o.from, progress: o.progress && !hosted(), detach: o.detach === true });
      });
    });
}

/**
 * When the day is synced, and what that is on the store's clock: a New York store left at the
 * default syncs at midnight Denver time (02:00 in New York), which nobody guesses (issue 18).
 */
export function syncTimeInWords(l: { timeZone: string; syncTime: string; syncTimeZone: string }, given: { syncTime?: string; syncTimeZone?: string }): string {
  const at = `daily at ${l.syncTime} ${l.syncTimeZone}`;
  const local = DateTime.fromISO(`${DateTime.now().setZone(l.syncTimeZone).toISODate()}T${l.syncTime}`, { zone: l.syncTimeZone }).setZone(l.timeZone);
  const there = l.syncTimeZone === l.timeZone ? '' : ` (${local.toFormat('HH:mm')} in ${l.timeZone}, the store's time)`;
  const defaulted = [!given.syncTime && 'time', !given.syncTimeZone && 'zone'].filter(Boolean);
  const why = defaulted.length === 0 ? ''
    : `; the default ${defaulted.join(' and ')} - choose with --sync-time HH:MM --sync-time-zone ${l.timeZone}`;
  return `${at}${there}${why}`;
}

function locationCommand(program: Command): void {
  const location = program.command('location').description('store locations');
  tenantOpt(location.command('add <id>').description('add a location, or change one')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--time-zone <zone>', 'IANA time zone of the store, e.g. America/Denver')
    .option('--sync-time <HH:MM>', 'daily sync time (default 00:00)')
    .option('--sync-time-zone <zone>', `time zone of the sync time (default ${DEFAULT_SYNC_TIME_ZONE})`)
    .option('--start-date <YYYY-MM-DD>', 'never post tickets dated before this')
    .option('--disabled', 'take tickets in but do not post them'))
    .action(async (id: string,
      o: { tenant?: string; name: string; timeZone: string; syncTime?: string; syncTimeZone?: string; startDate?: string; disabled?: boolean }) => {
      const parsed = parseLocation({ id, name: o.name, timeZone: o.timeZone, enabled: !o.disabled,
        ...(o.syncTime && { syncTime: o.syncTime }), ...(o.syncTimeZone && { syncTimeZone: o.syncTimeZone }),
        ...(o.startDate && { syncStartDate: o.startDate }) });
      if (!parsed.ok) throw new UsageError(parsed.errors.map(formatFieldError).join('\n'));
      await withRuntime(o, async (rt, tenantId) => {
        const { created, location: l } = await upsertLocation(rt.database.db, tenantId, parsed.location);
        console.log(`${created ? 'added' : 'changed'} ${l.id} "${l.name}" (${l.timeZone}), sync ${l.enabled ? 'on' : 'off'} ${syncTimeInWords(l, o)}${l.syncStartDate ? `, from ${l.syncStartDate}` : ''}`);
      });
    });
  tenantOpt(location.command('list').description('list locations').option('--json', 'as JSON, for scripts')).action(async (o: { tenant?: string; json?: boolean }) => {
    await withRuntime(o, async (rt, tenantId) => {
      const rows = await listLocations(rt.database.db, tenantId);
      if (o.json) return printJson(locationsJson, { locations: rows });
      if (rows.length === 0) console.log('no locations yet: tillbooks location add ID --name NAME --time-zone ZONE');
      for (const l of rows) {
        console.log(`${l.id.padEnd(16)} ${l.name.padEnd(32)} ${l.timeZone.padEnd(20)} sync ${l.enabled ? 'on ' : 'off'} ${l.syncTime} ${l.syncTimeZone}${l.syncStartDate ? ` from ${l.syncStartDate}` : ''}${l.connectionId ? ` → connection ${l.connectionId}` : ''}`);
      }
    });
  });
}

function apiKeyCommand(program: Command): void {
  const apiKey = program.command('api-key').description('API keys for the intake API');
  tenantOpt(apiKey.command('create <name>').description('create a key (shown once)')
    .option('--scope <scope...>', `what it may do beyond intake and reads: ${API_KEY_SCOPES.join(', ')} (undo and repost ranges)`))
    .action(async (name: string, o: { tenant?: string; scope?: string[] }) => {
    const scopes = (o.scope ?? []).map((s) => {
      if (!(API_KEY_SCOPES as readonly string[]).includes(s)) throw new UsageError(`--scope ${s}: one of ${API_KEY_SCOPES.join(', ')}`);
      return s as ApiKeyScope;
    });
    await withRuntime(o, async (rt, tenantId) => {
      const k = await createApiKey(rt.database.db, tenantId, name, scopes);
      console.log(`API key "${name}" (shown once, keep it safe):\n  ${k.key}`);
    });
  });
  tenantOpt(apiKey.command('list').description('list keys (never the keys themselves)').option('--json', 'as JSON, for scripts'))
    .action(async (o: { tenant?: string; json?: boolean }) => {
    await withRuntime(o, async (rt, tenantId) => {
      const keys = await listApiKeys(rt.database.db, tenantId);
      if (o.json) {
        return printJson(apiKeysJson, { keys: keys.map((k) => ({ prefix: `tb_${k.prefix}`, name: k.name, createdAt: k.created_at.toISOString(),
          revokedAt: k.revoked_at ? k.revoked_at.toISOString() : null })) });
      }
      for (const k of keys) {
        console.log(`tb_${k.prefix}_…  ${k.name.padEnd(24)} created ${k.created_at.toISOString()}${k.revoked_at ? '  REVOKED' : ''}`);
      }
    });
  });
  tenantOpt(apiKey.command('revoke <prefix>').description('revoke a key by its prefix')).action(async (prefix: string, o: { tenant?: string }) => {
    await withRuntime(o, async (rt, tenantId) => {
      const done = await revokeApiKey(rt.database.db, tenantId, prefix.replace(/^tb_/, '').split('_')[0]!);
      console.log(done ? 'revoked' : 'no such active key');
    });
  });
}

function userAddCommand(program: Command): void {
  tenantOpt(program.command('user-add <email>').description('add a back-office user (password shown once)')).action(async (email: string, o: { tenant?: string }) => {
    await withRuntime(o, async (rt, tenantId) => {
      const address = email.trim();
      if (!/^[^\s@]+@[^\s@]+$/.test(address) || address.length > 254) throw new UsageError(`"${email}" is not an email address`);
      const password = generatePassword();
      await createUser(rt.database.db, tenantId, address, password).catch((err: unknown) => {
        // The index on lower(email): one account per address, whichever tenant.
        throw (err as { code?: unknown }).code === '23505' ? new UsageError(`a user with the email ${address} already exists`) : err;
      });
      console.log(`user ${address} added to tenant ${tenantId}; password (shown once): ${password}`);
    });
  });
}

function demoDataCommand(program: Command): void {
  tenantOpt(program.command('demo-data').description('generate realistic demo tickets from a seed')
    .option('--location <id...>', 'locations (must exist unless --out); default: the demo locations')
    .option('--days <n>', 'how many days, ending yesterday', '1')
    .option('--end <YYYY-MM-DD>', 'last business date (default: yesterday)')
    .option('--tickets-per-day <n>', 'per location per day', '40')
    .option('--seed <n>', 'the same seed gives the same tickets', '1')
    .option('--out <file.ndjson>', 'write NDJSON instead of storing'))
    .action(async (o: { tenant?: string; location?: string[]; days: string; end?: string; ticketsPerDay: string; seed: string; out?: string }) => {
      await demoData(o);
    });
}

async function demoData(o: { tenant?: string; location?: string[]; days: string; end?: string; ticketsPerDay: string; seed: string; out?: string }) {
  const days = Number(o.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError('--days must be a whole number from 1 to 3660');
  const end = o.end ? DateTime.fromISO(o.end) : DateTime.now().minus({ days: 1 });
  if (!end.isValid) throw new UsageError(`--end "${o.end}" is not a date YYYY-MM-DD`);
  const dates = Array.from({ length: days }, (_, i) => end.minus({ days: days - 1 - i }).toISODate()!);
  const opts = { seed: Number(o.seed), dates, ticketsPerDay: Number(o.ticketsPerDay) };
  if (o.out) {
    // Locations named without a store behind them get the first demo store's zone.
    const locations = o.location ? o.location.map((id) => ({ id, timeZone: DEMO_LOCATIONS[0]!.timeZone })) : [...DEMO_LOCATIONS];
    const out = createWriteStream(o.out);
    let n = 0;
    for (const t of generateDemoTickets({ ...opts, locations })) {
      if (!out.write(`${JSON.stringify(t)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
      n++;
    }
    await new Promise<void>((r) => out.end(r));
    console.log(`wrote ${n} tickets to ${o.out}`);
    return;
  }
  await withRuntime(o, async (rt, tenantId) => {
    const db = rt.database.db;
    const ids = o.location ?? DEMO_LOCATIONS.map((l) => l.id);
    const locations = [];
    for (const id of ids) {
      let loc = await getLocation(db, tenantId, id);
      const demo = DEMO_LOCATIONS.find((d) => d.id === id);
      if (!loc && demo) loc = (await upsertLocation(db, tenantId, locationWithDefaults({ id, name: demo.name ?? id, timeZone: demo.timeZone }))).location;
      if (!loc) throw new UsageError(`no location "${id}": add it first (tillbooks location add)`);
      locations.push({ id: loc.id, timeZone: loc.timeZone, name: loc.name });
    }
    const total: Summary = { taken: 0, unchanged: 0, replaced: 0, refused: 0 };
    let chunk: IntakeEntry[] = [];
    const flush = async () => {
      const s = summarise(await takeTickets(db, tenantId, chunk));
      for (const k of Object.keys(total) as (keyof Summary)[]) total[k] += s[k];
      chunk = [];
    };
    for (const t of generateDemoTickets({ ...opts, locations })) {
      chunk.push({ raw: JSON.stringify(t), ref: chunk.length });
      if (chunk.length >= 500) await flush();
    }
    await flush();
    // As `tillbooks import`: the rows just taken get their statistics now, not at the first run's start.
    await upkeepNow(rt);
    console.log(`demo tickets for ${ids.join(', ')} over ${dates[0]}…${dates[dates.length - 1]}: taken ${total.taken}, replaced ${total.replaced}, unchanged ${total.unchanged}, refused ${total.refused}`);
  });
}
