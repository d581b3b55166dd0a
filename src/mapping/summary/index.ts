/**
 * mapping/summary/: a summary day (docs/summary-mode.md) → its QuickBooks documents, its POS sums
 * per group, and the set-up records it needs. Pure, like the rest of mapping/.
 */
export { summariseDay } from './summarise-day.js';
export { parseSummaryNote, summaryDocNumber, summaryPrivateNote } from './doc-ids.js';
export type { SummaryDocument, SummaryNoteRef } from './doc-ids.js';
export { summaryCategoryKey } from './groups.js';
export { pmtItemKey } from './resolve.js';
export { SUMMARY_GROUPS } from './types.js';
export type {
  DaySummary, DaySummaryInput, DrawerKind, DrawerOperation, DrawerSums, GroupSum, PmtAccount, SummaryAccountKey, SummaryGroup, SummaryNeed,
  SummarySetup, SummarySetupIds,
} from './types.js';
export type { JournalEntryBody, JournalEntryLine, SalesReceiptBody } from './wire-types.js';
