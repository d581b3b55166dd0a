/**
 * Why a ticket is not posted, as the user sees it: stored on the ticket and shown on the
 * Tickets and QuickBooks pages (posting-rules §6). Read back from the store through
 * `readSyncError`, so a row written by an older build still shows something sensible.
 */
import { z } from 'zod';
import type { ErrorKind } from './outcome-table.js';

export interface SyncError {
  kind: ErrorKind;
  /** Our stable code (QBO_VALIDATION, MAPPING_…). */
  code: string;
  /** QuickBooks' own error code, e.g. "6070". */
  qboCode?: string;
  message: string;
  /** What to do about it, in plain words. */
  hint: string;
  element?: string;
  intuitTid?: string;
  /** ISO timestamp. */
  at: string;
}

const syncErrorSchema = z.object({
  kind: z.enum(['validation', 'setup', 'transient', 'connection', 'mapping', 'quota']),
  code: z.string(),
  qboCode: z.string().optional(),
  message: z.string(),
  hint: z.string(),
  element: z.string().optional(),
  intuitTid: z.string().optional(),
  at: z.string(),
});

/** A stored error as a SyncError; null for none; a malformed one is shown as what it is. */
export function readSyncError(value: unknown): SyncError | null {
  if (value === null || value === undefined) return null;
  const parsed = syncErrorSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return { kind: 'transient', code: 'UNREADABLE', message: `an error record this version cannot read: ${JSON.stringify(value).slice(0, 200)}`, hint: 'Resync the ticket.', at: new Date(0).toISOString() };
}
