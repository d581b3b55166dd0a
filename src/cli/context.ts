/** Opening the runtime for one CLI command, and closing it whatever happens. */
import { loadConfig } from '../config/index.js';
import type { Config } from '../config/index.js';
import { makeLogger } from '../lib/logger.js';
import { openRuntime } from '../app/runtime.js';
import type { Runtime } from '../app/runtime.js';
import { DEFAULT_TENANT } from '../app/first-start.js';
import type { Db } from '../store/index.js';
import { ensureTenant, getTenant } from '../store/tenants.js';
import { hosted } from '../app/hosted.js';

export interface CommandOptions {
  tenant?: string;
}

/** Runs `fn` with a runtime; QuickBooks (and the built-in simulator) only when `qbo` is set. */
export async function withRuntime<T>(opts: { qbo?: boolean; tenant?: string }, fn: (rt: Runtime, tenantId: string, config: Config) => Promise<T>): Promise<T> {
  const inService = hosted();
  // Run inside the service for a refused process: its runtime, left open.
  if (inService) return withTenant(inService.runtime, opts.tenant, fn);
  const config = loadConfig();
  // Logs go to stderr at warn: a command's own output is what the user reads.
  const logger = makeLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, destination: process.stderr as never, format: config.logFormat });
  const runtime = await openRuntime(config, { logger, simulator: opts.qbo ?? false });
  try {
    return await withTenant(runtime, opts.tenant, fn);
  } finally {
    await runtime.close();
  }
}

async function withTenant<T>(runtime: Runtime, tenant: string | undefined, fn: (rt: Runtime, tenantId: string, config: Config) => Promise<T>): Promise<T> {
  const tenantId = tenant ?? DEFAULT_TENANT.id;
  if (tenantId === DEFAULT_TENANT.id) await ensureTenant(runtime.database.db, DEFAULT_TENANT);
  else if (!(await getTenant(runtime.database.db, tenantId))) {
    throw new UsageError(`no tenant "${tenantId}": add it first (tillbooks tenant add ${tenantId} --name NAME), or see tillbooks tenant list`);
  }
  return fn(runtime, tenantId, runtime.config);
}

/** Runs `fn` with the store alone (commands about the installation, not one tenant). */
export async function withStore<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  return withRuntime({}, (rt) => fn(rt.database.db));
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command that ended in a way the user must hear in one line, with its own exit status. */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'CommandError';
  }
}
