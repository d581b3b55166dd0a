/**
 * What tillbooks' writers share about QuickBooks documents.
 */

/**
 * `include=` for creates and rewrites: QuickBooks refuses a second DocNumber of a type (6140)
 * unless asked. A DocNumber is a reader's aid and a search key, confirmed by the PrivateNote,
 * never a document's identity; a voided document keeps its own.
 */
export const ALLOW_DUPLICATE_DOC_NUMBERS: readonly string[] = ['allowduplicatedocnum'];

/**
 * A voided document stays in QuickBooks, its amounts zero and "Voided" put in front of its
 * PrivateNote (quickbooks-facts §9); it keeps its DocNumber. Deleted ones are gone (610).
 */
export function isVoidedDocument(row: { PrivateNote?: unknown }): boolean {
  return typeof row.PrivateNote === 'string' && row.PrivateNote.startsWith('Voided');
}
