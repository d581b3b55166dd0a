/**
 * Summary set-up (summary-mode §6): the records a summary day's documents refer to, found by
 * name first, created if missing, made active again if inactive, another name on a clash,
 * ids stored with the set-up. Called on demand with a day's needs (mapping/summary says what
 * they are), so a category or tender first seen on a later day is set up by that day's run;
 * Initialize finds again what was set up before (initialize.ts).
 */
import type { SetupNeed, SummaryAccountKey, SummaryNeed, SummarySetupIds } from '../../mapping/index.js';
import type { QboClient } from '../../qbo/index.js';
import { findOrCreate, makeFindContext } from './find-or-create.js';
import type { FindContext, FindSpec } from './find-or-create.js';
import { ensureNeeds, isMet as isNeedMet, needKey } from './needs.js';
import { findOrCreateCustomer } from './customer.js';
import { cutName, refValue } from './setup-records.js';
import type { InitializeReport, StoredSetup } from './stored-setup.js';
import {
  POS_CUSTOMER, SUMMARY_ACCOUNTS, SUMMARY_ACCOUNT_NAMES, SUMMARY_TIPS_ITEM, clearingAccountName, pmtItemName,
} from './summary-records.js';

/** What a summary location needs whatever its tickets: Initialize sets these up for it. */
export const SUMMARY_BASE_NEEDS: readonly SummaryNeed[] = [
  { kind: 'pos-customer' },
  { kind: 'summary-account', key: 'giftCardLiability' },
  { kind: 'summary-account', key: 'salesTaxCollected' },
  { kind: 'summary-account', key: 'tipsPayable' },
  { kind: 'summary-account', key: 'cashOverShort' },
  { kind: 'tips-item' },
];

type OwnNeed = Exclude<SummaryNeed, SetupNeed>;
const isLineByLine = (n: SummaryNeed): n is SetupNeed => n.kind === 'discount-item' || n.kind === 'label-method' || n.kind === 'mapped-item';

export function summaryNeedKey(need: SummaryNeed): string {
  switch (need.kind) {
    case 'pos-customer': return 'customer';
    case 'summary-account': return `account:${need.key}`;
    case 'clearing-account': return `clearing:${need.methodKey}`;
    case 'category-item': return `category:${need.key}`;
    case 'pmt-item': return `pmt:${need.key}`;
    case 'tax-item': return `tax:${need.key}`;
    case 'tips-item': return 'tips';
    default: return needKey(need);
  }
}

const has = (record: Record<string, string> | undefined, key: string) => !!record && Object.hasOwn(record, key);

function isMet(s: SummarySetupIds, need: OwnNeed): boolean {
  switch (need.kind) {
    case 'pos-customer': return !!s.posCustomer;
    case 'summary-account': return !!s.accounts?.[need.key];
    case 'clearing-account': return has(s.clearingAccounts, need.methodKey);
    case 'category-item': return has(s.categoryItems, need.key);
    case 'pmt-item': return has(s.pmtItems, need.key);
    case 'tax-item': return has(s.taxItems, need.key);
    case 'tips-item': return !!s.tipsItem;
  }
}

/** The needs the stored set-up does not meet yet (the line-by-line ones through needs.ts's rules). */
export function unmetSummaryNeeds(setup: StoredSetup, needs: readonly SummaryNeed[]): SummaryNeed[] {
  const s = setup.summary ?? {};
  return needs.filter((n) => (isLineByLine(n) ? !isNeedMet(setup, n) : !isMet(s, n)));
}

// Accounts first: the items name them.
const PHASE: Record<OwnNeed['kind'], number> = {
  'pos-customer': 0, 'summary-account': 0, 'clearing-account': 1, 'category-item': 2, 'tax-item': 2, 'tips-item': 2, 'pmt-item': 2,
};

/**
 * Finds or creates what `needs` name and is not set up yet; returns the set-up with their ids,
 * the needs remembered (Initialize finds them again). Accounts before the items on them.
 */
export async function ensureSummarySetup(client: QboClient, setup: StoredSetup, needs: readonly SummaryNeed[],
  report: InitializeReport): Promise<StoredSetup> {
  const unmet = unmetSummaryNeeds(setup, needs);
  if (unmet.length === 0) return setup;
  // One pass: the Account and Item lists are metered reads, read once for all of it.
  const ctx = makeFindContext(client, report);
  const lineByLine = unmet.filter(isLineByLine);
  let out = lineByLine.length > 0 ? await ensureNeeds(client, setup, lineByLine, report, ctx) : setup;
  const own = unmet.filter((n): n is OwnNeed => !isLineByLine(n)).sort((a, b) => PHASE[a.kind] - PHASE[b.kind]);
  if (own.length === 0) return out;
  const ids = copyIds(out.summary);
  for (const need of own) await meet(ctx, out, ids, need);
  const known = new Map((out.summaryNeeds ?? []).map((n) => [summaryNeedKey(n), n]));
  for (const n of own) known.set(summaryNeedKey(n), n);
  out = { ...out, summary: freeze(ids), summaryNeeds: [...known.values()] };
  return out;
}

interface MutableIds {
  posCustomer?: string;
  accounts: Map<SummaryAccountKey, string>;
  clearingAccounts: Map<string, string>;
  categoryItems: Map<string, string>;
  pmtItems: Map<string, string>;
  taxItems: Map<string, string>;
  tipsItem?: string;
}

// Maps, never objects: a POS name may be "__proto__" (mapping/setup-ids.ts).
function copyIds(s: SummarySetupIds | undefined): MutableIds {
  const m = (r: Record<string, string> | undefined) => new Map(Object.entries(r ?? {}));
  return {
    ...(s?.posCustomer && { posCustomer: s.posCustomer }), ...(s?.tipsItem && { tipsItem: s.tipsItem }),
    accounts: new Map(Object.entries(s?.accounts ?? {}) as [SummaryAccountKey, string][]),
    clearingAccounts: m(s?.clearingAccounts), categoryItems: m(s?.categoryItems), pmtItems: m(s?.pmtItems), taxItems: m(s?.taxItems),
  };
}

function freeze(ids: MutableIds): SummarySetupIds {
  return {
    ...(ids.posCustomer && { posCustomer: ids.posCustomer }), ...(ids.tipsItem && { tipsItem: ids.tipsItem }),
    accounts: Object.fromEntries(ids.accounts), clearingAccounts: Object.fromEntries(ids.clearingAccounts),
    categoryItems: Object.fromEntries(ids.categoryItems), pmtItems: Object.fromEntries(ids.pmtItems), taxItems: Object.fromEntries(ids.taxItems),
  };
}

async function meet(ctx: FindContext, setup: StoredSetup, ids: MutableIds, need: OwnNeed): Promise<void> {
  switch (need.kind) {
    case 'pos-customer': ids.posCustomer = await findOrCreateCustomer(ctx, POS_CUSTOMER); return;
    case 'summary-account': ids.accounts.set(need.key, await summaryAccount(ctx, setup, need.key)); return;
    case 'clearing-account': {
      const name = clearingAccountName(need.methodKey, need.title);
      ids.clearingAccounts.set(need.methodKey, await findOrCreate(ctx, accountSpec(`Clearing account: ${need.title}`, name, 'Other Current Asset', 'OtherCurrentAssets')));
      return;
    }
    case 'category-item': {
      const accountId = need.lineKind === 'product' ? setup.accounts.productIncome : setup.accounts.serviceIncome;
      const spec = itemOnAccount(`Category: ${need.category}`, need.category, await account(ctx, accountId), 'NonInventory');
      ids.categoryItems.set(need.key, await findOrCreate(ctx, spec));
      return;
    }
    case 'tax-item': {
      const on = await account(ctx, await ensured(ctx, setup, ids, 'salesTaxCollected'));
      ids.taxItems.set(need.key, await findOrCreate(ctx, itemOnAccount(`Tax: ${need.name}`, need.name, on, 'Service')));
      return;
    }
    case 'tips-item': {
      const on = await account(ctx, await ensured(ctx, setup, ids, 'tipsPayable'));
      ids.tipsItem = await findOrCreate(ctx, itemOnAccount('Tips (summary)', SUMMARY_TIPS_ITEM, on, 'Service'));
      return;
    }
    case 'pmt-item': ids.pmtItems.set(need.key, await pmtItem(ctx, setup, ids, need)); return;
  }
}

async function pmtItem(ctx: FindContext, setup: StoredSetup, ids: MutableIds, need: Extract<OwnNeed, { kind: 'pmt-item' }>): Promise<string> {
  let accountId: string;
  if (need.account.kind === 'mapped') accountId = need.account.account.id;
  else if (need.account.kind === 'giftCardLiability') accountId = await ensured(ctx, setup, ids, 'giftCardLiability');
  else {
    accountId = ids.clearingAccounts.get(need.methodKey) ?? '';
    if (!accountId) {
      await meet(ctx, setup, ids, { kind: 'clearing-account', methodKey: need.methodKey, title: need.title });
      accountId = ids.clearingAccounts.get(need.methodKey) ?? '';
    }
  }
  return findOrCreate(ctx, itemOnAccount(`PMT: ${need.title}`, pmtItemName(need.methodKey, need.title), await account(ctx, accountId), 'Service'));
}

/** A summary account's id, set up first when the day has not named it itself. */
async function ensured(ctx: FindContext, setup: StoredSetup, ids: MutableIds, key: SummaryAccountKey): Promise<string> {
  let id = ids.accounts.get(key);
  if (!id) ids.accounts.set(key, (id = await summaryAccount(ctx, setup, key)));
  return id;
}

/** Line-by-line's COGS (always there) and Gift Card Liability / Inventory Asset where Initialize made them; the rest found or created. */
async function summaryAccount(ctx: FindContext, setup: StoredSetup, key: SummaryAccountKey): Promise<string> {
  const known = key === 'cogs' ? setup.accounts.cogs : key === 'giftCardLiability' || key === 'inventoryAsset' ? setup.accounts[key] : undefined;
  if (known) return known;
  const spec = SUMMARY_ACCOUNTS[key as Exclude<SummaryAccountKey, 'cogs'>];
  return findOrCreate(ctx, accountSpec(SUMMARY_ACCOUNT_NAMES[key], spec.name, spec.type, spec.subtype));
}

function accountSpec(record: string, name: string, type: string, subtype: string): FindSpec {
  return {
    record, entity: 'Account', names: [name], sameKind: (a) => a.AccountType === type,
    create: (n) => ({ Name: n, AccountType: type, AccountSubType: subtype }),
  };
}

async function account(ctx: FindContext, id: string): Promise<{ id: string; name: string }> {
  const found = (await ctx.list('Account')).find((a) => a.Id === id);
  return { id, name: String(found?.Name ?? id) };
}

/**
 * An item named `name` that sells to `on`: an item of the name on another account is someone
 * else's (the line-by-line "Tips" sells to Services), so the account's name is added, then " (POS)".
 */
function itemOnAccount(record: string, name: string, on: { id: string; name: string }, type: 'Service' | 'NonInventory'): FindSpec {
  return {
    record, entity: 'Item', names: [name, cutName(`${name} - ${on.name}`, 100)],
    sameKind: (i) => (i.Type === 'Service' || i.Type === 'NonInventory') && refValue(i.IncomeAccountRef) === on.id,
    create: (n) => ({ Name: n, Type: type, IncomeAccountRef: { value: on.id } }),
  };
}
