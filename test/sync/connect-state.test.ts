/**
 * The OAuth state of "Connect to QuickBooks" lives ten minutes of the person's time, not of
 * QuickBooks' clock: a demo or test world runs that clock faster (600× here, so its ten minutes
 * are one real second), and a state that expired on it refused a person who took a second or
 * two at the consent page ("OAuth state is unknown, used or expired"; seen in
 * mapping-apply.test.ts on a loaded machine).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveConsent } from '../../src/cli/consent-client.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

describe.each(backends().slice(0, 1))('the consent page, on $name', (backend) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld({ backend });
    await world.addLocation('denver-1', 'America/Denver');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('accepts a callback 1.5 s (fifteen QuickBooks-minutes at 600×) after the connection was started', async () => {
    const { url, binding } = await world.sync.startConnect(TENANT, { locationId: 'denver-1' });
    const before = world.clock.now();
    await sleep(1_500);
    expect(world.clock.now() - before).toBeGreaterThan(10 * 60_000);
    const params = await approveConsent(url, { newCompany: 'Slow reader café' });
    const { connection, locationId } = await world.sync.completeConnect(params, { tenantId: TENANT, binding });
    expect(connection.companyName).toBe('Slow reader café');
    expect(locationId).toBe('denver-1');
  });

  it('still spends a state once', async () => {
    const { url, binding } = await world.sync.startConnect(TENANT, { locationId: 'denver-1' });
    const params = await approveConsent(url, { newCompany: 'Twice café' });
    await world.sync.completeConnect(params, { tenantId: TENANT, binding });
    await expect(world.sync.completeConnect(params, { tenantId: TENANT, binding })).rejects.toThrow(/unknown, used or expired/);
  });
});
