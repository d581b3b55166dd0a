/**
 * Finding out what QuickBooks really holds before acting again. Two uses:
 * - refresh: the current SyncToken of every live document a step will update, void or
 *   delete (a payment applied to an invoice changes the invoice's token), noticing documents
 *   already voided or deleted (a void whose answer was lost);
 * - look-up: for tickets whose write outcome is unknown (timeout, crash), the invoice or
 *   refund receipt is searched by DocNumber and confirmed by PrivateNote, and its payments
 *   through the invoice's LinkedTxn - so nothing is created twice (posting-rules §5).
 * Everything is queried in bulk: one request per entity per page of tickets, and no row twice
 * in one look-up: QuickBooks meters every read (quickbooks-facts §6).
 */
import { docNumberFor, parsePrivateNote } from '../../mapping/index.js';
import { ticketKey } from '../../domain/ticket.js';
import { queryLiteral, rowsOf } from '../../qbo/index.js';
import type { QboClient, QboEntity } from '../../qbo/index.js';
import { retire } from '../../domain/ticket-docs.js';
import type { DocRef, TicketDocs } from '../../domain/ticket-docs.js';
import { centsFromWire } from './wire.js';

export type DocEntity = 'Invoice' | 'RefundReceipt' | 'Payment';

export interface LookUpTicket {
  locationId: string;
  ticketId: string;
  version: number;
  docs: TicketDocs;
  /** Refresh only these documents of the ticket (those the next step updates, voids or deletes); default all. */
  only?: ReadonlySet<DocEntity>;
}

/** Rows already read in this look-up, by `Entity:Id`: read once, not again (issue 17, Build 5). */
type Seen = Map<string, Row>;

// A QuickBooks query URL stays well under common limits with this many ids or numbers.
const IN_CHUNK = 100;

type Row = QboEntity & {
  Id: string; SyncToken: string; PrivateNote?: string; TotalAmt?: number; DocNumber?: string; LinkedTxn?: { TxnId: string; TxnType: string }[];
};

async function byField(client: QboClient, entity: string, field: string, values: readonly string[]): Promise<Row[]> {
  const out: Row[] = [];
  const unique = [...new Set(values)];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const list = unique.slice(i, i + IN_CHUNK).map((v) => queryLiteral(v)).join(', ');
    out.push(...rowsOf<Row>(await client.query(`SELECT * FROM ${entity} WHERE ${field} IN (${list}) MAXRESULTS 1000`), entity));
  }
  return out;
}

const isVoided = (row: Row) => typeof row.PrivateNote === 'string' && row.PrivateNote.startsWith('Voided');

const wants = (t: LookUpTicket, entity: DocEntity) => !t.only || t.only.has(entity);

/**
 * Brings SyncTokens up to date and retires documents QuickBooks no longer holds live. `seen`:
 * rows this look-up already read (their ids are not asked for again); it learns what was read.
 */
export async function refreshDocs(client: QboClient, tickets: readonly LookUpTicket[], at: Date, seen: Seen = new Map()): Promise<void> {
  const want: Record<DocEntity, string[]> = { Invoice: [], RefundReceipt: [], Payment: [] };
  for (const t of tickets) {
    if (t.docs.invoice && wants(t, 'Invoice')) want.Invoice.push(t.docs.invoice.id);
    if (t.docs.refundReceipt && wants(t, 'RefundReceipt')) want.RefundReceipt.push(t.docs.refundReceipt.id);
    if (wants(t, 'Payment')) for (const p of t.docs.payments) want.Payment.push(p.id);
  }
  // Asked for and not in `seen`: a row missing from the answer is a document gone.
  const asked = new Set<string>();
  for (const [entity, ids] of Object.entries(want)) {
    for (const id of ids) asked.add(`${entity}:${id}`);
    const fresh = ids.filter((id) => !seen.has(`${entity}:${id}`));
    if (fresh.length) for (const row of await byField(client, entity, 'Id', fresh)) seen.set(`${entity}:${row.Id}`, row);
  }
  for (const t of tickets) {
    const d = t.docs;
    const check = (entity: DocEntity, ref: DocRef): 'live' | 'gone' => {
      if (!asked.has(`${entity}:${ref.id}`)) return 'live';
      const row = seen.get(`${entity}:${ref.id}`);
      if (!row) {
        retire(d, entity, ref, 'deleted', at);
        return 'gone';
      }
      if (isVoided(row)) {
        retire(d, entity, ref, 'voided', at);
        return 'gone';
      }
      ref.syncToken = row.SyncToken;
      delete ref.linkedWrites;
      // An update whose answer was lost: the note says which version the document holds.
      const note = parsePrivateNote(row.PrivateNote ?? '');
      if (note) ref.version = note.version;
      return 'live';
    };
    if (d.invoice && check('Invoice', d.invoice) === 'gone') d.invoice = null;
    if (d.refundReceipt && check('RefundReceipt', d.refundReceipt) === 'gone') d.refundReceipt = null;
    d.payments = d.payments.filter((p) => check('Payment', p) === 'live');
  }
}

/**
 * For tickets whose outcome is unknown: adopts the documents QuickBooks holds for them that
 * the facts do not know yet, then refreshes everything.
 */
export async function lookUpDocs(client: QboClient, tickets: readonly LookUpTicket[], at: Date): Promise<void> {
  if (tickets.length === 0) return;
  const byKey = new Map(tickets.map((t) => [ticketKey(t.locationId, t.ticketId), t]));
  const numbers = tickets.map((t) => t.docs.docNumber ?? docNumberFor(t.ticketId));
  const seen: Seen = new Map();
  for (const entity of ['Invoice', 'RefundReceipt'] as const) {
    for (const row of await byField(client, entity, 'DocNumber', numbers)) {
      seen.set(`${entity}:${row.Id}`, row);
      const note = parsePrivateNote(row.PrivateNote ?? '');
      const t = note && byKey.get(ticketKey(note.locationId, note.ticketId));
      if (!t || isVoided(row) || known(t.docs, entity, row.Id)) continue;
      const ref: DocRef = { id: row.Id, syncToken: row.SyncToken, version: note.version, total: centsFromWire(row.TotalAmt ?? 0) };
      const slot = entity === 'Invoice' ? 'invoice' : 'refundReceipt';
      // Two live documents for one ticket would be a duplicate; keep the one we knew.
      if (!t.docs[slot]) t.docs[slot] = ref;
      t.docs.docNumber ??= row.DocNumber ?? null;
    }
  }
  await adoptPayments(client, tickets, seen);
  await refreshDocs(client, tickets, at, seen);
  for (const t of tickets) t.docs.uncertain = false;
}

async function adoptPayments(client: QboClient, tickets: readonly LookUpTicket[], seen: Seen): Promise<void> {
  const withInvoice = tickets.filter((t) => t.docs.invoice);
  if (withInvoice.length === 0) return;
  const unread = withInvoice.map((t) => t.docs.invoice!.id).filter((id) => !seen.has(`Invoice:${id}`));
  for (const inv of unread.length ? await byField(client, 'Invoice', 'Id', unread) : []) seen.set(`Invoice:${inv.Id}`, inv);
  const invoices = withInvoice.map((t) => seen.get(`Invoice:${t.docs.invoice!.id}`)).filter((r) => r !== undefined);
  const linked = new Map<string, string[]>();
  for (const inv of invoices) linked.set(inv.Id, (inv.LinkedTxn ?? []).filter((l) => l.TxnType === 'Payment').map((l) => l.TxnId));
  const paymentIds = withInvoice.flatMap((t) => (linked.get(t.docs.invoice!.id) ?? []).filter((id) => !known(t.docs, 'Payment', id)));
  if (paymentIds.length === 0) return;
  const payments = new Map((await byField(client, 'Payment', 'Id', paymentIds)).map((p) => [p.Id, p]));
  for (const p of payments.values()) seen.set(`Payment:${p.Id}`, p);
  for (const t of withInvoice) {
    for (const id of linked.get(t.docs.invoice!.id) ?? []) {
      const row = payments.get(id);
      const note = row && parsePrivateNote(row.PrivateNote ?? '');
      if (!row || !note || isVoided(row) || known(t.docs, 'Payment', id) || note.ticketId !== t.ticketId || note.locationId !== t.locationId) continue;
      const method = (row.PaymentMethodRef as { value?: string } | undefined)?.value ?? '';
      t.docs.payments.push({ id, syncToken: row.SyncToken, version: note.version, total: centsFromWire(row.TotalAmt ?? 0), note: row.PrivateNote!,
        methodRef: method });
    }
  }
}

/** Ids are only unique within an entity: an invoice and a payment may both be "5". */
function known(docs: TicketDocs, entity: 'Invoice' | 'RefundReceipt' | 'Payment', id: string): boolean {
  const live = entity === 'Invoice' ? docs.invoice?.id === id
    : entity === 'RefundReceipt' ? docs.refundReceipt?.id === id
      : docs.payments.some((p) => p.id === id);
  return live || docs.retired.some((r) => r.entity === entity && r.id === id);
}
