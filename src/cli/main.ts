/** The `tillbooks` command line: the same functions as the web, from a terminal. */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/index.js';
import { DataFolderBusyError } from '../app/data-lock.js';
import type { SimulatorCliOptions } from '../sandbox/cli.js';
import { registerDriftCommands } from './commands-drift.js';
import { registerDaysCommands } from './commands-days.js';
import { registerIntakeCommands } from './commands-intake.js';
import { registerMappingCommands } from './commands-mapping.js';
import { registerPayoutCommands } from './commands-payouts.js';
import { registerReadCommands } from './commands-read.js';
import { registerRepairCommands } from './commands-repair.js';
import { registerSyncCommands } from './commands-sync.js';
import { registerTenantCommands } from './commands-tenants.js';
import { registerTicketsCommands } from './commands-tickets.js';
import { CommandError, UsageError } from './context.js';
import { networkReason } from './consent-client.js';
import { isServiceError } from '../sync/index.js';
import { isQboError } from '../qbo/index.js';
import { EXIT, SERVICE_EXIT } from './exit-codes.js';
// The service (web server, back office, metrics), the worker and the simulator's own command
// are loaded by the commands that run them, so every other command starts without fastify,
// prom-client and the web room's modules (with the lazy loads in runtime.ts, db.ts, jobs/ and
// logger.ts: 1,360 modules → 771, 1.2 s → 0.7 s before a command's own work).
const serving = () => import('./serve.js');
import { DEMO_MODES, runDemo } from './demo.js';
import { runInService } from './local-api-client.js';
import { setExitCode } from '../app/hosted.js';
import type { DemoMode } from './demo.js';

interface SimulatorFlags {
  port: string; host: string; timeScale: string; limits: boolean; state?: string; batchItemsCountTowardLimit: string;
  monthlyReadQuota?: string; webhookUrl?: string; webhookVerifierToken?: string; autoApprove?: string | true;
}

function simulatorCliOptions(o: SimulatorFlags, parseBooleanFlag: (name: string, value: string) => boolean): SimulatorCliOptions {
  return {
    port: Number(o.port), host: o.host, timeScale: Number(o.timeScale), limits: o.limits,
    batchItemsCountTowardLimit: parseBooleanFlag('batch-items-count-toward-limit', o.batchItemsCountTowardLimit),
    ...(o.state ? { stateFile: o.state } : {}),
    ...(o.monthlyReadQuota !== undefined ? { monthlyReadQuota: Number(o.monthlyReadQuota) } : {}),
    ...(o.webhookUrl !== undefined ? { webhookUrl: o.webhookUrl, webhookVerifierToken: o.webhookVerifierToken ?? '' } : {}),
    ...(o.autoApprove !== undefined ? { autoApprove: o.autoApprove === true ? 'My Sandbox Company' : o.autoApprove } : {}),
  };
}

export function makeProgram(): Command {
  const program = new Command('tillbooks')
    .description('posts point-of-sale tickets to QuickBooks Online')
    .showHelpAfterError()
    .exitOverride();
  program.command('serve').alias('start').description('run the service: API, back office, scheduler and worker in one process (what npm start runs)')
    .action(async () => {
      await (await serving()).serve({ hostCommand: runHostedCommand });
    });
  program.command('web').description('run the API and back office only; runs are executed by `tillbooks worker` (server mode)')
    .action(async () => {
      await (await serving()).serve({ worker: false });
    });
  program.command('worker').description('execute runs from the job queue, and tick the schedule (server mode; run as many as you like)')
    .action(async () => {
      await (await serving()).worker();
    });
  program.command('simulator').description('run the QuickBooks Online simulator on its own')
    .option('--port <n>', 'port', '4010')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--time-scale <n>', '60 makes a QuickBooks minute last one second', '1')
    .option('--no-limits', 'switch QuickBooks throttles off')
    .option('--state <file>', 'keep the simulated companies in this file across restarts')
    .option('--batch-items-count-toward-limit <bool>', 'false: a batch counts as one request toward the 500 a minute', 'true')
    .option('--monthly-read-quota <n>', 'block each company\'s metered reads past n a month (HTTP 429, code 3002)')
    .option('--webhook-url <url>', 'POST signed change notifications (CloudEvents) of connected companies here')
    .option('--webhook-verifier-token <token>', 'the verifier token that signs them (intuit-signature)')
    .option('--auto-approve [company]', 'no consent page: approve every authorization at once for this company (default "My Sandbox Company"), as a stand-in server does')
    .action(async (o: SimulatorFlags) => {
      const { parseBooleanFlag, runSimulatorFromCli } = await import('../sandbox/cli.js');
      await runSimulatorFromCli(simulatorCliOptions(o, parseBooleanFlag));
    });
  registerTenantCommands(program);
  registerIntakeCommands(program);
  registerSyncCommands(program);
  registerReadCommands(program);
  registerTicketsCommands(program);
  registerMappingCommands(program);
  registerRepairCommands(program);
  registerPayoutCommands(program);
  registerDriftCommands(program);
  registerDaysCommands(program);
  program.command('demo').description('the whole story headless on a fresh in-memory database, ending in a reconciliation table')
    .option('--days <n>', 'days of tickets (default 3; a week with --payouts)')
    .option('--tickets-per-day <n>', 'per location per day', '40')
    .option('--seed <n>', 'demo data seed', '7')
    .addOption(new Option('--mode <mode>', 'line-by-line: one document per ticket; summary: one daily summary per store-day, then a late ticket and an edit rewrite their days; '
      + 'payouts: card tenders through a clearing account, three payouts as Deposits').choices([...DEMO_MODES]).default('line-by-line'))
    .option('--payouts', 'the payouts story (same as --mode payouts)')
    .action(async (o: { days?: string; ticketsPerDay: string; seed: string; mode: DemoMode; payouts?: boolean }) => {
      const mode = o.payouts ? 'payouts' : o.mode;
      const ok = await runDemo({ days: Number(o.days ?? (mode === 'payouts' ? 7 : 3)), ticketsPerDay: Number(o.ticketsPerDay), seed: Number(o.seed), mode });
      if (!ok) process.exitCode = EXIT.mismatch;
    });
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await makeProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof DataFolderBusyError) {
      // The service holds the embedded database: it runs the command instead (issue 18).
      try {
        const code = await runInService(err, argv.slice(2));
        if (code !== null) {
          process.exitCode = code;
          return;
        }
      } catch (refused) {
        process.exitCode = reportError(refused);
        return;
      }
    }
    process.exitCode = reportError(err);
  }
}

/** A command of another process, run inside the service (local-api.ts): its output and status go back to it. */
export async function runHostedCommand(args: string[]): Promise<void> {
  try {
    await makeProgram().parseAsync(args, { from: 'user' });
  } catch (err) {
    setExitCode(reportError(err));
  }
}

/** Says what went wrong in one line when it is known; returns the exit status. */
function reportError(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode;
  if (networkReason(err) !== null) {
    // A fetch outside the QuickBooks client (which classifies its own) failed on the network.
    console.error(`tillbooks: a server could not be reached (${networkReason(err)})`);
    return EXIT.quickBooks;
  }
  const known = err instanceof CommandError ? err.exitCode
    : isServiceError(err) ? SERVICE_EXIT[err.code]
    : isQboError(err) ? EXIT.quickBooks
      : err instanceof UsageError || err instanceof ConfigError || err instanceof DataFolderBusyError ? EXIT.usage : null;
  if (known !== null) {
    console.error(`tillbooks: ${(err as Error).message}`);
    return known;
  }
  console.error(err);
  return EXIT.usage;
}
