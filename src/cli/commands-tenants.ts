/**
 * CLI: tenants. The product is multi-tenant (every table carries a tenant; the web keeps them
 * apart), but the CLI could only fill the default one: `api-key create --tenant t2` died on a
 * foreign key with a stack trace (issue 20). `tenant add` makes one; every `--tenant` command
 * then works in it, and an unknown tenant is a clear error (context.ts).
 */
import type { Command } from 'commander';
import { createTenant, tenantCounts } from '../store/tenants.js';
import { UsageError, withStore } from './context.js';

/** Lower-case letters, digits, `-` and `_`, up to 64: it travels in commands and logs. */
const TENANT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export function registerTenantCommands(program: Command): void {
  const tenant = program.command('tenant').description('tenants: the businesses this installation serves, each with its own users, keys and locations');
  tenant.command('add <id>').description('add a tenant (then: user-add EMAIL --tenant ID, api-key create NAME --tenant ID)')
    .requiredOption('--name <name>', 'display name')
    .action(async (id: string, o: { name: string }) => {
      if (!TENANT_ID.test(id)) throw new UsageError(`tenant id "${id}": use 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit`);
      const name = o.name.trim();
      if (!name || name.length > 200) throw new UsageError('--name: give a name of 1 to 200 characters');
      await withStore(async (db) => {
        if (!(await createTenant(db, { id, name }))) throw new UsageError(`tenant "${id}" already exists (tillbooks tenant list)`);
        console.log(`added tenant ${id} "${name}"; next: tillbooks user-add EMAIL --tenant ${id}, tillbooks api-key create NAME --tenant ${id}`);
      });
    });
  tenant.command('list').description('list tenants with their users, active API keys and locations').action(async () => {
    await withStore(async (db) => {
      const rows = await tenantCounts(db);
      if (rows.length === 0) console.log('no tenants yet: tillbooks tenant add ID --name NAME (npm start makes "default")');
      for (const t of rows) console.log(`${t.id.padEnd(16)} ${t.name.padEnd(32)} ${t.users} users, ${t.apiKeys} API keys, ${t.locations} locations`);
    });
  });
}
