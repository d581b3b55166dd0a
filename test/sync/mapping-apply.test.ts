/**
 * "Apply to what is already posted" at size (issue 13): 1,000 tickets posted under the default
 * set-up, then the accountant maps Coffee to an income account of their own and gives each store
 * a Class. The preview counts the documents that change; applying rewrites each affected document
 * once (the simulator's write counter), the books reconcile afterwards, and applying again writes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyMapping } from '../../src/domain/account-mapping.js';
import type { AccountMapping } from '../../src/domain/account-mapping.js';
import { generateDemoTickets } from '../../src/demo/generate-tickets.js';
import type { QboEntity } from '../../src/qbo/index.js';
import { saveMapping } from '../../src/store/account-mappings.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { applyToPosted, previewApply } from '../../src/sync/mapping/apply.js';
import { reconcile } from '../../src/sync/reconcile/reconcile.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const DATE = '2026-11-20';
const LOCATIONS = [{ id: 'denver-1', timeZone: 'America/Denver' }, { id: 'boulder-2', timeZone: 'America/Denver' }];

describe.each(backends())('apply to 1,000 posted tickets on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;
  let posted = 0;

  beforeAll(async () => {
    world = await startSyncWorld({ backend, limits: { enabled: false } });
    for (const l of LOCATIONS) await world.addLocation(l.id, l.timeZone);
    ({ connectionId, realmId } = await world.connect('denver-1', { newCompany: 'Apply At Size' }));
    await world.sync.useConnection(TENANT, 'boulder-2', connectionId);
    world.sim.setPreferences(realmId, { classTracking: 'perTxn' });
    await world.sync.initialize(TENANT, connectionId);
    const tickets = [...generateDemoTickets({ seed: 13, locations: LOCATIONS, dates: [DATE], ticketsPerDay: 500 })];
    for (let i = 0; i < tickets.length; i += 500) await world.take(tickets.slice(i, i + 500));
    await world.sync.syncNow(TENANT, { connectionId });
    posted = (await world.runQueued()).reduce((n, r) => n + r.posted, 0);
  }, 300_000);
  afterAll(async () => world?.close());

  it('rewrites each affected document once, reconciles, and a second apply writes nothing', { timeout: 300_000 }, async () => {
    expect(posted).toBeGreaterThanOrEqual(950);
    const client = await world.client(connectionId);
    const create = (entity: string, body: Record<string, unknown>) => client.create<QboEntity & { Id: string }>(entity, body, { key: `t:${entity}:${JSON.stringify(body)}` });
    const coffee = await create('Account', { Name: 'Coffee Sales', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' });
    const denver = await create('Class', { Name: 'Denver' });
    const boulder = await create('Class', { Name: 'Boulder' });
    const mapping: AccountMapping = {
      ...emptyMapping(),
      categories: { Coffee: { account: { id: coffee.Id, name: 'Coffee Sales' } } },
      locations: { 'denver-1': { class: { id: denver.Id, name: 'Denver' } }, 'boulder-2': { class: { id: boulder.Id, name: 'Boulder' } } },
    };
    await saveMapping(world.database.db, TENANT, connectionId, mapping, { expectedRevision: 0, by: 'test' });
    // The class is read from the company's settings by Initialize.
    await world.sync.initialize(TENANT, connectionId);

    const preview = await previewApply(world.deps, TENANT, connectionId, { from: DATE, to: DATE });
    // Every posted ticket gets its store's class: every invoice and refund receipt changes; payments do not.
    expect(preview.tickets).toBe(posted);
    expect(preview.ticketsChanging).toBe(posted);
    const documents = (preview.documents.Invoice ?? 0) + (preview.documents.RefundReceipt ?? 0);
    expect(documents).toBe(posted);
    expect(preview.documents.Payment ?? 0).toBe(0);
    expect(preview.moves.some((m) => m.to === 'Coffee Sales' && m.cents > 0)).toBe(true);

    const before = world.sim.counters(realmId).writes;
    const setupBefore = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup.needs.length;
    const applied = await applyToPosted(world.deps, TENANT, connectionId, { from: DATE, to: DATE });
    expect(applied.tickets).toBe(posted);
    const runs = await world.runQueued();
    expect(runs.reduce((n, r) => n + r.posted, 0)).toBe(posted);
    const setup = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup;
    // One write per affected document, plus the items the new mapping needed (Coffee on Coffee Sales).
    expect(world.sim.counters(realmId).writes - before).toBe(documents + (setup.needs.length - setupBefore));

    const recon = await reconcile(world.database, client, { tenantId: TENANT, locationIds: LOCATIONS.map((l) => l.id), from: DATE, to: DATE, setup, mapping });
    expect(recon.problems).toEqual([]);

    const after = world.sim.counters(realmId).writes;
    expect(await previewApply(world.deps, TENANT, connectionId, { from: DATE, to: DATE })).toMatchObject({ ticketsChanging: 0 });
    expect(await applyToPosted(world.deps, TENANT, connectionId, { from: DATE, to: DATE })).toEqual({ runId: null, tickets: 0 });
    expect(world.sim.counters(realmId).writes).toBe(after);
  });
});
