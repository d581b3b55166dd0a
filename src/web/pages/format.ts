/** How values look on the pages. Money goes through formatCents: never a float. */
import { DateTime } from 'luxon';
import { formatCents } from '../../domain/money.js';

export function money(cents: unknown): string {
  return typeof cents === 'number' && Number.isSafeInteger(cents) ? formatCents(cents) : '—';
}

/** A moment as the store sees it: "2026-11-24 23:05 MST"; '—' when absent or unreadable. */
export function dateTime(value: Date | string | null | undefined, zone = 'UTC'): string {
  if (!value) return '—';
  const dt = value instanceof Date ? DateTime.fromJSDate(value) : DateTime.fromISO(value);
  if (!dt.isValid) return '—';
  const local = dt.setZone(zone);
  return (local.isValid ? local : dt.toUTC()).toFormat('yyyy-LL-dd HH:mm ZZZZ');
}

/** "1.2 s", "340 ms", "2 min 5 s" between two moments; '—' while unknown. */
export function duration(from: string | null, to: string | null): string {
  if (!from || !to) return '—';
  const ms = Date.parse(to) - Date.parse(from);
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const STATE_LABELS: Record<string, string> = {
  pending: 'Pending', posting: 'Posting', posted: 'Posted', skipped: 'Skipped', void: 'Void',
};

export function stateLabel(state: string): string {
  return STATE_LABELS[state] ?? state;
}

/** A percentage for a progress bar that is never NaN. */
export function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
}

// Controls, format characters (bidi overrides and isolates, zero-width spaces and joiners, the
// BOM, soft hyphens) and line separators: invisible or re-ordering in a page.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * An id (ticket, location) as a page shows it: characters that are invisible or reorder the
 * text around them are written as visible `\u202E` escapes, so an id holding a right-to-left
 * override (U+202E) cannot pass for another ticket (issue 20). Only for display: links and form values keep the real id.
 */
export function id(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value.replace(INVISIBLE, escape);
}

/** A block of text (the ticket's JSON as received) with the same characters made visible, but its layout kept. */
export function visibleText(value: string): string {
  return value.replace(INVISIBLE, (ch) => (ch === '\n' || ch === '\r' || ch === '\t' ? ch : escape(ch)));
}

function escape(ch: string): string {
  return `\\u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** QuickBooks' field names as an owner says them ("TxnDate" → "date"); an unknown one as it came. */
const FIELD_NAMES: Record<string, string> = {
  TxnDate: 'date', DocNumber: 'number', TotalAmt: 'total', CustomerRef: 'customer', ItemRef: 'item', AccountRef: 'account',
  PaymentMethodRef: 'payment method', DepositToAccountRef: 'deposit account', ClassRef: 'class', DepartmentRef: 'location',
  TxnTaxDetail: 'tax', TaxCodeRef: 'tax code', Line: 'lines', Amount: 'amount', Qty: 'quantity', UnitPrice: 'unit price',
};

export function fieldName(element: string): string {
  return FIELD_NAMES[element] ?? element;
}
