/**
 * What QuickBooks holds for one ticket, as the sync knows it (tickets.qbo_docs). Facts, not
 * intentions: a document is listed once QuickBooks has answered that it exists, and removed
 * once it was voided or deleted. `uncertain` says a write's outcome was lost (a timeout, a
 * crash): the documents must be looked up before anything is created again.
 */
import type { Cents } from '../domain/money.js';

export interface DocRef {
  id: string;
  syncToken: string;
  /** The ticket version whose content the document holds. */
  version: number;
  /** Its total, cents (positive). */
  total: Cents;
}

export interface PaymentRef extends DocRef {
  /** Its PrivateNote: with the version, names which tender group it is. */
  note: string;
  methodRef: string;
}

export interface RetiredDoc {
  entity: 'Invoice' | 'Payment' | 'RefundReceipt';
  id: string;
  version: number;
  action: 'voided' | 'deleted' | 'missing';
  at: string;
}

export interface TicketDocs {
  docNumber: string | null;
  invoice: DocRef | null;
  refundReceipt: DocRef | null;
  payments: PaymentRef[];
  retired: RetiredDoc[];
  uncertain: boolean;
}

export function emptyDocs(): TicketDocs {
  return { docNumber: null, invoice: null, refundReceipt: null, payments: [], retired: [], uncertain: false };
}

/** Reads the stored JSON defensively: a row written by an older build must still load. */
export function readDocs(value: unknown): TicketDocs {
  if (!value || typeof value !== 'object') return emptyDocs();
  const v = value as Partial<TicketDocs>;
  return {
    docNumber: typeof v.docNumber === 'string' ? v.docNumber : null,
    invoice: v.invoice ?? null,
    refundReceipt: v.refundReceipt ?? null,
    payments: Array.isArray(v.payments) ? v.payments : [],
    retired: Array.isArray(v.retired) ? v.retired : [],
    uncertain: v.uncertain === true,
  };
}

export function hasLiveDocs(d: TicketDocs): boolean {
  return d.invoice !== null || d.refundReceipt !== null || d.payments.length > 0;
}

export function retire(d: TicketDocs, entity: RetiredDoc['entity'], ref: DocRef, action: RetiredDoc['action'], at: Date): void {
  d.retired.push({ entity, id: ref.id, version: ref.version, action, at: at.toISOString() });
}
