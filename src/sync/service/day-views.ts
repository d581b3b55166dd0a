/**
 * What the Days page, the API and `tillbooks days` show of a summary day (summary-rules §6):
 * the POS totals of its tickets as they are now (summariseDay's groups, so an open day shows
 * its running totals and an out-of-date one what the rewrite will post), its state in words,
 * a link to each QuickBooks document, and the reconciliation per group when read back.
 */
import { dayStateWords } from '../../domain/day-outcomes.js';
import type { DayState } from '../../domain/day-outcomes.js';
import { DAY_DOC_ENTITY, liveDayDocs } from '../../domain/day-docs.js';
import type { DayDocKind } from '../../domain/day-docs.js';
import { readSyncError } from '../../domain/sync-error.js';
import { summariseDay } from '../../mapping/summary/index.js';
import type { DaySummary, SummaryGroup, SummarySetup } from '../../mapping/summary/index.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import type { Ticket } from '../../domain/ticket.js';
import type { StoredDay } from '../../store/summary-days.js';
import { reconcileDay } from '../reconcile/summary-days.js';
import type { DayReconciliation, ReadBack } from '../reconcile/summary-days.js';

export type { DayReconciliation, DayReconRow, ReconGroup } from '../reconcile/summary-days.js';

export interface DayDocumentView {
  kind: DayDocKind;
  entity: 'SalesReceipt' | 'JournalEntry';
  id: string;
  docNumber: string;
  revision: number;
  /** Opens the document in QuickBooks Online. */
  url: string;
}

export interface DayView {
  locationId: string;
  date: string;
  state: DayState;
  /** "open", "ready", "posted r2", "out of date", "skipped: …", "changed in QuickBooks". */
  stateWords: string;
  revision: number;
  /** Why it is skipped or waiting, in words (null: nothing to say). */
  reason: string | null;
  hint: string | null;
  tickets: number;
  /** POS sums per receipt group, in cents, signed as on the receipt. */
  totals: Record<SummaryGroup, number>;
  /** Money taken per tender (positive: taken in), in cents. */
  tenders: { name: string; cents: number }[];
  cogsCents: number;
  documents: DayDocumentView[];
  /** Null when not read back (nothing posted, or QuickBooks not asked). */
  reconciliation: DayReconciliation | null;
}

/** QuickBooks Online's own page of a document. */
export function qboDocumentUrl(environment: string, entity: 'SalesReceipt' | 'JournalEntry', id: string): string {
  const host = environment === 'production' ? 'https://qbo.intuit.com' : 'https://app.sandbox.qbo.intuit.com';
  return `${host}/app/${entity === 'SalesReceipt' ? 'salesreceipt' : 'journal'}?txnId=${encodeURIComponent(id)}`;
}

export interface DayViewInput {
  day: StoredDay;
  tickets: readonly Ticket[];
  setup: SummarySetup;
  mapping?: AccountMapping;
  environment: string;
  readBack: ReadBack | null;
}

export function dayView(input: DayViewInput): DayView {
  const { day } = input;
  const summary: DaySummary = summariseDay({
    locationId: day.locationId, businessDate: day.businessDate, revision: Math.max(1, day.revision), tickets: input.tickets,
    drawerOperations: [], setup: input.setup, ...(input.mapping ? { mapping: input.mapping } : {}),
  });
  const error = readSyncError(day.error);
  const documents = liveDayDocs(day.docs).map(({ kind, ref }) => ({
    kind, entity: DAY_DOC_ENTITY[kind], id: ref.id, docNumber: ref.docNumber, revision: ref.revision,
    url: qboDocumentUrl(input.environment, DAY_DOC_ENTITY[kind], ref.id),
  }));
  const reason = error?.message ?? null;
  return {
    locationId: day.locationId, date: day.businessDate, state: day.state, stateWords: dayStateWords(day.state, day.revision, reason),
    revision: day.revision, reason, hint: error?.hint ?? null, tickets: summary.tickets, totals: summary.totals,
    tenders: summary.groups.filter((g) => g.group === 'tenders').map((g) => ({ name: g.name, cents: -g.cents })),
    cogsCents: summary.cogsCents, documents,
    reconciliation: input.readBack && documents.length > 0 ? reconcileDay(input.readBack, day.locationId, day.businessDate, summary) : null,
  };
}
