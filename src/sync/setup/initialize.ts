/**
 * Initialize (posting-rules §1): find each record by name (case-insensitively, inactive ones
 * included and made active again), create it only if missing, store the ids. Running it
 * twice changes nothing. Discount items are found or created the same way, as tickets name
 * them (`ensureDiscountItems`).
 */
import { randomUUID } from 'node:crypto';
import type { SetupIds } from '../../mapping/index.js';
import { discountItemKey, qboName } from '../../mapping/index.js';
import { isQboError, rowsOf } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { saveSetup } from '../../store/qbo-connections.js';
import type { SyncDeps } from '../deps.js';
import type { InitializeRecord, InitializeReport, StoredSetup } from './stored-setup.js';
import {
  ACCOUNTS, GUEST_CUSTOMER, NAME_SUFFIX, PAYMENT_METHOD_SPECS, PRODUCT_ITEM, SERVICE_ITEMS, UNDEPOSITED_FUNDS, refValue, sameName,
} from './setup-records.js';
import type { AccountKey } from './setup-records.js';

export type { StoredSetup } from './stored-setup.js';
export { readSetup } from './stored-setup.js';

export type ActiveRecord = QboEntity & { Id: string; SyncToken: string; Name?: string; DisplayName?: string; Active?: boolean };

interface Ctx {
  client: QboClient;
  nonce: string;
  records: InitializeRecord[];
  notes: string[];
}

export async function initializeCompany(deps: SyncDeps, connection: { id: number; realmId: string },
  client: QboClient): Promise<{ setup: StoredSetup; report: InitializeReport }> {
  const ctx: Ctx = { client, nonce: randomUUID(), records: [], notes: [] };
  const prefs = rowsOf<QboEntity>(await client.query('SELECT * FROM Preferences'), 'Preferences')[0] ?? {};
  const info = rowsOf<QboEntity>(await client.query('SELECT * FROM CompanyInfo'), 'CompanyInfo')[0] ?? null;
  const inventoryTracking = section(prefs, 'ProductAndServicesPrefs').QuantityOnHand === true;
  const automatedSalesTax = section(prefs, 'TaxPrefs').PartnerTaxEnabled === true;

  const accountList = await client.queryAll<ActiveRecord>('Account', 'Active IN (true, false)');
  const accounts = {} as Record<AccountKey, string>;
  for (const spec of ACCOUNTS) {
    if (spec.key === 'inventoryAsset' && !inventoryTracking) continue;
    accounts[spec.key] = await findOrCreate(ctx, accountList, {
      record: spec.name, entity: 'Account', name: spec.name,
      fits: (a) => a.AccountType === spec.type,
      create: (name) => ({ Name: name, AccountType: spec.type, AccountSubType: spec.subtype }),
    });
  }
  const undepositedFunds = await findUndeposited(ctx, accountList);

  const methodList = await client.queryAll<ActiveRecord>('PaymentMethod', 'Active IN (true, false)');
  const paymentMethods = {} as SetupIds['paymentMethods'];
  for (const m of PAYMENT_METHOD_SPECS) {
    paymentMethods[m.key] = await findOrCreate(ctx, methodList, {
      record: m.name, entity: 'PaymentMethod', name: m.name, fits: () => true, create: (name) => ({ Name: name, Type: m.type }),
    });
  }

  const itemList = await client.queryAll<ActiveRecord>('Item', 'Active IN (true, false)');
  const today = new Date(deps.clock.now()).toISOString().slice(0, 10);
  const product = await findOrCreate(ctx, itemList, {
    record: PRODUCT_ITEM, entity: 'Item', name: PRODUCT_ITEM,
    fits: (i) => (i.Type === 'Inventory' || i.Type === 'NonInventory') && refValue(i.IncomeAccountRef) === accounts.productIncome,
    create: (name) => (inventoryTracking
      ? { Name: name, Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 0, InvStartDate: today,
        IncomeAccountRef: { value: accounts.productIncome }, AssetAccountRef: { value: accounts.inventoryAsset }, ExpenseAccountRef: { value: accounts.cogs } }
      : { Name: name, Type: 'NonInventory', IncomeAccountRef: { value: accounts.productIncome } }),
  });
  if (!inventoryTracking) ctx.notes.push('This company does not track inventory quantities, so "Product" is a non-inventory item on Sales of Product Income (turn on "Track inventory quantity on hand" in QuickBooks and run Initialize again to use an inventory item).');
  const items = { product } as SetupIds['items'];
  for (const s of SERVICE_ITEMS) items[s.key] = await serviceItem(ctx, itemList, s.name, s.name, accounts.serviceIncome);

  const guestCustomer = await findOrCreateCustomer(ctx);
  if (automatedSalesTax) ctx.notes.push('This company uses automated sales tax: tillbooks sets each document\'s tax to zero and posts the POS\'s own taxes as lines, so QuickBooks adds none.');

  const setup: StoredSetup = { guestCustomer, undepositedFunds, items, discountItems: {}, discountNames: {}, paymentMethods, automatedSalesTax,
    accounts, inventoryTracking };
  const report: InitializeReport = {
    at: new Date(deps.clock.now()).toISOString(), companyName: typeof info?.CompanyName === 'string' ? info.CompanyName : null,
    records: ctx.records, notes: ctx.notes,
  };
  return { setup, report };
}

/** Initialize and store the result (discount items already known are found again). */
export async function initializeAndStore(deps: SyncDeps, connection: { id: number; realmId: string; setup: Pick<StoredSetup, 'discountNames'> | null }, client: QboClient): Promise<{ setup: StoredSetup; report: InitializeReport }> {
  const result = await initializeCompany(deps, connection, client);
  // Discount items found before are looked for again (one may have been made inactive).
  const known = Object.values(connection.setup?.discountNames ?? {});
  if (known.length > 0) result.setup = await ensureDiscountItems(client, result.setup, known, result.report);
  await saveSetup(deps.database.db, connection.id, result.setup, result.report);
  return result;
}

/** Makes sure an item exists for each POS discount name; returns the setup with their ids. */
export async function ensureDiscountItems(client: QboClient, setup: StoredSetup, posNames: readonly string[], report: InitializeReport): Promise<StoredSetup> {
  const missing = [...new Set(posNames.map(qboName))].filter((n) => !Object.hasOwn(setup.discountItems, discountItemKey(n)));
  if (missing.length === 0) return setup;
  const ctx: Ctx = { client, nonce: randomUUID(), records: report.records, notes: report.notes };
  const itemList = await client.queryAll<ActiveRecord>('Item', 'Active IN (true, false)');
  const ids: [string, string][] = Object.entries(setup.discountItems);
  const names: [string, string][] = Object.entries(setup.discountNames ?? {});
  for (const name of missing) {
    ids.push([discountItemKey(name), await serviceItem(ctx, itemList, `Discount: ${name}`, name, setup.accounts.discounts)]);
    names.push([discountItemKey(name), name]);
  }
  // Object.fromEntries: a discount may be called "__proto__" (mapping/setup-ids.ts).
  return { ...setup, discountItems: Object.fromEntries(ids), discountNames: Object.fromEntries(names) };
}

function serviceItem(ctx: Ctx, list: ActiveRecord[], record: string, name: string, incomeAccount: string): Promise<string> {
  return findOrCreate(ctx, list, {
    record, entity: 'Item', name,
    fits: (i) => i.Type === 'Service' && refValue(i.IncomeAccountRef) === incomeAccount,
    create: (n) => ({ Name: n, Type: 'Service', IncomeAccountRef: { value: incomeAccount } }),
  });
}

interface FindSpec {
  record: string;
  entity: InitializeRecord['entity'];
  name: string;
  /** Whether a record holding the name is the one we want (else the suffixed name is used). */
  fits: (r: ActiveRecord) => boolean;
  create: (name: string) => Record<string, unknown>;
}

async function findOrCreate(ctx: Ctx, list: ActiveRecord[], spec: FindSpec): Promise<string> {
  for (const name of [spec.name, `${spec.name}${NAME_SUFFIX}`]) {
    const holder = list.find((r) => sameName(r.Name, name));
    if (holder && !spec.fits(holder)) {
      if (name === spec.name) ctx.notes.push(`"${spec.name}" is already a ${spec.entity.toLowerCase()} of another kind in QuickBooks; tillbooks uses "${spec.name}${NAME_SUFFIX}" instead.`);
      continue;
    }
    if (holder) return use(ctx, spec, holder);
    const created = await createOrAdopt(ctx, list, spec, name);
    if (created === 'taken') continue;
    if (created.adopted) return use(ctx, spec, created.record);
    list.push(created.record);
    ctx.records.push({ record: spec.record, entity: spec.entity, name, id: created.record.Id, action: 'created' });
    return created.record.Id;
  }
  throw new Error(`"${spec.name}" and "${spec.name}${NAME_SUFFIX}" are both taken in QuickBooks by records of another kind: rename one of them`);
}

/**
 * Creates the record; if QuickBooks answers 6240 (the name is taken), someone created it since
 * the list was read (another run of the company, a person): the record holding the name is read
 * and adopted when it fits, instead of failing every ticket (quickbooks-facts §10).
 */
async function createOrAdopt(ctx: Ctx, list: ActiveRecord[], spec: FindSpec, name: string): Promise<{ record: ActiveRecord; adopted: boolean } | 'taken'> {
  try {
    return { record: await ctx.client.create<ActiveRecord>(spec.entity, spec.create(name), { key: `init:${ctx.nonce}:${spec.entity}:${name}` }), adopted: false };
  } catch (err) {
    if (!(isQboError(err) && err.qboCode === '6240') || spec.entity === 'Customer') throw err;
    const fresh = await ctx.client.queryAll<ActiveRecord>(spec.entity, 'Active IN (true, false)');
    const holder = fresh.find((r) => sameName(r.Name, name));
    if (!holder) throw err;
    list.push(holder);
    return spec.fits(holder) ? { record: holder, adopted: true } : 'taken';
  }
}

async function use(ctx: Ctx, spec: FindSpec, holder: ActiveRecord): Promise<string> {
  const name = String(holder.Name ?? holder.DisplayName ?? spec.name);
  if (holder.Active === false) {
    await ctx.client.sparseUpdate(spec.entity, { Id: holder.Id, SyncToken: holder.SyncToken, Active: true }, { key: `init:${ctx.nonce}:reactivate:${spec.entity}:${holder.Id}` });
    holder.Active = true;
    ctx.records.push({ record: spec.record, entity: spec.entity, name, id: holder.Id, action: 'reactivated', note: 'it was inactive' });
  } else {
    ctx.records.push({ record: spec.record, entity: spec.entity, name, id: holder.Id, action: 'found' });
  }
  return holder.Id;
}

async function findUndeposited(ctx: Ctx, accounts: ActiveRecord[]): Promise<string> {
  // Every company has it: found by its subtype, whatever it is called.
  const candidates = accounts.filter((a) => a.AccountSubType === UNDEPOSITED_FUNDS.subtype);
  const holder = candidates.find((a) => a.Active !== false) ?? candidates[0];
  const spec: FindSpec = { record: UNDEPOSITED_FUNDS.name, entity: 'Account', name: UNDEPOSITED_FUNDS.name, fits: (a) => a.AccountSubType === UNDEPOSITED_FUNDS.subtype,
    create: (name) => ({ Name: name, AccountType: UNDEPOSITED_FUNDS.type, AccountSubType: UNDEPOSITED_FUNDS.subtype }) };
  return holder ? use(ctx, spec, holder) : findOrCreate(ctx, accounts, spec);
}

async function findOrCreateCustomer(ctx: Ctx): Promise<string> {
  for (const name of [GUEST_CUSTOMER, `${GUEST_CUSTOMER}${NAME_SUFFIX}`]) {
    const rows = rowsOf<ActiveRecord>(await ctx.client.query(
      `SELECT * FROM Customer WHERE DisplayName = '${name.replace(/'/g, "\\'")}' AND Active IN (true, false)`), 'Customer');
    const spec: FindSpec = { record: GUEST_CUSTOMER, entity: 'Customer', name, fits: () => true, create: (n) => ({ DisplayName: n }) };
    if (rows[0]) return use(ctx, spec, rows[0]);
    try {
      const created = await ctx.client.create<ActiveRecord>('Customer', { DisplayName: name }, { key: `init:${ctx.nonce}:Customer:${name}` });
      ctx.records.push({ record: GUEST_CUSTOMER, entity: 'Customer', name, id: created.Id, action: 'created' });
      return created.Id;
    } catch (err) {
      // 6240: a vendor or employee holds the name (Customer, Vendor and Employee share one).
      if (!(isQboError(err) && err.qboCode === '6240') || name !== GUEST_CUSTOMER) throw err;
      ctx.notes.push(`"${GUEST_CUSTOMER}" is already the name of a vendor or employee in QuickBooks; tillbooks uses "${GUEST_CUSTOMER}${NAME_SUFFIX}" instead.`);
    }
  }
  throw new Error('unreachable');
}

function section(prefs: QboEntity, name: string): Record<string, unknown> {
  const s = prefs[name];
  return s && typeof s === 'object' ? (s as Record<string, unknown>) : {};
}
