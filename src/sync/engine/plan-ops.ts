/**
 * What to do next for one ticket, from what QuickBooks holds (facts) and what it should hold
 * (the mapped documents of the current version). Pure. Called again after every step, so a
 * run that stopped anywhere picks up exactly where the facts say it is. Order matters
 * (posting-rules §2): payments are voided before their invoice is changed or voided
 * (QuickBooks refuses to void an invoice with payments, or to lower it below what is paid),
 * and payments are created once their invoice holds the current version.
 */
import type { TicketDocuments } from '../../mapping/index.js';
import type { InvoiceBody, PaymentDraft, RefundReceiptBody } from '../../mapping/index.js';
import type { DocRef, PaymentRef, TicketDocs } from '../../domain/ticket-docs.js';
import { bodyHash } from './body-hash.js';

export interface Target {
  version: number;
  /** 'none' for a voided ticket. */
  documents: TicketDocuments;
  /** The revision of the accountant's mapping the documents were mapped under (stamped on them). */
  mappingRevision: number;
}

export type Op =
  | { kind: 'void-payment'; payment: PaymentRef }
  | { kind: 'delete-refund'; ref: DocRef }
  | { kind: 'void-invoice'; ref: DocRef }
  | { kind: 'update-invoice'; ref: DocRef; body: InvoiceBody; total: number }
  | { kind: 'update-refund'; ref: DocRef; body: RefundReceiptBody; total: number }
  | { kind: 'create-invoice'; body: InvoiceBody; total: number }
  | { kind: 'create-refund'; body: RefundReceiptBody; total: number }
  | { kind: 'create-payment'; draft: PaymentDraft }
  | { kind: 'update-payment'; payment: PaymentRef; draft: PaymentDraft };

/** The next step's operations (all of one step), or [] when QuickBooks holds the target. */
export function nextOps(target: Target, docs: TicketDocs, totals: { document: number }): Op[] {
  const docsKind = target.documents.kind;
  const wantsInvoice = docsKind === 'sale' || docsKind === 'zero';
  const wantsRefund = docsKind === 'refund';
  const drafts = target.documents.kind === 'sale' ? target.documents.payments : [];
  const notes = new Set(drafts.map((d) => d.PrivateNote));
  const paymentsOk = (p: PaymentRef) => docsKind === 'sale' && p.version === target.version && notes.has(p.note)
    && docs.invoice !== null && docs.invoice.version === target.version;

  // Step 1: undo what no longer belongs.
  const undo: Op[] = [];
  for (const p of docs.payments) if (!paymentsOk(p)) undo.push({ kind: 'void-payment', payment: p });
  if (docs.refundReceipt && !wantsRefund) undo.push({ kind: 'delete-refund', ref: docs.refundReceipt });
  if (undo.length > 0) return undo;

  // Step 2: the invoice or refund receipt.
  if (docs.invoice && !wantsInvoice) return [{ kind: 'void-invoice', ref: docs.invoice }];
  if (target.documents.kind === 'sale' || target.documents.kind === 'zero') {
    const body = target.documents.invoice;
    if (!docs.invoice) return [{ kind: 'create-invoice', body, total: totals.document }];
    if (docs.invoice.version !== target.version || differs(docs.invoice, body)) return [{ kind: 'update-invoice', ref: docs.invoice, body, total: totals.document }];
  }
  if (target.documents.kind === 'refund') {
    const body = target.documents.refundReceipt;
    if (!docs.refundReceipt) return [{ kind: 'create-refund', body, total: totals.document }];
    if (docs.refundReceipt.version !== target.version || differs(docs.refundReceipt, body)) {
      return [{ kind: 'update-refund', ref: docs.refundReceipt, body, total: totals.document }];
    }
  }

  // Step 3: the payments of a sale: created, or rewritten in place where the mapping changed.
  const have = new Map(docs.payments.map((p) => [p.note, p]));
  return drafts.flatMap((draft): Op[] => {
    const payment = have.get(draft.PrivateNote);
    if (!payment) return [{ kind: 'create-payment', draft }];
    return differs(payment, draft) ? [{ kind: 'update-payment', payment, draft }] : [];
  });
}

/** The document holds another mapping of the same version (a document without a fingerprint is taken as current). */
function differs(ref: DocRef, body: unknown): boolean {
  return ref.hash !== undefined && ref.hash !== bodyHash(body);
}
