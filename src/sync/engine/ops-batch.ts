/**
 * One planned operation as a QuickBooks batch item (with its idempotency key), and its
 * answer folded back into the ticket's facts. Creates send include=allowduplicatedocnum: the
 * DocNumber is a reader's aid and a search key, never the identity (posting-rules §2).
 */
import { linkPayment } from '../../mapping/index.js';
import { ALLOW_DUPLICATE_DOC_NUMBERS } from '../../qbo/index.js';
import type { BatchOp, QboEntity } from '../../qbo/index.js';
import { writeKey } from './keys.js';
import type { KeyParts } from './keys.js';
import type { Op } from './plan-ops.js';
import { countLinkedWrite, retire } from '../../domain/ticket-docs.js';
import type { TicketDocs } from '../../domain/ticket-docs.js';
import { bodyHash } from './body-hash.js';
import { centsFromWire, stringField } from './wire.js';


export function toBatchOp(op: Op, k: KeyParts, docs: TicketDocs): BatchOp {
  switch (op.kind) {
    case 'void-payment':
      return { operation: 'void', entity: 'Payment', body: { Id: op.payment.id, SyncToken: op.payment.syncToken },
        key: writeKey(k, `void-payment:${op.payment.id}:st${op.payment.syncToken}`) };
    case 'delete-refund':
      return { operation: 'delete', entity: 'RefundReceipt', body: { Id: op.ref.id, SyncToken: op.ref.syncToken },
        key: writeKey(k, `delete-refund:${op.ref.id}:st${op.ref.syncToken}`) };
    case 'void-invoice':
      return { operation: 'void', entity: 'Invoice', body: { Id: op.ref.id, SyncToken: op.ref.syncToken },
        key: writeKey(k, `void-invoice:${op.ref.id}:st${op.ref.syncToken}`) };
    case 'update-invoice':
      return { operation: 'sparseUpdate', entity: 'Invoice', body: { ...op.body, Id: op.ref.id, SyncToken: op.ref.syncToken },
        key: writeKey(k, `update-invoice:${op.ref.id}:st${op.ref.syncToken}`), include: ALLOW_DUPLICATE_DOC_NUMBERS };
    case 'update-refund':
      return { operation: 'sparseUpdate', entity: 'RefundReceipt', body: { ...op.body, Id: op.ref.id, SyncToken: op.ref.syncToken },
        key: writeKey(k, `update-refund:${op.ref.id}:st${op.ref.syncToken}`), include: ALLOW_DUPLICATE_DOC_NUMBERS };
    case 'create-invoice':
      return { operation: 'create', entity: 'Invoice', body: { ...op.body }, key: writeKey(k, 'invoice'), include: ALLOW_DUPLICATE_DOC_NUMBERS };
    case 'create-refund':
      return { operation: 'create', entity: 'RefundReceipt', body: { ...op.body }, key: writeKey(k, 'refund'), include: ALLOW_DUPLICATE_DOC_NUMBERS };
    case 'create-payment': {
      if (!docs.invoice) throw new Error('a payment planned before its invoice exists');
      return { operation: 'create', entity: 'Payment', body: { ...linkPayment(op.draft, docs.invoice.id) },
        key: writeKey(k, `payment:${op.draft.PrivateNote}`) };
    }
    case 'update-payment': {
      // In place: where its money is deposited and under which method; what it pays and applies to stays.
      const { PaymentMethodRef, DepositToAccountRef, PaymentRefNum, PrivateNote } = op.draft;
      return { operation: 'sparseUpdate', entity: 'Payment',
        body: { Id: op.payment.id, SyncToken: op.payment.syncToken, PaymentMethodRef, DepositToAccountRef, PrivateNote,
          ...(PaymentRefNum && { PaymentRefNum }) },
        key: writeKey(k, `update-payment:${op.payment.id}:st${op.payment.syncToken}`) };
    }
  }
}

/** Folds a successful answer into the facts, each document stamped with what it was mapped under. */
export function applySuccess(op: Op, entity: QboEntity, docs: TicketDocs, stamp: { version: number; mappingRevision: number }, at: Date): void {
  const id = () => stringField(entity, 'Id');
  const syncToken = () => stringField(entity, 'SyncToken');
  const { version, mappingRevision } = stamp;
  switch (op.kind) {
    case 'void-payment':
      docs.payments = docs.payments.filter((p) => p.id !== op.payment.id);
      retire(docs, 'Payment', op.payment, 'voided', at);
      countLinkedWrite(docs.invoice);
      return;
    case 'delete-refund':
      docs.refundReceipt = null;
      retire(docs, 'RefundReceipt', op.ref, 'deleted', at);
      return;
    case 'void-invoice':
      docs.invoice = null;
      retire(docs, 'Invoice', op.ref, 'voided', at);
      return;
    case 'update-invoice':
    case 'create-invoice':
      docs.invoice = { id: id(), syncToken: syncToken(), version, total: op.total, hash: bodyHash(op.body), mappingRevision };
      docs.docNumber = op.body.DocNumber;
      return;
    case 'update-refund':
    case 'create-refund':
      docs.refundReceipt = { id: id(), syncToken: syncToken(), version, total: op.total, hash: bodyHash(op.body), mappingRevision };
      docs.docNumber = op.body.DocNumber;
      return;
    case 'create-payment':
      docs.payments.push({ id: id(), syncToken: syncToken(), version, total: centsFromWire(op.draft.TotalAmt),
        note: op.draft.PrivateNote, methodRef: op.draft.PaymentMethodRef.value, hash: bodyHash(op.draft), mappingRevision });
      countLinkedWrite(docs.invoice);
      return;
    case 'update-payment':
      Object.assign(op.payment, { syncToken: syncToken(), methodRef: op.draft.PaymentMethodRef.value, hash: bodyHash(op.draft), mappingRevision });
      countLinkedWrite(docs.invoice);
      return;
  }
}

/** A void or delete of a document that is no longer in QuickBooks: it is gone either way. */
export function applyMissing(op: Op, docs: TicketDocs, at: Date): boolean {
  switch (op.kind) {
    case 'void-payment':
      docs.payments = docs.payments.filter((p) => p.id !== op.payment.id);
      retire(docs, 'Payment', op.payment, 'missing', at);
      return true;
    case 'delete-refund':
      docs.refundReceipt = null;
      retire(docs, 'RefundReceipt', op.ref, 'missing', at);
      return true;
    case 'void-invoice':
      docs.invoice = null;
      retire(docs, 'Invoice', op.ref, 'missing', at);
      return true;
    default:
      return false;
  }
}
