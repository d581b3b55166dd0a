/**
 * A voided document stays in QuickBooks, its amounts zero and "Voided" put in front of its
 * PrivateNote (quickbooks-facts §9); it keeps its DocNumber. Deleted ones are gone (610).
 */
export function isVoidedDocument(row: { PrivateNote?: unknown }): boolean {
  return typeof row.PrivateNote === 'string' && row.PrivateNote.startsWith('Voided');
}
