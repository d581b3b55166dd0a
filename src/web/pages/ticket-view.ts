/**
 * Reading the JSON columns a ticket page shows (normalized ticket, QuickBooks documents, last
 * error), defensively: they are written by other parts of the service and by earlier
 * versions of it, so a missing or odd field shows as '—', never as a broken page.
 */
import { formatCents, formatQuantity } from '../../domain/money.js';

export interface ErrorView {
  code: string;
  qboCode: string | null;
  message: string;
  hint: string | null;
  element: string | null;
  intuitTid: string | null;
  at: string | null;
}

export interface DocumentView {
  document: string;
  id: string;
  docNumber: string;
  amount: string;
  note: string;
}

export interface SummaryLine {
  description: string;
  /** A discount row under its line. */
  discount?: boolean;
  quantity: string;
  unitPrice: string;
  amount: string;
}

export interface TicketSummary {
  lines: SummaryLine[];
  /** Lines not shown (a page shows at most MAX_SUMMARY_LINES). */
  moreLines: number;
  adjustments: { label: string; amount: string }[];
  payments: { method: string; amount: string; reference: string }[];
  total: string;
}

/** A page caps what it renders: rows written by older builds may be of any size (issue 20). */
export const MAX_SUMMARY_LINES = 500;

const METHOD_LABELS: Record<string, string> = {
  cash: 'Cash', check: 'Check', credit_card: 'Credit Card', gift_card: 'Gift Card', other: 'Other',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Integer cents inside the service, decimal strings at its edges: either is shown as a decimal. */
export function moneyText(v: unknown): string {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return formatCents(v);
  if (typeof v === 'string' && /^-?\d+(\.\d{1,2})?$/.test(v)) return v;
  return '—';
}

export function readError(v: unknown): ErrorView | null {
  if (!isObj(v)) return null;
  const message = str(v.message) ?? str(v.detail) ?? '(no message)';
  return {
    code: str(v.code) ?? str(v.kind) ?? 'error',
    qboCode: str(v.qboCode) ?? str(v.qbo_code),
    message,
    hint: str(v.hint),
    element: str(v.element),
    intuitTid: str(v.intuitTid) ?? str(v.intuit_tid),
    at: str(v.at),
  };
}

/**
 * tickets.qbo_docs as the sync writes it (sync/ticket-docs.ts: docNumber, invoice,
 * refundReceipt, payments, retired, uncertain; totals in cents), read field by field.
 */
export function readDocuments(v: unknown): { docNumber: string | null; uncertain: boolean; documents: DocumentView[] } {
  if (!isObj(v)) return { docNumber: null, uncertain: false, documents: [] };
  const docNumber = str(v.docNumber);
  const documents: DocumentView[] = [];
  const doc = (document: string, d: unknown, note: (o: Obj) => string) => {
    if (!isObj(d)) return;
    const amount = [d.total, d.amount].find((x) => x !== undefined);
    documents.push({ document, id: str(d.id) ?? '—', docNumber: str(d.docNumber) ?? docNumber ?? '—', amount: moneyText(amount), note: note(d) });
  };
  const version = (o: Obj) => (typeof o.version === 'number' ? `version ${o.version}` : '');
  doc('Invoice', v.invoice, version);
  for (const p of list(v.payments)) doc('Payment', p, (o) => [str(o.method), version(o)].filter(Boolean).join(' · '));
  doc('Refund receipt', v.refundReceipt, version);
  for (const r of list(v.retired).filter(isObj)) {
    documents.push({
      document: `${str(r.entity) ?? 'Document'} (${str(r.action) ?? 'retired'})`, id: str(r.id) ?? '—', docNumber: '—', amount: '—',
      note: [version(r), str(r.at)].filter(Boolean).join(' · '),
    });
  }
  return { docNumber, uncertain: v.uncertain === true, documents };
}

export function readSummary(v: unknown): TicketSummary | null {
  if (!isObj(v)) return null;
  // Each line at its full price, its discounts right under it, so the amounts add up on screen.
  const lines: SummaryLine[] = [];
  const all = list(v.lines).filter(isObj);
  for (const l of all.slice(0, MAX_SUMMARY_LINES)) {
    lines.push({
      description: [str(l.name), str(l.sku) && `SKU ${str(l.sku)}`, str(l.category)].filter(Boolean).join(' · ') || '—',
      quantity: typeof l.quantity === 'number' && Number.isSafeInteger(l.quantity) ? formatQuantity(l.quantity) : '—',
      unitPrice: moneyText(l.unitPrice),
      amount: moneyText(l.extended ?? l.amount),
    });
    const negative = typeof l.quantity === 'number' && l.quantity < 0;
    for (const d of list(l.discounts).filter(isObj)) {
      const amount = typeof d.amount === 'number' ? (negative ? d.amount : -d.amount) : d.amount;
      lines.push({ description: `Discount: ${str(d.name) ?? ''}`, quantity: '', unitPrice: '', amount: moneyText(amount), discount: true });
    }
  }
  const adjustments: { label: string; amount: string }[] = [];
  for (const d of list(v.discounts).filter(isObj)) adjustments.push({ label: `Discount: ${str(d.name) ?? ''}`, amount: moneyText(typeof d.amount === 'number' ? -d.amount : d.amount) });
  for (const t of list(v.taxes).filter(isObj)) adjustments.push({ label: `Tax: ${str(t.name) ?? ''}`, amount: moneyText(t.amount) });
  const extra: [string, string, number][] = [['tip', 'Tip', 1], ['rewardPointsRedeemed', 'Reward points', -1], ['customerBalanceUsed', 'Customer balance', -1]];
  for (const [key, label, sign] of extra) {
    const amount = v[key];
    if (typeof amount === 'number' && amount !== 0) adjustments.push({ label, amount: moneyText(sign * amount) });
  }
  const payments = list(v.payments).filter(isObj).map((p) => ({
    method: [METHOD_LABELS[str(p.method) ?? ''] ?? str(p.method), str(p.label)].filter(Boolean).join(' · ') || '—',
    amount: moneyText(p.amount),
    reference: str(p.reference) ?? '',
  }));
  return { lines, moreLines: Math.max(0, all.length - MAX_SUMMARY_LINES), adjustments, payments, total: moneyText(v.total) };
}

/** One event's detail as short readable text: its error, what was done, what QuickBooks holds. */
export function eventDetail(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (!isObj(v)) return JSON.stringify(v);
  const parts: string[] = [];
  const err = readError(v.error);
  if (err) parts.push([err.qboCode ?? err.code, err.message].join(' '));
  const actions = list(v.actions).filter((a): a is string => typeof a === 'string');
  if (actions.length) parts.push(actions.join('; '));
  const docs = readDocuments(v.documents).documents.filter((d) => d.id !== '—');
  if (docs.length) parts.push(`in QuickBooks: ${docs.map((d) => `${d.document} ${d.id}${d.amount === '—' ? '' : ` (${d.amount})`}`).join(', ')}`);
  // Changed in QuickBooks (drift), and the user's Repost / Accept as is of it.
  const changes = list(v.changes).filter(isObj).map((c) => `${String(c.entity)} ${String(c.id)} ${String(c.change)}${c.source === 'cdc' ? ' (daily check)' : ''}`);
  if (changes.length) parts.push(`${changes.join(', ')} in QuickBooks${typeof v.by === 'string' ? `; by ${v.by}` : ''}`);
  if (parts.length) return parts.join(' — ');
  return Object.entries(v).map(([k, x]) => `${k}: ${typeof x === 'string' ? x : JSON.stringify(x)}`).join(', ');
}
