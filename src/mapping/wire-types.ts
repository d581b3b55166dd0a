/**
 * The QuickBooks Online JSON this mapping produces (quickbooks-facts §11), only the fields
 * we send. Defined here, not imported from src/qbo/: the mapping stays pure and standalone.
 * Amounts, Qty and UnitPrice are JSON numbers made by qbo-number.ts, never computed on.
 */

export interface Ref {
  value: string;
}

export interface SalesItemLineDetail {
  ItemRef: Ref;
  Qty: number;
  UnitPrice: number;
  /** Always NON: QuickBooks must not add tax of its own (posting-rules §2). */
  TaxCodeRef: Ref;
  /** The store's Class, where the company tracks classes per line. */
  ClassRef?: Ref;
}

export interface SalesItemLine {
  DetailType: 'SalesItemLineDetail';
  /** Exactly Qty × UnitPrice (QuickBooks refuses anything else, 6070). */
  Amount: number;
  Description: string;
  SalesItemLineDetail: SalesItemLineDetail;
}

/** Sent only for companies with US automated sales tax, to force the tax total to zero. */
export interface TxnTaxDetail {
  TotalTax: number;
}

interface SalesDocument {
  CustomerRef: Ref;
  /** YYYY-MM-DD, the ticket's business date. */
  TxnDate: string;
  DocNumber: string;
  PrivateNote: string;
  Line: SalesItemLine[];
  TxnTaxDetail?: TxnTaxDetail;
  /** The store's Class, where the company tracks one class per transaction. */
  ClassRef?: Ref;
  /** The store's QuickBooks Location, where the company tracks locations. */
  DepartmentRef?: Ref;
}

export type InvoiceBody = SalesDocument;

export interface RefundReceiptBody extends SalesDocument {
  /** The account the refund is paid from; believed required (UNCONFIRMED), always sent. */
  DepositToAccountRef: Ref;
  PaymentMethodRef: Ref;
  PaymentRefNum?: string;
}

export interface LinkedTxn {
  TxnId: string;
  TxnType: 'Invoice';
}

export interface PaymentLine {
  Amount: number;
  LinkedTxn: LinkedTxn[];
}

export interface PaymentBody {
  CustomerRef: Ref;
  TotalAmt: number;
  PaymentMethodRef: Ref;
  DepositToAccountRef: Ref;
  PaymentRefNum?: string;
  TxnDate: string;
  PrivateNote: string;
  Line: PaymentLine[];
}

/** A Payment before its invoice exists: everything but the line that applies it. */
export type PaymentDraft = Omit<PaymentBody, 'Line'>;
