/**
 * Reads (issue 16): the daily Change Data Capture backstop sends exactly one request per company
 * per cycle when nothing changed - counted in each company's request log at the simulator, over
 * several companies and cycles in a row (the same count bench/cdc-reads.ts reports).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, cdcCycle, companiesWithPostedTickets } from '../support/cdc-cycle.js';
import type { CdcCompany } from '../support/cdc-cycle.js';
import { backends } from '../support/stores.js';
import { startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

describe.each(backends())('CDC with nothing changed on $name', (backend) => {
  let world: SyncWorld;
  let companies: CdcCompany[];

  beforeAll(async () => {
    world = await startSyncWorld({ backend, limits: { enabled: false } });
    companies = await companiesWithPostedTickets(world, 3, 3);
  }, 120_000);
  afterAll(async () => world?.close());

  it('sends one CDC request per company per cycle, and nothing else', async () => {
    for (let day = 1; day <= 2; day++) {
      const cycle = await cdcCycle(world, companies, world.clock.now() + day * (DAY_MS + 60_000));
      expect(cycle.runs).toBe(companies.length);
      for (const c of companies) expect(cycle.requests.get(c.realmId)!.map((r) => `${r.method} ${r.path}`), c.realmId).toEqual(['GET cdc']);
    }
  });
});
