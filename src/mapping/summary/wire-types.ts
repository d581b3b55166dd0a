/**
 * The QuickBooks JSON of a summary day (only the fields sent): the daily SalesReceipt and the
 * JournalEntries. Defined beside wire-types.ts so the mapping stays pure and standalone.
 */
import type { Ref, SalesItemLine, TxnTaxDetail } from '../wire-types.js';

export interface SalesReceiptBody {
  CustomerRef: Ref;
  /** YYYY-MM-DD, the business date. */
  TxnDate: string;
  DocNumber: string;
  PrivateNote: string;
  /** Undeposited Funds: the receipt totals 0, the money moves through the tender lines. */
  DepositToAccountRef: Ref;
  Line: SalesItemLine[];
  TxnTaxDetail?: TxnTaxDetail;
  ClassRef?: Ref;
  DepartmentRef?: Ref;
}

export interface JournalEntryLineDetail {
  PostingType: 'Debit' | 'Credit';
  AccountRef: Ref;
  /** Journal entries carry a class per line only. */
  ClassRef?: Ref;
}

export interface JournalEntryLine {
  DetailType: 'JournalEntryLineDetail';
  /** ≥ 0: the side is PostingType. */
  Amount: number;
  Description: string;
  JournalEntryLineDetail: JournalEntryLineDetail;
}

export interface JournalEntryBody {
  TxnDate: string;
  DocNumber: string;
  PrivateNote: string;
  Line: JournalEntryLine[];
  DepartmentRef?: Ref;
}
