/**
 * Issue 13 (Build 4, 5 and 7; acceptance "export → import"): the MappingService every caller
 * uses. The POS names seen with their tickets and money; the company's lists read once and kept;
 * a mapping to a missing, inactive or wrong-kind record refused naming the POS name and the
 * record; a save over someone else's refused as stale; "create for me"; and a mapping exported
 * from company A and imported into company B (made in the simulator with some of A's names and
 * not others) reproduced with B's ids, the missing ones listed with where they were used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountMapping } from '../../src/domain/account-mapping.js';
import { emptyMapping } from '../../src/domain/account-mapping.js';
import type { QboClient, QboEntity } from '../../src/qbo/index.js';
import { isServiceError } from '../../src/sync/index.js';
import type { MappingService } from '../../src/sync/index.js';
import { backends } from '../support/stores.js';
import { TENANT, startSyncWorld } from '../support/sync-world.js';
import type { SyncWorld } from '../support/sync-world.js';

type Made = QboEntity & { Id: string; Name: string; SyncToken: string };

async function makeRecords(client: QboClient, specs: [key: string, entity: string, body: Record<string, unknown>][]) {
  const ids: Record<string, string> = {};
  for (const [key, entity, body] of specs) {
    const made = await client.create<Made>(entity, body, { key: `t:${client.realmId}:${entity}:${JSON.stringify(body)}` });
    if (body.Active === false) continue;
    ids[key] = made.Id;
  }
  return ids;
}

const income = (Name: string) => ['Account', { Name, AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' }] as const;

describe.each(backends())('the mapping service on $name', (backend) => {
  let world: SyncWorld;
  let service: MappingService;
  let a: number;
  let b: number;
  let realmA: string;
  const idsA: Record<string, string> = {};
  const idsB: Record<string, string> = {};
  let date: string;

  beforeAll(async () => {
    world = await startSyncWorld({ backend, limits: { enabled: false } });
    service = world.sync.mapping;
    await world.addLocation('store-a', 'America/Denver');
    await world.addLocation('store-b', 'America/Denver');
    ({ connectionId: a, realmId: realmA } = await world.connect('store-a', { newCompany: 'Company A' }));
    ({ connectionId: b } = await world.connect('store-b', { newCompany: 'Company B' }));
    const clientA = await world.client(a);
    Object.assign(idsA, await makeRecords(clientA, [
      ['coffee', ...income('Coffee Sales')], ['bakery', ...income('Bakery Sales')],
      ['supplies', 'Account', { Name: 'Office Supplies', AccountType: 'Expense', AccountSubType: 'OfficeGeneralAdministrativeExpenses' }],
      ['old', 'Account', { Name: 'Old Sales', AccountType: 'Income', AccountSubType: 'SalesOfProductIncome' }],
      ['giftLiability', 'Account', { Name: 'Gift Cards Out', AccountType: 'Other Current Liability', AccountSubType: 'OtherCurrentLiabilities' }],
      ['downtown', 'Class', { Name: 'Downtown' }], ['house', 'PaymentMethod', { Name: 'House account', Type: 'NON_CREDIT_CARD' }],
    ]));
    const old = await clientA.read<Made>('Account', idsA.old!);
    await clientA.sparseUpdate('Account', { Id: old.Id, SyncToken: old.SyncToken, Active: false }, { key: 't:deactivate-old' });
    // Company B has Coffee Sales, the class and the liability, but no Bakery Sales and no House account.
    Object.assign(idsB, await makeRecords(await world.client(b), [
      ['other', ...income('Something Else')], ['coffee', ...income('coffee sales')],
      ['giftLiability', 'Account', { Name: 'Gift Cards Out', AccountType: 'Other Current Liability', AccountSubType: 'OtherCurrentLiabilities' }],
      ['downtown', 'Class', { Name: 'Downtown' }],
    ]));
    date = new Date(world.clock.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const t = (id: string, lines: unknown[], payments: unknown[], total: string) =>
      ({ id, locationId: 'store-a', status: 'closed', closedAt: `${date}T12:00:00-07:00`, lines, payments, total });
    const line = (category: string, price: string) => ({ kind: 'product', name: category, category, quantity: '1', unitPrice: price });
    const taken = await world.take([
      t('A1', [line('Coffee', '4.50'), line('Bakery', '3.00')], [{ method: 'cash', amount: '7.50' }], '7.50'),
      t('A2', [line('coffee ', '5.00')], [{ method: 'other', label: 'House account', amount: '5.00' }], '5.00'),
    ]);
    expect(taken.map((r) => r.outcome)).toEqual(['taken', 'taken']);
  }, 120_000);
  afterAll(async () => world?.close());

  const ref = (ids: Record<string, string>, key: string, name: string) => ({ id: ids[key]!, name });
  const good = (): AccountMapping => ({
    ...emptyMapping(),
    categories: { Coffee: { account: ref(idsA, 'coffee', 'Coffee Sales') }, Bakery: { account: ref(idsA, 'bakery', 'Bakery Sales') } },
    methods: { 'label:House account': { paymentMethod: ref(idsA, 'house', 'House account') } },
    specials: { giftCardSales: { account: ref(idsA, 'giftLiability', 'Gift Cards Out') } },
    locations: { 'store-a': { class: ref(idsA, 'downtown', 'Downtown') } },
  });

  it('lists the POS names seen, one row per name however it is spelled, with tickets and money', async () => {
    const seen = await service.posNamesSeen(TENANT, a);
    const row = (role: string, key: string) => seen.find((s) => s.role === role && s.key === key);
    expect(row('category', 'coffee')).toMatchObject({ tickets: 2, cents: 950, firstSeen: date, isNew: true, mapped: false });
    expect(row('category', 'bakery')).toMatchObject({ name: 'Bakery', tickets: 1, cents: 300 });
    expect(row('method', 'label:house account')).toMatchObject({ name: 'House account', tickets: 1, cents: 500 });
    expect(row('method', 'cash')).toMatchObject({ tickets: 1, cents: 750 });
  });

  it('reads the company lists once and keeps them; refresh reads again', async () => {
    const before = world.sim.counters(realmA).requests;
    const lists = await service.companyLists(TENANT, a);
    expect(lists.accounts.find((r) => r.name === 'Old Sales')).toMatchObject({ type: 'Income', active: false });
    expect(lists.classes.map((r) => r.name)).toContain('Downtown');
    const read = world.sim.counters(realmA).requests - before;
    expect(read).toBeGreaterThanOrEqual(5);
    await service.companyLists(TENANT, a);
    expect(world.sim.counters(realmA).requests - before).toBe(read);
    await service.companyLists(TENANT, a, { refresh: true });
    expect(world.sim.counters(realmA).requests - before).toBe(2 * read);
  });

  it('refuses a record that is missing, inactive or of the wrong kind, naming the POS name and the record', async () => {
    const bad: AccountMapping = {
      ...good(),
      categories: {
        Coffee: { account: ref(idsA, 'supplies', 'Office Supplies') },
        Bakery: { account: { id: '99999', name: 'Deleted Sales' } },
        Muffins: { account: { id: (await service.companyLists(TENANT, a)).accounts.find((r) => r.name === 'Old Sales')!.id, name: 'Old Sales' } },
      },
      specials: { giftCardSales: { account: ref(idsA, 'coffee', 'Coffee Sales') } },
    };
    const result = await service.saveMapping(TENANT, a, bad, { expectedRevision: 0, by: 'test' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => [e.path, e.value])).toEqual([
      ['categories.Coffee.account', 'Office Supplies'], ['categories.Bakery.account', 'Deleted Sales'],
      ['categories.Muffins.account', 'Old Sales'], ['specials.giftCardSales.account', 'Coffee Sales'],
    ]);
    expect(errors[0]!.message).toContain('the account "Office Supplies" is of the type Expense (mapped for "Coffee"); a category needs an account of type Income');
    expect(errors[1]!.message).toContain('there is no account "Deleted Sales" (id 99999) in QuickBooks (mapped for "Bakery")');
    expect(errors[2]!.message).toContain('the account "Old Sales" is inactive in QuickBooks (mapped for "Muffins")');
    expect(errors[3]!.message).toContain('(mapped for "Gift card sales"); gift card sales needs an account of type Other Current Liability');
    expect((await service.mapping(TENANT, a)).revision).toBe(0);
    const shape = await service.saveMapping(TENANT, a, { categories: { Coffee: {} } }, { expectedRevision: 0, by: 'test' });
    expect(shape).toMatchObject({ ok: false, errors: [{ path: 'categories.Coffee' }] });
    // Keys nothing would ever match: a tender that is no method nor label, another company's store.
    const keys = await service.saveMapping(TENANT, a, { ...good(), methods: { visa: { paymentMethod: ref(idsA, 'house', 'House account') } },
      locations: { 'store-b': { class: ref(idsA, 'downtown', 'Downtown') } } }, { expectedRevision: 0, by: 'test' });
    expect(keys).toMatchObject({ ok: false, errors: [{ path: 'methods.visa', value: 'visa' }, { path: 'locations.store-b', message: 'no location "store-b" uses this QuickBooks company' }] });
  });

  it('saves a good mapping, refuses a save over someone else\'s as stale, and marks the names mapped', async () => {
    expect(await service.saveMapping(TENANT, a, good(), { expectedRevision: 0, by: 'test' })).toEqual({ ok: true, revision: 1 });
    const stale = await service.saveMapping(TENANT, a, good(), { expectedRevision: 0, by: 'other' }).catch((e: unknown) => e);
    expect(isServiceError(stale) && stale.code).toBe('STALE');
    expect((await service.mapping(TENANT, a))).toMatchObject({ revision: 1, updatedBy: 'test', mapping: good() });
    const seen = await service.posNamesSeen(TENANT, a);
    expect(seen.find((s) => s.key === 'coffee')).toMatchObject({ mapped: true, isNew: false });
    expect(seen.find((s) => s.key === 'label:house account')).toMatchObject({ mapped: true });
  });

  it('exports by names and imports into another company with its ids, listing what it lacks and where it was used', async () => {
    const doc = JSON.parse(JSON.stringify(await service.exportMapping(TENANT, a)));
    expect(doc).toMatchObject({ format: 'tillbooks-mapping', version: 1, company: 'Company A' });
    const dry = await service.importMapping(TENANT, b, doc, { save: true, by: 'test' });
    expect(dry.revision).toBeNull();
    expect(dry.mapping.categories).toEqual({ Coffee: { account: { id: idsB.coffee, name: 'coffee sales' } } });
    expect(dry.mapping.specials).toEqual({ giftCardSales: { account: { id: idsB.giftLiability, name: 'Gift Cards Out' } } });
    expect(dry.mapping.methods).toEqual({});
    expect(dry.missing).toEqual([
      'categories.Bakery.account: no account "Bakery Sales" in this company (for "Bakery")',
      'methods.label:House account.paymentMethod: no payment method "House account" in this company (for "House account")',
      // store-a is company A's store: its class is not carried to company B's stores.
      'locations.store-a: no location "store-a" uses this company (map this company\'s stores on their own)',
    ]);
    expect(dry.mapping.locations).toEqual({});
    // The same export with the store named as company B's own: its class resolves to B's "Downtown".
    const forB = { ...doc, mapping: { ...doc.mapping, locations: { 'store-b': doc.mapping.locations['store-a'] } } };
    expect((await service.importMapping(TENANT, b, forB, { save: false, by: null })).mapping.locations)
      .toEqual({ 'store-b': { class: { id: idsB.downtown, name: 'Downtown' } } });
    const saved = await service.importMapping(TENANT, b, doc, { save: true, allowMissing: true, by: 'test' });
    expect(saved.revision).toBe(1);
    expect((await service.mapping(TENANT, b)).mapping).toEqual(dry.mapping);
    const broken = await service.importMapping(TENANT, b, { format: 'tillbooks-mapping', version: 1, mapping: { categories: { X: {} } } }, { save: false, by: null })
      .catch((e: unknown) => e);
    expect(isServiceError(broken) && broken.code).toBe('INVALID');
  });

  it('creates a record for a POS name ("create for me"), of the kind its role needs, picked without a refresh', async () => {
    const made = await service.createTarget(TENANT, a, { role: 'category', posName: 'Pastries' });
    expect(made.name).toBe('Pastries');
    const again = await service.createTarget(TENANT, a, { role: 'category', posName: 'pastries' });
    expect(again.id).toBe(made.id);
    const gift = await service.createTarget(TENANT, a, { role: 'special', posName: 'giftCardSales' });
    const cls = await service.createTarget(TENANT, a, { role: 'location', posName: 'Uptown', what: 'class' });
    const odd = await service.createTarget(TENANT, a, { role: 'category', posName: 'Uptown', what: 'class' }).catch((e: unknown) => e);
    expect(isServiceError(odd) && odd.code).toBe('INVALID');
    const lists = await service.companyLists(TENANT, a);
    expect(lists.accounts.find((r) => r.id === made.id)).toMatchObject({ type: 'Income', active: true });
    expect(lists.accounts.find((r) => r.id === gift.id)).toMatchObject({ name: 'Gift Card Liability', type: 'Other Current Liability' });
    expect(lists.classes.find((r) => r.id === cls.id)).toMatchObject({ name: 'Uptown' });
    const m = (await service.mapping(TENANT, a));
    const next = { ...m.mapping, categories: { ...m.mapping.categories, Pastries: { account: made } } };
    expect(await service.saveMapping(TENANT, a, next, { expectedRevision: m.revision, by: 'test' })).toEqual({ ok: true, revision: 2 });
  });
});
