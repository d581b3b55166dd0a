/**
 * The first start of an empty database: a tenant, the first back-office user (its password
 * shown once), and - in demo mode - a location, an API key (shown once) and yesterday's
 * tickets, so a new user sees the product working before wiring a POS to it.
 */
import { DateTime } from 'luxon';
import { DEMO_LOCATIONS, generateDemoTickets } from '../demo/generate-tickets.js';
import { locationWithDefaults } from '../domain/location.js';
import { takeTickets, summarise } from '../intake/take-tickets.js';
import type { Summary } from '../intake/take-tickets.js';
import { generatePassword } from '../lib/passwords.js';
import { createApiKey } from '../store/api-keys.js';
import { upsertLocation } from '../store/locations.js';
import type { Db } from '../store/index.js';
import { ensureTenant, listTenants } from '../store/tenants.js';
import { createUser } from '../store/users.js';

export const DEFAULT_TENANT = { id: 'default', name: 'My store' };
export const FIRST_USER_EMAIL = 'owner@example.com';

export interface FirstStartResult {
  tenantId: string;
  email: string;
  /** Shown once, never stored in the clear. */
  password: string;
  apiKey?: string;
  demo?: { locationId: string; date: string; summary: Summary };
}

/** Sets up an empty database; returns null when it already holds a tenant (a later start). */
export async function firstStart(db: Db, opts: { demo: boolean; now?: number; password?: string }): Promise<FirstStartResult | null> {
  if ((await listTenants(db)).length > 0) return null;
  await ensureTenant(db, DEFAULT_TENANT);
  const password = opts.password ?? generatePassword();
  const user = await createUser(db, DEFAULT_TENANT.id, FIRST_USER_EMAIL, password);
  const result: FirstStartResult = { tenantId: DEFAULT_TENANT.id, email: user.email, password };
  if (!opts.demo) return result;

  const demoLocation = DEMO_LOCATIONS[0]!;
  await upsertLocation(db, DEFAULT_TENANT.id, locationWithDefaults({ id: demoLocation.id, name: demoLocation.name ?? demoLocation.id,
    timeZone: demoLocation.timeZone }));
  result.apiKey = (await createApiKey(db, DEFAULT_TENANT.id, 'demo POS')).key;
  const yesterday = DateTime.fromMillis(opts.now ?? Date.now(), { zone: demoLocation.timeZone }).minus({ days: 1 }).toISODate()!;
  const tickets = [...generateDemoTickets({ seed: 1, locations: [demoLocation], dates: [yesterday], ticketsPerDay: 40 })];
  const results = await takeTickets(db, DEFAULT_TENANT.id, tickets.map((t, i) => ({ raw: JSON.stringify(t), ref: i })));
  result.demo = { locationId: demoLocation.id, date: yesterday, summary: summarise(results) };
  return result;
}
