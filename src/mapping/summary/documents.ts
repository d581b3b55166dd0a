/**
 * A summary day's documents from its sums (summary-mode §2-3): the zero-total SalesReceipt,
 * the COGS JournalEntry and the drawer JournalEntry. Amounts are checked in integers first;
 * JSON numbers are made last (qbo-number.ts).
 */
import { formatQuantity } from '../../domain/money.js';
import type { Cents } from '../../domain/money.js';
import type { DraftLine } from '../lines.js';
import { toQboAmount } from '../qbo-number.js';
import { toSalesLine } from '../sales-line.js';
import { cutTo } from '../text.js';
import type { DaySum, DaySums } from './groups.js';
import type { SummaryResolver } from './resolve.js';
import type { DrawerOperation } from './types.js';
import type { JournalEntryBody, JournalEntryLine, SalesReceiptBody } from './wire-types.js';

const ONE = 1000;
const DESCRIPTION_MAX = 4000;

export interface DocumentHead {
  TxnDate: string;
  DocNumber: string;
  PrivateNote: string;
}

/** The item each sum's line names, asked for in line order. */
export function itemFor(sum: DaySum, ids: SummaryResolver): string {
  switch (sum.group) {
    case 'sales':
    case 'returns': return ids.categoryItem(sum.lineKind ?? 'product', sum.posName ?? '');
    case 'discounts': return ids.discountItem(sum.posName ?? sum.name);
    case 'giftCardSales': return ids.giftCardItem();
    case 'taxes': return ids.taxItem(sum.posName ?? sum.name);
    case 'tips':
    case 'rewardPoints':
    case 'customerBalance': return ids.specialItem(sum.group);
    case 'tenders': return ids.pmtItem(sum.tender ?? { method: 'other' });
  }
}

/** Qty 1 at the signed sum: Qty × UnitPrice is the amount exactly, whatever it is. */
export function salesReceiptFor(head: DocumentHead, sums: readonly DaySum[], itemIds: readonly string[], ids: SummaryResolver,
  automatedSalesTax: boolean): SalesReceiptBody {
  const classRef = ids.classRef();
  const departmentRef = ids.departmentRef();
  const lineClass = classRef?.placement === 'line' ? classRef.id : undefined;
  const lines = sums.map((s, i): DraftLine => ({
    itemId: itemIds[i] ?? '', description: `${s.name} — ${s.count}`, qty: ONE, unitPrice: s.cents, amount: s.cents, flips: 'price', field: `${s.group}.${s.key}`,
  }));
  return {
    CustomerRef: { value: ids.posCustomer() },
    ...head,
    DepositToAccountRef: { value: ids.undepositedFunds() },
    Line: lines.map((l) => toSalesLine(l, lineClass)),
    // With US automated sales tax QuickBooks would compute tax of its own; an explicit 0 stops it.
    ...(automatedSalesTax ? { TxnTaxDetail: { TotalTax: toQboAmount(0) } } : {}),
    ...(classRef?.placement === 'txn' ? { ClassRef: { value: classRef.id } } : {}),
    ...(departmentRef ? { DepartmentRef: { value: departmentRef } } : {}),
  };
}

interface Posting { debit: string; credit: string; cents: Cents; description: string }

function journal(head: DocumentHead, postings: readonly Posting[], ids: SummaryResolver): JournalEntryBody {
  // A journal entry has no class of its own: the store's Class goes on every line.
  const classId = ids.classRef()?.id;
  const departmentRef = ids.departmentRef();
  const line = (side: 'Debit' | 'Credit', account: string, p: Posting): JournalEntryLine => ({
    DetailType: 'JournalEntryLineDetail', Amount: toQboAmount(p.cents), Description: cutTo(p.description, DESCRIPTION_MAX),
    JournalEntryLineDetail: { PostingType: side, AccountRef: { value: account }, ...(classId && { ClassRef: { value: classId } }) },
  });
  return {
    ...head,
    Line: postings.flatMap((p) => [line('Debit', p.debit, p), line('Credit', p.credit, p)]),
    ...(departmentRef ? { DepartmentRef: { value: departmentRef } } : {}),
  };
}

/**
 * Cost of goods sold: debit Cost of Goods Sold, credit Inventory Asset; a day whose returns
 * cost more than its sales reverses both. Nothing when no line carries unitCost or it nets to 0.
 */
export function cogsEntryFor(head: DocumentHead, day: DaySums, ids: SummaryResolver): JournalEntryBody | null {
  if (!day.hasUnitCost || day.cogsCents === 0) return null;
  const cogs = ids.account('cogs');
  const inventory = ids.account('inventoryAsset');
  const { sold, returned } = day.costedUnits;
  const description = `Cost of goods sold — ${formatQuantity(sold)} sold, ${formatQuantity(returned)} returned`;
  const posting = day.cogsCents > 0 ? { debit: cogs, credit: inventory, cents: day.cogsCents, description }
    : { debit: inventory, credit: cogs, cents: -day.cogsCents, description };
  return journal(head, [posting], ids);
}

/**
 * Paid out: debit the operation's expense account (mapped by its category, else "Cash
 * over/short and paid outs"), credit the account the cash tender posts to; paid in the
 * reverse. One pair of lines per operation, its reason in both descriptions. Drops post nothing.
 */
export function drawerEntryFor(head: DocumentHead, operations: readonly DrawerOperation[], ids: SummaryResolver): JournalEntryBody | null {
  const posted = operations.filter((o) => o.kind !== 'drop');
  if (posted.length === 0) return null;
  const cash = ids.cashAccount();
  const postings = posted.map((o): Posting => {
    const other = ids.drawerAccount(o.category);
    const what = o.kind === 'paid_out' ? 'Paid out' : 'Paid in';
    const description = `${what}: ${o.reason}${o.category ? ` (${o.category})` : ''}`;
    return o.kind === 'paid_out' ? { debit: other, credit: cash, cents: o.amountCents, description }
      : { debit: cash, credit: other, cents: o.amountCents, description };
  });
  return journal(head, postings, ids);
}
