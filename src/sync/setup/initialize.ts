/**
 * Initialize (posting-rules §1): find each record by name (case-insensitively, inactive ones
 * included and made active again), create it only if missing, store the ids. Running it
 * twice changes nothing. What tickets name later (discount items, custom tender methods, items
 * for mapped names) is found or created the same way by the run that meets it (needs.ts);
 * summary mode's records likewise (summary-setup.ts).
 */
import type { SetupIds, SummaryNeed } from '../../mapping/index.js';
import { rowsOf } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { saveSetup } from '../../store/qbo-connections.js';
import type { SyncDeps } from '../deps.js';
import { findOrCreate, makeFindContext, serviceItemSpec, use } from './find-or-create.js';
import type { FindContext } from './find-or-create.js';
import { findOrCreateCustomer } from './customer.js';
import { ensureNeeds } from './needs.js';
import { SUMMARY_BASE_NEEDS, ensureSummarySetup } from './summary-setup.js';
import {
  ACCOUNTS, GIFT_CARD_SALES_ITEM, GUEST_CUSTOMER, PAYMENT_METHOD_SPECS, PRODUCT_ITEM, SERVICE_ITEMS, UNDEPOSITED_FUNDS, refValue,
} from './setup-records.js';
import type { AccountKey } from './setup-records.js';
import type { InitializeReport, StoredSetup } from './stored-setup.js';

export type { StoredSetup } from './stored-setup.js';
export { readSetup } from './stored-setup.js';
export type { ActiveRecord } from './find-or-create.js';

interface Company {
  inventoryTracking: boolean;
  automatedSalesTax: boolean;
  classTracking: NonNullable<SetupIds['classTracking']>;
  departmentTracking: boolean;
  name: string | null;
}

export async function initializeCompany(deps: SyncDeps, client: QboClient): Promise<{ setup: StoredSetup; report: InitializeReport }> {
  const report: InitializeReport = { at: new Date(deps.clock.now()).toISOString(), companyName: null, records: [], notes: [] };
  const ctx = makeFindContext(client, report);
  const company = await readCompany(client);
  report.companyName = company.name;
  const accounts = await setUpAccounts(ctx, company);
  const undepositedFunds = await findUndeposited(ctx);
  const paymentMethods = {} as SetupIds['paymentMethods'];
  for (const m of PAYMENT_METHOD_SPECS) {
    paymentMethods[m.key] = await findOrCreate(ctx, {
      record: m.name, entity: 'PaymentMethod', names: [m.name], sameKind: () => true, create: (name) => ({ Name: name, Type: m.type }),
    });
  }
  const items = await setUpItems(ctx, company, accounts, new Date(deps.clock.now()).toISOString().slice(0, 10));
  const guestCustomer = await findOrCreateCustomer(ctx, GUEST_CUSTOMER);
  notesOn(company, report.notes);
  const setup: StoredSetup = {
    guestCustomer, undepositedFunds, items, discountItems: {}, labelMethods: {}, mappedItems: {}, needs: [], paymentMethods,
    automatedSalesTax: company.automatedSalesTax, accounts, inventoryTracking: company.inventoryTracking,
    classTracking: company.classTracking, departmentTracking: company.departmentTracking,
  };
  return { setup, report };
}

/**
 * Initialize and store the result. What runs set up since (discount items, custom tender
 * methods, items for mapped names, summary days' records) is found again: one may have been
 * made inactive. `summary`: the connection has a location in summary mode, so summary mode's
 * own records (POS Customer, its liability and expense accounts, its Tips item) are set up too;
 * `waiting`, what the days waiting to be posted name (their categories and tenders met).
 */
export interface SummaryInitialize {
  summary?: boolean;
  waiting?: (setup: StoredSetup) => Promise<readonly SummaryNeed[]>;
}

export async function initializeAndStore(deps: SyncDeps, connection: { id: number; setup: StoredSetup | null },
  client: QboClient, opts: SummaryInitialize = {}): Promise<{ setup: StoredSetup; report: InitializeReport }> {
  const result = await initializeCompany(deps, client);
  const known = connection.setup?.needs ?? [];
  if (known.length > 0) result.setup = await ensureNeeds(client, result.setup, known, result.report);
  const waiting = opts.waiting ? await opts.waiting(result.setup) : [];
  const summaryNeeds = [...(opts.summary ? SUMMARY_BASE_NEEDS : []), ...(connection.setup?.summaryNeeds ?? []), ...waiting];
  if (summaryNeeds.length > 0) result.setup = await ensureSummarySetup(client, result.setup, summaryNeeds, result.report);
  await saveSetup(deps.database.db, connection.id, result.setup, result.report);
  return result;
}

async function readCompany(client: QboClient): Promise<Company> {
  const prefs = rowsOf<QboEntity>(await client.query('SELECT * FROM Preferences'), 'Preferences')[0] ?? {};
  const info = rowsOf<QboEntity>(await client.query('SELECT * FROM CompanyInfo'), 'CompanyInfo')[0] ?? null;
  const accounting = section(prefs, 'AccountingInfoPrefs');
  return {
    inventoryTracking: section(prefs, 'ProductAndServicesPrefs').QuantityOnHand === true,
    automatedSalesTax: section(prefs, 'TaxPrefs').PartnerTaxEnabled === true,
    classTracking: accounting.ClassTrackingPerTxnLine === true ? 'line' : accounting.ClassTrackingPerTxn === true ? 'txn' : 'off',
    departmentTracking: accounting.TrackDepartments === true,
    name: typeof info?.CompanyName === 'string' ? info.CompanyName : null,
  };
}

async function setUpAccounts(ctx: FindContext, company: Company): Promise<Record<AccountKey, string>> {
  const accounts = {} as Record<AccountKey, string>;
  for (const spec of ACCOUNTS) {
    if (spec.key === 'inventoryAsset' && !company.inventoryTracking) continue;
    accounts[spec.key] = await findOrCreate(ctx, {
      record: spec.name, entity: 'Account', names: [spec.name],
      sameKind: (a) => a.AccountType === spec.type,
      create: (name) => ({ Name: name, AccountType: spec.type, AccountSubType: spec.subtype }),
    });
  }
  return accounts;
}

async function setUpItems(ctx: FindContext, company: Company, accounts: Record<AccountKey, string>, today: string): Promise<SetupIds['items']> {
  const product = await findOrCreate(ctx, {
    record: PRODUCT_ITEM, entity: 'Item', names: [PRODUCT_ITEM],
    sameKind: (i) => i.Type === 'Inventory' || i.Type === 'NonInventory',
    differs: (i) => (refValue(i.IncomeAccountRef) === accounts.productIncome ? null : 'it posts to another account than Sales of Product Income; tillbooks leaves it so'),
    create: (name) => (company.inventoryTracking
      ? { Name: name, Type: 'Inventory', TrackQtyOnHand: true, QtyOnHand: 0, InvStartDate: today,
        IncomeAccountRef: { value: accounts.productIncome }, AssetAccountRef: { value: accounts.inventoryAsset }, ExpenseAccountRef: { value: accounts.cogs } }
      : { Name: name, Type: 'NonInventory', IncomeAccountRef: { value: accounts.productIncome } }),
  });
  const items = { product } as SetupIds['items'];
  const services = { id: accounts.serviceIncome, name: 'Services' };
  for (const s of SERVICE_ITEMS) items[s.key] = await findOrCreate(ctx, serviceItemSpec(s.name, [s.name], services));
  items.giftCardSales = await findOrCreate(ctx, serviceItemSpec(GIFT_CARD_SALES_ITEM, [GIFT_CARD_SALES_ITEM], { id: accounts.giftCardLiability, name: 'Gift Card Liability' }));
  return items;
}

function notesOn(company: Company, notes: string[]): void {
  if (!company.inventoryTracking) notes.push('This company does not track inventory quantities, so "Product" is a non-inventory item on Sales of Product Income (turn on "Track inventory quantity on hand" in QuickBooks and run Initialize again to use an inventory item).');
  if (company.automatedSalesTax) notes.push('This company uses automated sales tax: tillbooks sets each document\'s tax to zero and posts the POS\'s own taxes as lines, so QuickBooks adds none.');
  if (company.classTracking === 'off') notes.push('Class tracking is off in this company: a Class mapped to a store is not sent (turn it on in QuickBooks: Account and Settings → Advanced → Categories → Track classes).');
  if (!company.departmentTracking) notes.push('Location tracking is off in this company: a QuickBooks Location mapped to a store is not sent (turn it on in QuickBooks: Account and Settings → Advanced → Categories → Track locations).');
}

async function findUndeposited(ctx: FindContext): Promise<string> {
  // Every company has it: found by its subtype, whatever it is called.
  const candidates = (await ctx.list('Account')).filter((a) => a.AccountSubType === UNDEPOSITED_FUNDS.subtype);
  const holder = candidates.find((a) => a.Active !== false) ?? candidates[0];
  if (holder) return use(ctx, { record: UNDEPOSITED_FUNDS.name, entity: 'Account' }, holder);
  return findOrCreate(ctx, {
    record: UNDEPOSITED_FUNDS.name, entity: 'Account', names: [UNDEPOSITED_FUNDS.name], sameKind: (a) => a.AccountSubType === UNDEPOSITED_FUNDS.subtype,
    create: (name) => ({ Name: name, AccountType: UNDEPOSITED_FUNDS.type, AccountSubType: UNDEPOSITED_FUNDS.subtype }),
  });
}

function section(prefs: QboEntity, name: string): Record<string, unknown> {
  const s = prefs[name];
  return s && typeof s === 'object' ? (s as Record<string, unknown>) : {};
}
