/**
 * What Initialize stores per QuickBooks connection (two JSON columns): the ids the documents
 * refer to, and the report the QuickBooks page shows. Checked when read: a connection whose
 * set-up cannot be read is treated as never initialized, and Initialize runs again (it finds
 * every record by name, so nothing is created twice).
 */
import { z } from 'zod';
import type { SetupIds, SetupNeed, SummaryNeed, SummarySetupIds } from '../../mapping/index.js';
import { PAYMENT_METHODS } from '../../domain/ticket.js';
import type { AccountKey } from './setup-records.js';

/** What Initialize (and the runs after it) store: the mapping's ids, and what runs set up since, to find it again. */
export interface StoredSetup extends SetupIds {
  accounts: Partial<Record<AccountKey, string>> & Record<'productIncome' | 'serviceIncome' | 'cogs' | 'discounts', string>;
  inventoryTracking: boolean;
  /** What runs set up beyond Initialize (discount items, custom tender methods, items for mapped names). */
  needs: SetupNeed[];
  /** Summary mode's ids (summary-setup.ts); absent until a summary day or Initialize for a summary location set them up. */
  summary?: SummarySetupIds;
  /** What summary set-up made, found again by Initialize. */
  summaryNeeds?: SummaryNeed[];
}

export interface InitializeRecord {
  /** What it is for us ("Guest Customer", "Tips", "Discount: Happy hour", "Credit Card"). */
  record: string;
  entity: 'Account' | 'Item' | 'PaymentMethod' | 'Customer';
  /** The name it has in QuickBooks. */
  name: string;
  id: string;
  action: 'found' | 'created' | 'reactivated';
  note?: string;
}

export interface InitializeReport {
  at: string;
  companyName: string | null;
  records: InitializeRecord[];
  /** Things the user should know (no inventory tracking, a name suffixed with " (POS)"). */
  notes: string[];
}

const id = z.string().min(1);
// Read as [name, id] pairs and rebuilt with own keys: a discount may be named "__proto__"
// (mapping/setup-ids.ts), a key zod's record drops, so its item was looked up again every run.
const idsByName = z.preprocess(
  // Anything but a plain object (an array of pairs included) is refused as before.
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : null),
  z.array(z.tuple([z.string(), id])),
).transform((pairs) => Object.fromEntries(pairs));
const ref = z.object({ id: z.string(), name: z.string() });
const need = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('discount-item'), name: z.string() }),
  z.object({ kind: z.literal('label-method'), key: z.string(), label: z.string(), creditCard: z.boolean() }),
  z.object({ kind: z.literal('mapped-item'), key: z.string(), role: z.enum(['category', 'discount', 'tax', 'special']), posName: z.string(), account: ref }),
]);

const tender = z.object({ kind: z.literal('clearing') }).or(z.object({ kind: z.literal('giftCardLiability') }))
  .or(z.object({ kind: z.literal('mapped'), account: ref }));
const summaryNeed = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pos-customer') }),
  z.object({ kind: z.literal('summary-account'), key: z.enum(['giftCardLiability', 'salesTaxCollected', 'tipsPayable', 'cashOverShort', 'cogs', 'inventoryAsset']) }),
  z.object({ kind: z.literal('clearing-account'), methodKey: z.string(), title: z.string() }),
  z.object({ kind: z.literal('category-item'), key: z.string(), category: z.string(), lineKind: z.enum(['product', 'service']) }),
  z.object({ kind: z.literal('pmt-item'), key: z.string(), methodKey: z.string(), title: z.string(), account: tender }),
  z.object({ kind: z.literal('tax-item'), key: z.string(), name: z.string() }),
  z.object({ kind: z.literal('tips-item') }),
]);
// Every part optional: set-ups stored before summary mode read as they did.
const summaryIds = z.object({
  posCustomer: id.optional(),
  accounts: z.partialRecord(z.enum(['giftCardLiability', 'salesTaxCollected', 'tipsPayable', 'cashOverShort', 'cogs', 'inventoryAsset']), id).optional(),
  clearingAccounts: idsByName.optional(), categoryItems: idsByName.optional(), pmtItems: idsByName.optional(), taxItems: idsByName.optional(),
  tipsItem: id.optional(),
});

const storedSetupSchema = z.object({
  guestCustomer: id,
  undepositedFunds: id,
  items: z.object({ product: id, service: id, tips: id, rewardPoints: id, customerBalance: id, tax: id, giftCardSales: id.optional() }),
  discountItems: idsByName,
  labelMethods: idsByName.default({}),
  mappedItems: idsByName.default({}),
  // Written by versions before needs were kept: the discount names (found again as needs).
  discountNames: z.record(z.string(), z.string()).optional(),
  needs: z.array(need).default([]),
  classTracking: z.enum(['off', 'txn', 'line']).default('off'),
  departmentTracking: z.boolean().default(false),
  paymentMethods: z.object(Object.fromEntries(PAYMENT_METHODS.map((m) => [m, id])) as Record<(typeof PAYMENT_METHODS)[number], typeof id>),
  automatedSalesTax: z.boolean(),
  accounts: z.object({ productIncome: id, serviceIncome: id, inventoryAsset: id.optional(), cogs: id, discounts: id, giftCardLiability: id.optional() }),
  inventoryTracking: z.boolean(),
  summary: summaryIds.optional(),
  summaryNeeds: z.array(summaryNeed).optional(),
});

const reportSchema = z.object({
  at: z.string(),
  companyName: z.string().nullable(),
  records: z.array(z.object({
    record: z.string(), entity: z.enum(['Account', 'Item', 'PaymentMethod', 'Customer']), name: z.string(), id: z.string(),
    action: z.enum(['found', 'created', 'reactivated']), note: z.string().optional(),
  })),
  notes: z.array(z.string()),
});

/** The stored set-up and report, or null when there is none (or it cannot be read). */
export function readSetup(c: { setup: unknown; setupReport: unknown }): { setup: StoredSetup; report: InitializeReport } | null {
  const setup = storedSetupSchema.safeParse(c.setup);
  const report = reportSchema.safeParse(c.setupReport);
  if (!setup.success || !report.success) return null;
  const { discountNames, ...rest } = setup.data;
  const needs: SetupNeed[] = [...rest.needs, ...Object.values(discountNames ?? {}).map((name) => ({ kind: 'discount-item' as const, name }))];
  return { setup: { ...rest, needs } as StoredSetup, report: report.data };
}

/** The report alone (the QuickBooks page shows it even when the set-up is incomplete). */
export function readReport(value: unknown): InitializeReport | null {
  const report = reportSchema.safeParse(value);
  return report.success ? report.data : null;
}
