/**
 * CLI: processor payouts (records-format.md; issue 15), through the SyncService like the back
 * office and the API:
 *   tillbooks payouts on PROCESSOR --from YYYY-MM-DD [--bank ACCOUNT] [--fees ACCOUNT] [--adjustments ACCOUNT]
 *   tillbooks payouts list [--processor P] [--json]
 *   tillbooks payouts clearing [--processor P] [--json]   each clearing account: tenders in, payouts out, in transit by date, warnings
 *   tillbooks payouts delay PROCESSOR DAYS                 the processor's usual delay between a sale and its payout (default 5)
 *   tillbooks payouts repost ID [--processor P]   "Repost this payout": one skipped, or changed in QuickBooks
 * ACCOUNT is a QuickBooks account's name or id. The connection is the location's (--location),
 * the one named (--connection), or the tenant's only one.
 */
import type { Command } from 'commander';
import { syncDepsFor } from '../app/sync-deps.js';
import type { QboRef } from '../domain/account-mapping.js';
import { makeSyncService } from '../sync/index.js';
import type { CompanyLists, SyncService } from '../sync/index.js';
import { formatClearing } from './clearing-table.js';
import { UsageError, withRuntime } from './context.js';

interface Scope { tenant?: string; location?: string; connection?: string }

const scoped = (cmd: Command) => cmd.option('--tenant <id>', 'tenant (default: default)')
  .option('--location <id>', 'the location whose QuickBooks connection to use')
  .option('--connection <n>', 'the QuickBooks connection (see tillbooks status)');

async function withSync<T>(o: Scope, qbo: boolean, fn: (sync: SyncService, tenantId: string, connectionId: () => Promise<number>) => Promise<T>) {
  if (o.connection !== undefined && !/^[1-9][0-9]{0,15}$/.test(o.connection)) throw new UsageError(`--connection "${o.connection}": give the connection's number`);
  return withRuntime({ ...o, qbo }, async (rt, tenantId, config) => {
    const sync = makeSyncService(syncDepsFor(rt, config));
    const connectionId = async () => (o.connection !== undefined ? Number(o.connection) : (await sync.resolveConnection(tenantId, o.location)).connectionId);
    return fn(sync, tenantId, connectionId);
  });
}

/** An account of the company by id or name (names compared as QuickBooks does, without case). */
function accountOf(lists: CompanyLists, text: string | undefined, flag: string): QboRef | undefined {
  if (text === undefined) return undefined;
  const found = lists.accounts.find((a) => a.id === text) ?? lists.accounts.find((a) => a.name.toLowerCase() === text.trim().toLowerCase());
  if (!found) throw new UsageError(`${flag} "${text}": no such account in this QuickBooks company (tillbooks mapping show lists what is mapped)`);
  return { id: found.id, name: found.name };
}

export function registerPayoutCommands(program: Command): void {
  const payouts = program.command('payouts').description('processor payouts: each one Deposit in QuickBooks, through a clearing account');
  scoped(payouts.command('on <processor>').description('turn payouts on for a processor: sets up its clearing account (and "Merchant fees" if no fees account is mapped)')
    .requiredOption('--from <date>', 'card tenders go to the clearing account from this business date (YYYY-MM-DD)')
    .option('--bank <account>', 'the bank account the payouts arrive in (name or id; required the first time)')
    .option('--fees <account>', 'the account fees go to (default: "Merchant fees", made if missing)')
    .option('--adjustments <account>', 'the account chargebacks and reserves go to (default: the fees account)'))
    .action(async (processor: string, o: Scope & { from: string; bank?: string; fees?: string; adjustments?: string }) => {
      await withSync(o, true, async (sync, tenantId, connection) => {
        const connectionId = await connection();
        const lists = await sync.mapping.companyLists(tenantId, connectionId);
        const r = await sync.payouts.turnOn(tenantId, connectionId, {
          processor, from: o.from, by: 'tillbooks payouts on',
          ...(o.bank !== undefined && { bank: accountOf(lists, o.bank, '--bank') }),
          ...(o.fees !== undefined && { fees: accountOf(lists, o.fees, '--fees') }),
          ...(o.adjustments !== undefined && { adjustments: accountOf(lists, o.adjustments, '--adjustments') }),
        });
        const t = r.target;
        console.log(`payouts on for ${r.processor} from ${t.from}: into "${t.bank.name}", gross out of "${t.clearing?.name}", fees on "${t.fees.name}"`
          + `${t.adjustments ? `, adjustments on "${t.adjustments.name}"` : ''} (mapping revision ${r.revision}${r.setUp.length ? `; set up: ${r.setUp.join(', ')}` : ''})`);
      });
    });
  scoped(payouts.command('list').description('payouts, newest first, with where each Deposit stands')
    .option('--processor <name>', 'only this processor\'s')
    .option('--json', 'as JSON, for scripts'))
    .action(async (o: Scope & { processor?: string; json?: boolean }) => {
      await withSync(o, false, async (sync, tenantId) => {
        const rows = await sync.payouts.list(tenantId, o.processor !== undefined ? { processor: o.processor } : {});
        if (o.json) return console.log(JSON.stringify({ payouts: rows }, null, 2));
        if (rows.length === 0) return console.log('no payouts yet: POST /api/v1/payouts, or tillbooks import --kind payouts FILE');
        for (const p of rows) {
          const deposit = p.depositId ? ` Deposit ${p.depositId} (v${p.postedVersion})` : '';
          console.log(`${p.arrivalDate} ${p.processor}/${p.id} v${p.version} net ${p.net} (gross ${p.gross}, fees ${p.fees}, adjustments ${p.adjustments}): ${p.state}${deposit}${p.error ? ` - ${p.error}` : ''}`);
        }
      });
    });
  payouts.command('repost <id>').description('"Repost this payout": one skipped, or changed in QuickBooks (its Deposit is rewritten with the payout\'s figures)')
    .option('--tenant <id>', 'tenant (default: default)')
    .option('--processor <name>', 'the payout\'s processor (needed when two processors have a payout of that id)')
    .action(async (id: string, o: { tenant?: string; processor?: string }) => {
      await withSync(o, false, async (sync, tenantId) => {
        const r = await sync.payouts.repost(tenantId, id, o.processor);
        const p = r.payout;
        console.log(`payout ${p.processor}/${p.id} v${p.version} (net ${p.net}) is pending again: `
          + (r.runId !== null ? `run ${r.runId} queued to post it` : 'the next run posts it'));
      });
    });
  registerClearingCommands(payouts);
}

function registerClearingCommands(payouts: Command): void {
  scoped(payouts.command('clearing').description('each processor\'s clearing account: tenders in, payouts out, the balance in transit by date, warnings first')
    .option('--processor <name>', 'only this processor')
    .option('--json', 'as JSON, for scripts'))
    .action(async (o: Scope & { processor?: string; json?: boolean }) => {
      await withSync(o, false, async (sync, tenantId) => {
        const overview = await sync.payouts.clearing(tenantId, o.processor !== undefined ? { processor: o.processor } : {});
        console.log(o.json ? JSON.stringify(overview, null, 2) : formatClearing(overview));
      });
    });
  scoped(payouts.command('delay <processor> <days>').description('set the processor\'s usual delay between a sale and its payout: money in clearing longer is a warning'))
    .action(async (processor: string, days: string, o: Scope) => {
      if (!/^\d{1,3}$/.test(days)) throw new UsageError(`days "${days}": give a whole number of days from 0 to 60`);
      await withSync(o, false, async (sync, tenantId) => {
        const r = await sync.payouts.setUsualDelay(tenantId, processor, Number(days), 'tillbooks payouts delay');
        console.log(`usual delay of ${r.processor}: ${r.usualDelayDays} days`);
      });
    });
}
