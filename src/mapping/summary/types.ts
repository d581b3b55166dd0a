/**
 * Summary mode's public shapes (summary-mode.md §2-3): what a day is made of, the ids summary
 * set-up stores, what a day needs set up, and the documents and POS sums it becomes.
 * Money is integer cents (domain/money.ts); JSON numbers appear only in the wire bodies.
 */
import type { AccountMapping, QboRef } from '../../domain/account-mapping.js';
import type { Cents } from '../../domain/money.js';
import type { Ticket } from '../../domain/ticket.js';
import type { SetupNeed } from '../needs.js';
import type { MappingProblem } from '../problems.js';
import type { SetupIds } from '../setup-ids.js';
import type { JournalEntryBody, SalesReceiptBody } from './wire-types.js';

export type DrawerKind = 'paid_in' | 'paid_out' | 'drop';

/** A drawer operation (summary-mode §3.2), normalised: amount in cents (> 0). */
export interface DrawerOperation {
  id: string;
  kind: DrawerKind;
  amountCents: Cents;
  reason: string;
  category?: string;
}

/** The accounts summary set-up finds or creates (summary-mode §5-6). */
export type SummaryAccountKey =
  | 'giftCardLiability' | 'salesTaxCollected' | 'tipsPayable' | 'cashOverShort' | 'cogs' | 'inventoryAsset';

/**
 * The ids summary set-up stored (beside the line-by-line SetupIds). Keyed records hold own
 * properties only (a POS name may be "__proto__"): build them with Object.fromEntries.
 */
export interface SummarySetupIds {
  posCustomer?: string;
  accounts?: Partial<Record<SummaryAccountKey, string>>;
  /** Clearing account per tender, keyed by methodKey (`cash`, `label:venmo`). */
  clearingAccounts?: Record<string, string>;
  /** NonInventory item per category, keyed by summaryCategoryKey(kind, name). */
  categoryItems?: Record<string, string>;
  /** "PMT - <method>" Service item, keyed by pmtItemKey(methodKey, account). */
  pmtItems?: Record<string, string>;
  /** Service item per tax name on Sales tax collected (POS), keyed by posNameKey(name). */
  taxItems?: Record<string, string>;
  /** "Tips" on Tips payable (the line-by-line "Tips" item sells to Services). */
  tipsItem?: string;
}

/** Line-by-line ids plus summary ones: what a stored set-up holds. */
export type SummarySetup = SetupIds & { summary?: SummarySetupIds };

/** Where a tender's PMT item posts: its clearing account, Gift Card Liability, or a mapped account. */
export type PmtAccount = { kind: 'clearing' } | { kind: 'giftCardLiability' } | { kind: 'mapped'; account: QboRef };

/** A set-up record a day refers to; the line-by-line needs (discount items, mapped items) included. */
export type SummaryNeed =
  | { kind: 'pos-customer' }
  | { kind: 'summary-account'; key: SummaryAccountKey }
  | { kind: 'clearing-account'; methodKey: string; title: string }
  | { kind: 'category-item'; key: string; category: string; lineKind: 'product' | 'service' }
  | { kind: 'pmt-item'; key: string; methodKey: string; title: string; account: PmtAccount }
  | { kind: 'tax-item'; key: string; name: string }
  | { kind: 'tips-item' }
  | SetupNeed;

export interface DaySummaryInput {
  locationId: string;
  /** YYYY-MM-DD. */
  businessDate: string;
  /** 1, 2, … each time the day is rewritten. */
  revision: number;
  /** The day's tickets, latest version each; anything not closed is left out. */
  tickets: readonly Ticket[];
  drawerOperations: readonly DrawerOperation[];
  setup: SummarySetup;
  /** The company's mapping; the location's overrides, Class and Location are applied here. Default: nothing mapped. */
  mapping?: AccountMapping;
}

/** The receipt's groups, in line order (summary-mode §2). */
export const SUMMARY_GROUPS = ['sales', 'returns', 'discounts', 'giftCardSales', 'taxes', 'tips', 'rewardPoints', 'customerBalance', 'tenders'] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];

/**
 * One POS sum, and the receipt line it becomes: `groups[i]` is `salesReceipt.Line[i]`. Zero
 * sums are left out of both.
 */
export interface GroupSum {
  group: SummaryGroup;
  /**
   * Stable within the group: `product|coffee` (sales, returns), the posNameKey of a discount
   * or tax name, the methodKey of a tender (`credit_card`, `label:venmo`), the group's name otherwise.
   */
  key: string;
  /** As people read it: "Coffee", "Staff 10%", "Credit Card", "Venmo". */
  name: string;
  /** Signed as on the receipt (returns, discounts, tenders paid in are negative). */
  cents: Cents;
  /** What the description counts: units sold or returned, discounts given, tickets, payments. */
  count: string;
}

export interface DrawerSums {
  paidIn: Cents;
  paidOut: Cents;
  /** Kept and shown only: a drop posts nothing (summary-mode §3.2). */
  drops: Cents;
  operations: number;
}

export interface DaySummary {
  /** The closed tickets summarised. */
  tickets: number;
  /** Stable per location and date: the look-up keys of the day's documents. */
  docNumbers: { salesReceipt: string; cogs: string; drawer: string };
  privateNotes: { salesReceipt: string; cogs: string; drawer: string };
  /** Null when the day has no ticket. */
  salesReceipt: SalesReceiptBody | null;
  /** Null when no product line carries unitCost, or the day's cost nets to zero. */
  cogs: JournalEntryBody | null;
  /** Null when the day has no paid in or paid out (drops post nothing). */
  drawer: JournalEntryBody | null;
  groups: GroupSum[];
  /** Σ per group (0 for a group without lines), for the Days page. */
  totals: Record<SummaryGroup, Cents>;
  /** Σ quantity × unitCost over product lines carrying one (returns reverse it). */
  cogsCents: Cents;
  drawerSums: DrawerSums;
  /** Every set-up record the documents refer to, met or not (ensureSummarySetup sets up the missing). */
  needs: SummaryNeed[];
  /** Missing ids, sums beyond range, an unbalanced day: post nothing of the day while there is any. */
  problems: MappingProblem[];
}
