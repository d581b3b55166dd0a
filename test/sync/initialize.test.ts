/**
 * Initialize keeps its promise (posting-rules §1, issue 13 point 6): a record of the kind it
 * wants, found by name, is used - made active again if it was not, whatever account it posts to
 * - instead of a " (POS)" record beside it; the report says where it posts. Running it twice
 * changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboEntity } from '../../src/qbo/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

type Item = QboEntity & { Id: string; SyncToken: string; Name: string; Active?: boolean };

describe('Initialize', () => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]!, limits: { enabled: false } });
    await world.addLocation('denver-1', 'America/Denver');
    ({ connectionId, realmId } = await world.connect('denver-1', { newCompany: 'Has Tips Already' }));
  });
  afterAll(async () => world?.close());

  it('reactivates an inactive "Tips" service item on another account instead of creating "Tips (POS)", and says where it posts', async () => {
    const client = await world.client(connectionId);
    const other = await client.create<Item>('Account', { Name: 'Other tips income', AccountType: 'Other Income', AccountSubType: 'OtherMiscellaneousIncome' }, { key: 'acct' });
    const tips = await client.create<Item>('Item', { Name: 'Tips', Type: 'Service', IncomeAccountRef: { value: other.Id } }, { key: 'tips' });
    const fresh = await client.read<Item>('Item', tips.Id);
    await client.sparseUpdate('Item', { Id: tips.Id, SyncToken: fresh.SyncToken, Active: false }, { key: 'tips-off' });

    const report = await world.sync.initialize(TENANT, connectionId);
    const setup = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup;
    expect(setup.items.tips).toBe(tips.Id);
    expect((await client.read<Item>('Item', tips.Id)).Active).toBe(true);
    const row = report.records.find((r) => r.record === 'Tips')!;
    expect(row).toMatchObject({ action: 'reactivated', name: 'Tips', id: tips.Id });
    expect(row.note).toContain('posts to another account than Services');
    const items = world.sim.documents(realmId, 'Item') as Item[];
    expect(items.filter((i) => i.Name.startsWith('Tips'))).toHaveLength(1);
    expect(report.notes.join(' ')).not.toContain('"Tips" is already');

    const again = await world.sync.initialize(TENANT, connectionId);
    expect(again.records.filter((r) => r.action !== 'found')).toEqual([]);
    expect(world.sim.documents(realmId, 'Item')).toHaveLength(items.length);
  });
});
