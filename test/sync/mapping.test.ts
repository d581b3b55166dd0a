/**
 * Issue 13 acceptance: two stores in one company, each with its own Class and QuickBooks
 * Location, categories on three income accounts of the accountant's own, a custom-label tender,
 * a gift card sold and redeemed. QuickBooks, read back through its reports and documents, holds
 * per class and per account exactly the POS totals, one Payment per method and label; gift card
 * sales sit on the liability. Then the mapping changes and "Apply to what is already posted"
 * rewrites each affected document once; applying again writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountMapping } from '../../src/domain/account-mapping.js';
import { emptyMapping } from '../../src/domain/account-mapping.js';
import { formatCents } from '../../src/domain/money.js';
import type { QboClient, QboEntity } from '../../src/qbo/index.js';
import { getConnection } from '../../src/store/qbo-connections.js';
import { getMapping, saveMapping } from '../../src/store/account-mappings.js';
import { applyToPosted, previewApply } from '../../src/sync/mapping/apply.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import { reconcile } from '../../src/sync/reconcile/reconcile.js';
import { backends } from '../support/stores.js';
import { startSyncWorld, TENANT } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

const DATE = '2026-11-23';
type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const line = (name: string, category: string, qty: string, price: string, kind = 'product') => ({ kind, name, category, quantity: qty, unitPrice: price });
const ticket = (id: string, locationId: string, lines: unknown[], payments: unknown[], total: string, extra: Record<string, unknown> = {}) => ({
  id, locationId, status: 'closed', closedAt: `${DATE}T12:00:00-07:00`, lines, payments, total, ...extra,
});

const TICKETS = [
  ticket('D1', 'denver-1', [line('Latte', 'Coffee', '2', '4.50'), line('Muffin', 'Bakery', '1', '3.00')], [{ method: 'credit_card', amount: '12.00' }], '12.00'),
  ticket('D2', 'denver-1', [line('Mug', 'Merch', '1', '15.00')], [{ method: 'other', label: 'House account', amount: '10.00' }, { method: 'cash', amount: '5.00' }], '15.00'),
  ticket('D3', 'denver-1', [line('Gift card', undefined as never, '1', '25.00', 'gift_card')], [{ method: 'cash', amount: '25.00' }], '25.00'),
  ticket('B1', 'boulder-2', [line('Espresso', 'Coffee', '3', '3.00'), line('Scone', 'Bakery', '2', '2.50')], [{ method: 'gift_card', amount: '14.00' }], '14.00'),
  ticket('B2', 'boulder-2', [line('Cap', 'Merch', '1', '20.00')], [{ method: 'other', label: 'House account', amount: '20.00' }], '20.00',
    { taxes: [{ name: 'CO state', amount: '0.00' }] }),
];

describe.each(backends())('the accountant\'s mapping on $name', (backend) => {
  let world: SyncWorld;
  let connectionId: number;
  let client: QboClient;
  const ids: Record<string, string> = {};
  let mapping: AccountMapping;

  const create = async (entity: string, body: Record<string, unknown>) => (await client.create<QboEntity & { Id: string; Name: string }>(entity, body, { key: `t:${entity}:${JSON.stringify(body)}` }));
  const ref = (key: string, name: string) => ({ id: ids[key]!, name });

  beforeAll(async () => {
    world = await startSyncWorld({ backend, limits: { enabled: false } });
    await world.addLocation('denver-1', 'America/Denver');
    await world.addLocation('boulder-2', 'America/Denver');
    const c = await world.connect('denver-1', { newCompany: 'Two Stores Inc' });
    connectionId = c.connectionId;
    await world.sync.useConnection(TENANT, 'boulder-2', connectionId);
    world.sim.setPreferences(c.realmId, { classTracking: 'perLine', trackDepartments: true });
    client = await world.client(connectionId);
    for (const [key, name] of [['coffee', 'Coffee Sales'], ['bakery', 'Bakery Sales'], ['merch', 'Merch Sales']] as const) {
      ids[key] = (await create('Account', { Name: name, AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' })).Id;
    }
    ids.classD = (await create('Class', { Name: 'Denver' })).Id;
    ids.classB = (await create('Class', { Name: 'Boulder' })).Id;
    ids.deptD = (await create('Department', { Name: 'Denver store' })).Id;
    ids.deptB = (await create('Department', { Name: 'Boulder store' })).Id;
    await world.sync.initialize(TENANT, connectionId);
    mapping = {
      ...emptyMapping(),
      categories: { Coffee: { account: ref('coffee', 'Coffee Sales') }, bakery: { account: ref('bakery', 'Bakery Sales') }, Merch: { account: ref('merch', 'Merch Sales') } },
      locations: {
        'denver-1': { class: ref('classD', 'Denver'), department: ref('deptD', 'Denver store') },
        'boulder-2': { class: ref('classB', 'Boulder'), department: ref('deptB', 'Boulder store') },
      },
    };
    await saveMapping(world.database.db, TENANT, connectionId, mapping, { expectedRevision: 0, by: 'test' });
    expect((await world.take(TICKETS)).every((r) => r.outcome === 'taken')).toBe(true);
    await world.sync.syncNow(TENANT, { connectionId });
    const [run] = await world.runQueued();
    expect(run).toMatchObject({ status: 'finished', posted: TICKETS.length, skipped: 0 });
  }, 120_000);
  afterAll(async () => world?.close());

  const report = async (by: 'Classes' | 'Total') => (await client.report('ProfitAndLoss', { start_date: DATE, end_date: DATE, summarize_column_by: by })) as Row;
  /** { accountName: { columnTitle: cents } } from the report's Data rows. */
  const byAccount = (body: Row) => {
    const titles = (body.Columns.Column as Row[]).map((c) => c.ColTitle as string);
    const out: Record<string, Record<string, number>> = {};
    const walk = (rows: Row[]) => {
      for (const r of rows) {
        if (r.Rows?.Row) walk(r.Rows.Row);
        if (r.type === 'Data') {
          out[r.ColData[0].value] = Object.fromEntries((r.ColData as Row[]).slice(1).map((c, i) => [titles[i + 1]!, Math.round(Number(c.value || 0) * 100)]));
        }
      }
    };
    walk(body.Rows.Row);
    return out;
  };

  it('holds, per class and per account, exactly the POS totals', async () => {
    const accounts = byAccount(await report('Classes'));
    expect(accounts['Coffee Sales']).toMatchObject({ Denver: 900, Boulder: 900 });
    expect(accounts['Bakery Sales']).toMatchObject({ Denver: 300, Boulder: 500 });
    expect(accounts['Merch Sales']).toMatchObject({ Denver: 1500, Boulder: 2000 });
    // A gift card sold is money held for the customer: on the liability, never income.
    expect(Object.keys(accounts)).not.toContain('Gift Card Liability');
    const balance = byAccount(await client.report('BalanceSheet', { start_date: DATE, end_date: DATE }) as Row);
    expect(Object.values(balance['Gift Card Liability'] ?? {})[0]).toBe(2500);
  });

  it('sends one Payment per method and label, each store\'s documents carrying its class and location', async () => {
    const setup = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup;
    const payments = await client.queryAll<QboEntity & { PaymentMethodRef: { value: string }; TotalAmt: number; PrivateNote: string }>('Payment', `TxnDate = '${DATE}'`);
    const houseAccount = setup.labelMethods!['label:house account'];
    expect(houseAccount).toBeTruthy();
    expect(payments.filter((p) => p.PaymentMethodRef.value === houseAccount).map((p) => formatCents(Math.round(p.TotalAmt * 100))).sort()).toEqual(['10.00', '20.00']);
    expect(payments.filter((p) => p.PrivateNote.includes('D2'))).toHaveLength(2);
    const invoices = await client.queryAll<QboEntity & { DepartmentRef?: { value: string }; Line: Row[]; PrivateNote: string }>('Invoice', `TxnDate = '${DATE}'`);
    for (const inv of invoices) {
      const denver = inv.PrivateNote.includes('denver-1/');
      expect(inv.DepartmentRef?.value).toBe(denver ? ids.deptD : ids.deptB);
      for (const l of inv.Line.filter((x) => x.SalesItemLineDetail)) expect(l.SalesItemLineDetail.ClassRef?.value).toBe(denver ? ids.classD : ids.classB);
    }
    const recon = await reconcile(world.database, client, { tenantId: TENANT, locationIds: ['denver-1', 'boulder-2'], from: DATE, to: DATE, setup, mapping });
    expect(recon.problems).toEqual([]);
    expect(recon.rows.map((r) => r.className)).toContain('Denver');
    // Per class, QuickBooks' side read from the ClassRef each document carries.
    expect(recon.classes).toEqual([{ className: 'Boulder', pos: 3400, qbo: 3400 }, { className: 'Denver', pos: 5200, qbo: 5200 }]);
  });

  it('applies a changed mapping to what is already posted: each affected document rewritten once, then nothing', async () => {
    const stored = await getMapping(world.database.db, TENANT, connectionId);
    // "bakery" was mapped in lower case: the POS's "Bakery" is the same name.
    const changed: AccountMapping = { ...stored.mapping, categories: { ...stored.mapping.categories, bakery: { account: ref('coffee', 'Coffee Sales') } } };
    await saveMapping(world.database.db, TENANT, connectionId, changed, { expectedRevision: stored.revision, by: 'test' });
    const preview = await previewApply(world.deps, TENANT, connectionId, { from: DATE, to: DATE });
    expect(preview).toMatchObject({ tickets: TICKETS.length, ticketsChanging: 2, documents: { Invoice: 2 } });
    expect(preview.moves).toEqual([{ from: 'Bakery Sales', to: 'Coffee Sales', cents: 800 }]);
    const realm = (await getConnection(world.database.db, TENANT, connectionId))!.realmId;
    const writesBefore = world.sim.counters(realm).writes;
    const needsBefore = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup.needs.length;
    const { runId, tickets } = await applyToPosted(world.deps, TENANT, connectionId, { from: DATE, to: DATE });
    expect(tickets).toBe(2);
    expect(runId).not.toBeNull();
    const [run] = await world.runQueued();
    expect(run).toMatchObject({ status: 'finished', posted: 2 });
    // Two invoices rewritten in place, plus the one item the new mapping needs ("Bakery" on Coffee Sales).
    const made = readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!.setup.needs.length - needsBefore;
    expect(made).toBe(1);
    expect(world.sim.counters(realm).writes - writesBefore).toBe(2 + made);
    expect(byAccount(await report('Classes'))['Coffee Sales']).toMatchObject({ Denver: 1200, Boulder: 1400 });
    expect(await previewApply(world.deps, TENANT, connectionId, { from: DATE, to: DATE })).toMatchObject({ ticketsChanging: 0 });
    expect(await applyToPosted(world.deps, TENANT, connectionId, { from: DATE, to: DATE })).toEqual({ runId: null, tickets: 0 });
  });
});

describe('a mapped account made inactive in QuickBooks later', () => {
  it('makes the tickets that need it wait with the reason, and they post once it is back', async () => {
    const world = await startSyncWorld({ backend: backends()[0]!, limits: { enabled: false } });
    try {
      await world.addLocation('denver-1', 'America/Denver');
      const { connectionId, realmId } = await world.connect('denver-1', { newCompany: 'Inactive Later Co' });
      const client = await world.client(connectionId);
      const merch = await client.create<QboEntity & { Id: string; SyncToken: string }>('Account', { Name: 'Store safe', AccountType: 'Bank', AccountSubType: 'CashOnHand' }, { key: 'safe' });
      await world.sync.initialize(TENANT, connectionId);
      await saveMapping(world.database.db, TENANT, connectionId, { ...emptyMapping(), methods: { cash: { depositAccount: { id: merch.Id, name: 'Store safe' } } } }, { expectedRevision: 0, by: 'test' });
      // The deposit account is made inactive by the bookkeeper.
      const fresh = await client.read<QboEntity & { Id: string; SyncToken: string }>('Account', merch.Id);
      await client.sparseUpdate('Account', { Id: merch.Id, SyncToken: fresh.SyncToken, Active: false }, { key: 'merch-off' });
      await world.take([ticket('W1', 'denver-1', [line('Mug', 'Merch', '1', '15.00')], [{ method: 'cash', amount: '15.00' }], '15.00')]);
      await world.sync.syncNow(TENANT, { connectionId });
      const [run] = await world.runQueued();
      expect(run).toMatchObject({ pending: 1, skipped: 0, posted: 0 });
      const [state] = await world.sync.ticketStates(TENANT, [{ locationId: 'denver-1', ticketId: 'W1' }]);
      expect(state).toMatchObject({ state: 'pending', error: { kind: 'mapping', code: 'MAPPING_TARGET_UNUSABLE' } });
      expect(state!.error!.message).toContain('the account "Store safe" is inactive in QuickBooks');
      expect(world.sim.documents(realmId, 'Payment')).toHaveLength(0);
      const again = await client.read<QboEntity & { Id: string; SyncToken: string }>('Account', merch.Id);
      await client.sparseUpdate('Account', { Id: merch.Id, SyncToken: again.SyncToken, Active: true }, { key: 'merch-on' });
      await world.sync.syncNow(TENANT, { connectionId });
      const second = (await world.runQueued())[0];
      const [after] = await world.sync.ticketStates(TENANT, [{ locationId: 'denver-1', ticketId: 'W1' }]);
      expect({ second, after }).toMatchObject({ second: { posted: 1 }, after: { state: 'posted', error: null } });
    } finally {
      await world.close();
    }
  }, 120_000);
});
