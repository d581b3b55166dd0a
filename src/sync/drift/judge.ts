/**
 * What a change in QuickBooks means for one document we posted, judged from the document as
 * QuickBooks holds it now (a read, or a CDC row) against the facts. Our own writes produce
 * webhooks and CDC rows too: a SyncToken that is still ours is no drift.
 */
import type { DocRef } from '../../domain/ticket-docs.js';
import type { DriftChange } from '../../store/drift-schema.js';
import { isVoidedDocument } from '../../qbo/index.js';
import { centsFromWire } from '../engine/wire.js';

/** A document as read back: absent (never found) or `status: 'Deleted'` (a CDC row) means deleted. */
export interface ReadDoc {
  Id: string;
  SyncToken?: string;
  PrivateNote?: string;
  TotalAmt?: number;
  status?: string;
}

/** What the judge needs of a document's facts: a ticket's DocRef, or a summary day's (no total, no linked writes). */
export type JudgedRef = Pick<DocRef, 'syncToken'> & Partial<Pick<DocRef, 'linkedWrites' | 'total'>>;

export type Verdict =
  | { kind: 'ours'; syncToken: string }
  | { kind: DriftChange; syncToken: string | null };

/**
 * - gone, or a CDC row saying Deleted: deleted;
 * - voided: voided (the facts never keep a voided document live);
 * - the SyncToken the facts hold: ours;
 * - a token past ours by no more than our writes that move it unseen (a payment applied to its
 *   invoice moves the invoice's token: `linkedWrites`), with the total we posted: ours;
 * - anything else: edited by someone else.
 */
export function judgeDoc(ref: JudgedRef, row: ReadDoc | undefined): Verdict {
  if (!row || row.status === 'Deleted') return { kind: 'deleted', syncToken: null };
  const token = row.SyncToken ?? '';
  if (isVoidedDocument(row)) return { kind: 'voided', syncToken: token };
  if (token === ref.syncToken) return { kind: 'ours', syncToken: token };
  const read = Number(token);
  const known = Number(ref.syncToken);
  const within = Number.isInteger(read) && Number.isInteger(known) && read > known && read <= known + (ref.linkedWrites ?? 0);
  const sameTotal = row.TotalAmt === undefined || ref.total === undefined || centsFromWire(row.TotalAmt) === ref.total;
  return within && sameTotal ? { kind: 'ours', syncToken: token } : { kind: 'edited', syncToken: token };
}
