/**
 * What QuickBooks holds for one ticket, as the sync knows it (tickets.qbo_docs). Facts, not
 * intentions: a document is listed once QuickBooks has answered that it exists, and removed
 * once it was voided or deleted. `uncertain` says a write's outcome was lost (a timeout, a
 * crash): the documents must be looked up before anything is created again.
 */
import { z } from 'zod';
import type { Cents } from './money.js';

export interface DocRef {
  id: string;
  syncToken: string;
  /** The ticket version whose content the document holds. */
  version: number;
  /** Its total, cents (positive). */
  total: Cents;
  /**
   * A fingerprint of what was sent (lines, accounts, class…; not ids or tokens): a document of
   * the same version whose mapped body no longer matches it is rewritten in place. Absent on
   * documents posted before fingerprints were kept.
   */
  hash?: string;
  /** The revision of the accountant's mapping it was posted under (0: the defaults). */
  mappingRevision?: number;
  /**
   * Our writes since `syncToken` was read that QuickBooks answers by moving this document's
   * SyncToken without telling us the new one (a payment created, changed or voided moves its
   * invoice's). Drift detection takes a token up to this many past ours as still ours.
   */
  linkedWrites?: number;
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

const docRef = z.object({
  id: z.string(), syncToken: z.string(), version: z.number().int(), total: z.number().int(),
  hash: z.string().optional(), mappingRevision: z.number().int().optional(), linkedWrites: z.number().int().optional(),
});
const paymentRef = docRef.extend({ note: z.string(), methodRef: z.string() });
const retiredDoc = z.object({
  entity: z.enum(['Invoice', 'Payment', 'RefundReceipt']), id: z.string(), version: z.number().int(),
  action: z.enum(['voided', 'deleted', 'missing']), at: z.string(),
});
const docsSchema = z.object({
  docNumber: z.string().nullable(),
  invoice: docRef.nullable(),
  refundReceipt: docRef.nullable(),
  payments: z.array(paymentRef),
  retired: z.array(retiredDoc),
  uncertain: z.boolean(),
});
// Field by field, for a row another build wrote: what cannot be read is left out.
const lenientSchema = z.object({
  docNumber: docsSchema.shape.docNumber.catch(null),
  invoice: docsSchema.shape.invoice.catch(null),
  refundReceipt: docsSchema.shape.refundReceipt.catch(null),
  payments: docsSchema.shape.payments.catch([]),
  retired: docsSchema.shape.retired.catch([]),
  uncertain: docsSchema.shape.uncertain.catch(true),
});

/**
 * Reads the stored JSON. A row written by another build still loads, but whatever could not be
 * read makes the facts uncertain: the documents are looked up in QuickBooks again before
 * anything is created.
 */
export function readDocs(value: unknown): TicketDocs {
  if (value === null || value === undefined) return emptyDocs();
  const exact = docsSchema.safeParse(value);
  if (exact.success) return exact.data;
  const lenient = lenientSchema.safeParse(value);
  return lenient.success ? { ...lenient.data, uncertain: true } : { ...emptyDocs(), uncertain: true };
}

export function hasLiveDocs(d: TicketDocs): boolean {
  return d.invoice !== null || d.refundReceipt !== null || d.payments.length > 0;
}

export function retire(d: TicketDocs, entity: RetiredDoc['entity'], ref: DocRef, action: RetiredDoc['action'], at: Date): void {
  d.retired.push({ entity, id: ref.id, version: ref.version, action, at: at.toISOString() });
}

/** A write of ours moved `ref`'s SyncToken in QuickBooks without answering the new one. */
export function countLinkedWrite(ref: DocRef | null): void {
  if (ref) ref.linkedWrites = (ref.linkedWrites ?? 0) + 1;
}
