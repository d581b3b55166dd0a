/** Narrowing helpers for tests: map a ticket and insist on the kind of documents expected. */
import type { Ticket } from '../../domain/ticket.js';
import { mapTicket } from '../map-ticket.js';
import type { TicketDocuments } from '../map-ticket.js';
import type { SetupIds } from '../setup-ids.js';
import type { SalesItemLine } from '../wire-types.js';
import { makeSetupIds } from './setup-fixture.js';

export const BUSINESS_DATE = '2026-11-24';

export function mapOk(ticket: Ticket, setup: SetupIds = makeSetupIds([ticket])): TicketDocuments {
  const result = mapTicket(ticket, BUSINESS_DATE, setup);
  if (!result.ok) throw new Error(`expected documents, got problems: ${JSON.stringify(result.problems)}`);
  return result.documents;
}

export function mapSale(ticket: Ticket, setup?: SetupIds): Extract<TicketDocuments, { kind: 'sale' | 'zero' }> {
  const docs = mapOk(ticket, setup);
  if (docs.kind !== 'sale' && docs.kind !== 'zero') throw new Error(`expected an invoice, got ${docs.kind}`);
  return docs;
}

export function mapRefund(ticket: Ticket, setup?: SetupIds): Extract<TicketDocuments, { kind: 'refund' }> {
  const docs = mapOk(ticket, setup);
  if (docs.kind !== 'refund') throw new Error(`expected a refund receipt, got ${docs.kind}`);
  return docs;
}

/** A line as [item, Qty, UnitPrice, Amount, Description]: compact to compare whole documents. */
export function lineRow(l: SalesItemLine): [string, number, number, number, string] {
  const d = l.SalesItemLineDetail;
  return [d.ItemRef.value, d.Qty, d.UnitPrice, l.Amount, l.Description];
}
