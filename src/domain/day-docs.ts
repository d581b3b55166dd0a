/**
 * What QuickBooks holds for one summary day, as the sync knows it (summary_days.docs). Facts,
 * not intentions, as for tickets (ticket-docs.ts): a document is listed once QuickBooks answered
 * that it exists, retired once deleted (or found gone). `planned` records, before each batch is
 * sent, which revision and content each write carries, so an uncertain write settled by a
 * look-up knows what the document it finds holds.
 */
import { z } from 'zod';

export const DAY_DOC_KINDS = ['salesReceipt', 'cogs', 'drawer'] as const;
export type DayDocKind = (typeof DAY_DOC_KINDS)[number];

/** What people call each document of a day (messages, pages). */
export const DAY_DOC_WORDS: Record<DayDocKind, string> = {
  salesReceipt: 'sales summary (SalesReceipt)', cogs: 'cost of goods entry (JournalEntry)', drawer: 'drawer entry (JournalEntry)',
};

export const DAY_DOC_ENTITY: Record<DayDocKind, 'SalesReceipt' | 'JournalEntry'> = {
  salesReceipt: 'SalesReceipt', cogs: 'JournalEntry', drawer: 'JournalEntry',
};

export interface DayDocRef {
  id: string;
  syncToken: string;
  /** The day's revision whose content it holds (its PrivateNote ends with r<revision>). */
  revision: number;
  docNumber: string;
  /** A fingerprint of what was sent (lines and refs, not the note's revision); null when adopted from a look-up without a plan. */
  hash: string | null;
}

export interface RetiredDayDoc {
  kind: DayDocKind;
  id: string;
  revision: number;
  action: 'deleted' | 'voided' | 'missing';
  at: string;
}

export interface DayDocs {
  salesReceipt: DayDocRef | null;
  cogs: DayDocRef | null;
  drawer: DayDocRef | null;
  retired: RetiredDayDoc[];
  /** Per kind, the write last sent: its revision and content fingerprint. */
  planned: Partial<Record<DayDocKind, { revision: number; hash: string }>>;
}

export function emptyDayDocs(): DayDocs {
  return { salesReceipt: null, cogs: null, drawer: null, retired: [], planned: {} };
}

const ref = z.object({ id: z.string(), syncToken: z.string(), revision: z.number().int(), docNumber: z.string(), hash: z.string().nullable() });
const kind = z.enum(DAY_DOC_KINDS);
const schema = z.object({
  salesReceipt: ref.nullable(), cogs: ref.nullable(), drawer: ref.nullable(),
  retired: z.array(z.object({ kind, id: z.string(), revision: z.number().int(), action: z.enum(['deleted', 'voided', 'missing']), at: z.string() })),
  planned: z.partialRecord(kind, z.object({ revision: z.number().int(), hash: z.string() })),
});

/** The facts as stored; a column nothing was written to yet is no documents. Throws on a broken column (a bug). */
export function readDayDocs(json: unknown): DayDocs {
  if (json === null || json === undefined) return emptyDayDocs();
  return schema.parse(typeof json === 'string' ? JSON.parse(json) : json) as DayDocs;
}

/** The live documents of a day, by kind. */
export function liveDayDocs(docs: DayDocs): { kind: DayDocKind; ref: DayDocRef }[] {
  return DAY_DOC_KINDS.flatMap((k) => (docs[k] ? [{ kind: k, ref: docs[k]! }] : []));
}

export function retireDayDoc(docs: DayDocs, kind: DayDocKind, action: RetiredDayDoc['action'], at: Date): void {
  const live = docs[kind];
  if (!live) return;
  docs.retired.push({ kind, id: live.id, revision: live.revision, action, at: at.toISOString() });
  docs[kind] = null;
}
