/**
 * Summary set-up against the simulator over HTTP (summary-mode §6): a day's needs are found
 * or created once, the day's three documents then post (a zero-total receipt whose lines sell to
 * income, liability and clearing accounts, the COGS and drawer entries), a second pass sends
 * nothing, and Initialize finds what was set up again, making an inactive record active.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summariseDay } from '../../src/mapping/index.js';
import type { DaySummaryInput } from '../../src/mapping/index.js';
import { DATE, LOCATION, dayTicket, workedExample } from '../../src/mapping/test-support/summary-fixture.js';
import type { QboEntity } from '../../src/qbo/index.js';
import { getConnection, saveSetup } from '../../src/store/qbo-connections.js';
import { readSetup } from '../../src/sync/setup/initialize.js';
import type { InitializeReport, StoredSetup } from '../../src/sync/setup/stored-setup.js';
import { ensureSummarySetup, unmetSummaryNeeds } from '../../src/sync/setup/summary-setup.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

type Rec = QboEntity & {
  Id: string; SyncToken: string; Name: string; Active?: boolean; AccountType?: string; Type?: string; IncomeAccountRef?: { value: string };
};

describe('summary set-up', () => {
  let world: SyncWorld;
  let connectionId: number;
  let realmId: string;

  beforeAll(async () => {
    world = await startSyncWorld({ backend: backends()[0]!, limits: { enabled: false } });
    await world.addLocation(LOCATION, 'America/Denver');
    ({ connectionId, realmId } = await world.connect(LOCATION, { newCompany: 'Summary Café' }));
  });
  afterAll(async () => world?.close());

  const stored = async () => readSetup((await getConnection(world.database.db, TENANT, connectionId))!)!;
  const tickets = () => [
    ...workedExample(),
    dayTicket('T4', '2026-03-07T16:00:00-07:00', {
      lines: [{ kind: 'product', name: 'Beans', category: 'Coffee', quantity: '2', unitPrice: '12.00', unitCost: '5.25' },
        { kind: 'service', name: 'Class', category: 'Workshops', quantity: '1', unitPrice: '30.00' }],
      payments: [{ method: 'other', label: 'Venmo', amount: '30.00' }, { method: 'other', label: 'cash', amount: '10.00' }, { method: 'gift_card', amount: '14.00' }],
      total: '54.00',
    }),
  ];
  const input = (setup: StoredSetup): DaySummaryInput => ({
    locationId: LOCATION, businessDate: DATE, revision: 1, tickets: tickets(), setup,
    drawerOperations: [{ id: 'o1', kind: 'paid_out', amountCents: 1250, reason: 'Window cleaner' }, { id: 'o2', kind: 'paid_in', amountCents: 5000, reason: 'Float' }],
  });

  it('sets up what the day needs, and the day\'s documents then post', async () => {
    await world.sync.initialize(TENANT, connectionId);
    const client = await world.client(connectionId);
    // A Bank account already holds the card clearing account's name: it gets the " (POS)" suffix.
    await client.create('Account', { Name: 'Card clearing (POS)', AccountType: 'Bank', AccountSubType: 'Checking' }, { key: 'clash' });
    const { setup, report } = await stored();
    const first = summariseDay(input(setup));
    expect(first.problems.length).toBeGreaterThan(0);

    const done = await ensureSummarySetup(client, setup, first.needs, report);
    expect(unmetSummaryNeeds(done, first.needs)).toEqual([]);
    const day = summariseDay(input(done));
    expect(day.problems).toEqual([]);

    const receipt = await client.create<Rec & { TotalAmt: number }>('SalesReceipt', { ...day.salesReceipt! }, { key: 'r' });
    expect(receipt.TotalAmt).toBe(0);
    for (const je of [day.cogs!, day.drawer!]) expect((await client.create<Rec>('JournalEntry', { ...je }, { key: je.DocNumber })).Id).toBeTruthy();

    const accounts = world.sim.documents(realmId, 'Account') as Rec[];
    const byId = (id: string) => accounts.find((a) => a.Id === id)!;
    expect(byId(done.summary!.clearingAccounts!.credit_card!)).toMatchObject({ Name: 'Card clearing (POS) (POS)', AccountType: 'Other Current Asset' });
    expect(byId(done.summary!.clearingAccounts!.cash!)).toMatchObject({ Name: 'Cash clearing (POS)', AccountType: 'Other Current Asset' });
    expect(byId(done.summary!.clearingAccounts!['label:venmo']!)).toMatchObject({ Name: 'Venmo clearing (POS)' });
    expect(byId(done.summary!.accounts!.salesTaxCollected!)).toMatchObject({ Name: 'Sales tax collected (POS)', AccountType: 'Other Current Liability' });
    expect(byId(done.summary!.accounts!.cashOverShort!)).toMatchObject({ Name: 'Cash over/short and paid outs', AccountType: 'Expense' });
    expect(byId(done.summary!.accounts!.inventoryAsset!)).toMatchObject({ AccountType: 'Other Current Asset' });

    const items = world.sim.documents(realmId, 'Item') as Rec[];
    const item = (id: string) => items.find((i) => i.Id === id)!;
    const pmts = done.summary!.pmtItems!;
    expect(item(pmts['gift_card|giftCardLiability']!)).toMatchObject({ Name: 'PMT - Gift Card', IncomeAccountRef: { value: done.accounts.giftCardLiability } });
    expect(item(pmts['label:venmo|clearing']!)).toMatchObject({ Name: 'PMT - Venmo', IncomeAccountRef: { value: done.summary!.clearingAccounts!['label:venmo'] } });
    // A custom label named like a standard method keeps its money apart from the method's.
    expect(item(pmts['label:cash|clearing']!)).toMatchObject({ Name: 'PMT - cash (POS)', IncomeAccountRef: { value: done.summary!.clearingAccounts!['label:cash'] } });
    expect(byId(done.summary!.clearingAccounts!['label:cash']!)).toMatchObject({ Name: 'cash (POS) clearing (POS)' });
    expect(item(done.summary!.categoryItems!['service|workshops']!)).toMatchObject({ Name: 'Workshops', Type: 'NonInventory', IncomeAccountRef: { value: done.accounts.serviceIncome } });
    // Line-by-line's "Tips" sells to Services: the summary one is named after its account.
    expect(item(done.summary!.tipsItem!)).toMatchObject({ Name: 'Tips - Tips payable', IncomeAccountRef: { value: done.summary!.accounts!.tipsPayable } });
    expect(item(done.summary!.taxItems!['co state']!)).toMatchObject({ Name: 'CO state', Type: 'Service' });

    // Everything met: a second pass sends nothing at all.
    const again = await ensureSummarySetup(client, done, day.needs, { ...report, records: [] } as InitializeReport);
    expect(again).toBe(done);
    await saveSetup(world.database.db, connectionId, done, report);
  });

  it('is found again by Initialize, an inactive PMT item made active, and the stored set-up reads back', async () => {
    const client = await world.client(connectionId);
    const before = (await stored()).setup;
    const pmt = before.summary!.pmtItems!['cash|clearing']!;
    const fresh = await client.read<Rec>('Item', pmt);
    await client.sparseUpdate('Item', { Id: pmt, SyncToken: fresh.SyncToken, Active: false }, { key: 'pmt-off' });
    const count = (world.sim.documents(realmId, 'Item') as Rec[]).length;

    const report = await world.sync.initialize(TENANT, connectionId);
    expect(report.records.find((r) => r.id === pmt)).toMatchObject({ action: 'reactivated', name: 'PMT - Cash' });
    expect((await client.read<Rec>('Item', pmt)).Active).toBe(true);
    expect(world.sim.documents(realmId, 'Item')).toHaveLength(count);
    const after = (await stored()).setup;
    expect(after.summary).toEqual(before.summary);
    expect(unmetSummaryNeeds(after, summariseDay(input(after)).needs)).toEqual([]);
  });

  it('reads a set-up stored before summary mode as it was', async () => {
    const c = (await getConnection(world.database.db, TENANT, connectionId))!;
    const { summary: _summary, summaryNeeds: _needs, ...old } = readSetup(c)!.setup;
    const read = readSetup({ setup: JSON.parse(JSON.stringify(old)), setupReport: c.setupReport });
    expect(read?.setup.summary).toBeUndefined();
    expect(read?.setup.guestCustomer).toBe(old.guestCustomer);
  });
});
