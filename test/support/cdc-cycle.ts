/**
 * The daily Change Data Capture backstop measured from the simulator's side (issue 16, Reads):
 * several companies with posted tickets, then CDC cycles, each counted in every company's
 * request log. Shared by test/sync/cdc-reads.test.ts and bench/cdc-reads.ts.
 */
import type { LoggedRequest } from '../../src/sandbox/index.js';
import { tickChangeCapture } from '../../src/sync/index.js';
import type { SyncWorld } from './sync-world.js';
import { TENANT } from './sync-world.js';
import { simpleTicket } from './tickets.js';

export interface CdcCompany {
  locationId: string;
  connectionId: number;
  realmId: string;
}

export const DAY_MS = 24 * 3_600_000;

/** `count` companies, a location each, `tickets` posted to each; then the first CDC cycle, which starts every cursor. */
export async function companiesWithPostedTickets(world: SyncWorld, count: number, tickets: number): Promise<CdcCompany[]> {
  const companies: CdcCompany[] = [];
  for (let i = 0; i < count; i++) {
    const locationId = `store-${i + 1}`;
    await world.addLocation(locationId, 'America/Denver');
    const { connectionId, realmId } = await world.connect(locationId, { newCompany: `CDC Company ${i + 1}` });
    await world.take(Array.from({ length: tickets }, (_, t) => simpleTicket({ id: `T${t + 1}`, locationId, cents: 1000 + t * 7, closedAt: '2026-11-24T12:00:00-07:00' })));
    await world.sync.syncNow(TENANT, { connectionId });
    companies.push({ locationId, connectionId, realmId });
  }
  await world.runQueued();
  await tickChangeCapture(world.deps);
  await world.runQueued();
  return companies;
}

export interface CdcCycle {
  /** CDC runs queued by the tick (one per company due). */
  runs: number;
  /** What each company's QuickBooks was asked during the cycle, by realm. */
  requests: Map<string, LoggedRequest[]>;
}

/** The schedule's CDC tick at `atMs` (clock time), then every run it queued, counted per company. */
export async function cdcCycle(world: SyncWorld, companies: readonly CdcCompany[], atMs: number): Promise<CdcCycle> {
  const since = world.clock.now();
  const runs = (await tickChangeCapture(world.deps, atMs)).length;
  await world.runQueued();
  const requests = new Map(companies.map((c) => [c.realmId, world.sim.requestLog(c.realmId).filter((r) => r.at >= since)]));
  return { runs, requests };
}
