/**
 * Properties of the mapping over every valid ticket the shared arbitrary makes: the numbers
 * are read back from QuickBooks JSON exactly (BigInt), never with float arithmetic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ticketArbitrary } from '../../test/support/ticket-arbitrary.js';
import type { Ticket } from '../domain/ticket.js';
import { DOC_NUMBER_MAX } from './doc-number.js';
import { mapTicket } from './map-ticket.js';
import type { TicketDocuments } from './map-ticket.js';
import { QBO_NAME_MAX, requiredDiscountNames } from './names.js';
import { PRIVATE_NOTE_MAX, parsePrivateNote } from './private-note.js';
import { DESCRIPTION_MAX } from './sales-line.js';
import { PAYMENT_REF_MAX } from './tenders.js';
import { centsOf, milliOf } from './test-support/exact.js';
import { BUSINESS_DATE } from './test-support/map-helpers.js';
import { makeSetupIds } from './test-support/setup-fixture.js';
import type { SalesItemLine } from './wire-types.js';

const RUNS = { numRuns: 400 };

function mapped(ticket: Ticket): TicketDocuments {
  const result = mapTicket(ticket, BUSINESS_DATE, makeSetupIds([ticket]));
  if (!result.ok) throw new Error(`a valid ticket was refused: ${JSON.stringify(result.problems)}`);
  return result.documents;
}

function linesOf(docs: TicketDocuments): SalesItemLine[] {
  if (docs.kind === 'none') return [];
  return docs.kind === 'refund' ? docs.refundReceipt.Line : docs.invoice.Line;
}

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
const documentTotal = (docs: TicketDocuments) => sum(linesOf(docs).map((l) => centsOf(l.Amount)));

describe('mapping properties (over ticket-arbitrary)', () => {
  it('a closed ticket maps to the documents of its kind, a voided one to nothing', () => {
    fc.assert(fc.property(ticketArbitrary(), (t) => {
      const docs = mapped(t);
      const expected = t.status === 'voided' ? 'none' : t.total > 0 ? 'sale' : t.total < 0 ? 'refund' : 'zero';
      expect(docs.kind).toBe(expected);
    }), RUNS);
  });

  it('document total = ticket total to the cent (absolute value for a refund)', () => {
    fc.assert(fc.property(ticketArbitrary({ status: 'closed' }), (t) => {
      expect(documentTotal(mapped(t))).toBe(BigInt(Math.abs(t.total)));
    }), RUNS);
  });

  it('Amount = Qty × UnitPrice exactly on every line', () => {
    fc.assert(fc.property(ticketArbitrary({ status: 'closed' }), (t) => {
      for (const l of linesOf(mapped(t))) {
        const d = l.SalesItemLineDetail;
        expect(milliOf(d.Qty) * centsOf(d.UnitPrice)).toBe(centsOf(l.Amount) * 1000n);
      }
    }), RUNS);
  });

  it('a sale\'s payments are each positive and add up to the invoice total', () => {
    fc.assert(fc.property(ticketArbitrary({ kind: 'sale', status: 'closed' }), (t) => {
      const docs = mapped(t);
      if (docs.kind !== 'sale') throw new Error('expected a sale');
      const amounts = docs.payments.map((p) => centsOf(p.TotalAmt));
      expect(amounts.length).toBeGreaterThan(0);
      for (const a of amounts) expect(a > 0n).toBe(true);
      expect(sum(amounts)).toBe(documentTotal(docs));
    }), RUNS);
  });

  it('a zero total posts no payment; a refund receipt is paid out of Undeposited Funds', () => {
    fc.assert(fc.property(ticketArbitrary({ status: 'closed' }), (t) => {
      const docs = mapped(t);
      if (docs.kind === 'zero') expect(docs.payments).toEqual([]);
      if (docs.kind === 'refund') {
        expect(docs.refundReceipt.DepositToAccountRef).toEqual({ value: 'acct-undeposited' });
        expect(docs.refundReceipt.PaymentMethodRef.value).toMatch(/^pm-/);
      }
    }), RUNS);
  });

  it('names, DocNumber, PaymentRefNum, PrivateNote and descriptions within QuickBooks limits; no ":" where forbidden', () => {
    fc.assert(fc.property(ticketArbitrary({ status: 'closed' }), (t) => {
      const docs = mapped(t);
      if (docs.kind === 'none') throw new Error('closed tickets post');
      for (const name of requiredDiscountNames(t)) {
        expect(name.length).toBeGreaterThan(0);
        expect(name.length).toBeLessThanOrEqual(QBO_NAME_MAX);
        expect(name).not.toContain(':');
      }
      const bodies = docs.kind === 'refund' ? [docs.refundReceipt] : [docs.invoice, ...docs.payments];
      const main = docs.kind === 'refund' ? docs.refundReceipt : docs.invoice;
      expect(main.DocNumber).toBe(docs.docNumber);
      expect(docs.docNumber.length).toBeGreaterThan(0);
      expect(docs.docNumber.length).toBeLessThanOrEqual(DOC_NUMBER_MAX);
      expect(docs.docNumber).not.toContain(':');
      for (const body of bodies) {
        const ref = 'PaymentRefNum' in body ? body.PaymentRefNum : undefined;
        if (ref !== undefined) {
          expect(ref.length).toBeGreaterThan(0);
          expect(ref.length).toBeLessThanOrEqual(PAYMENT_REF_MAX);
          expect(ref).not.toContain(':');
        }
        expect(body.PrivateNote.length).toBeLessThanOrEqual(PRIVATE_NOTE_MAX);
        expect(parsePrivateNote(body.PrivateNote)).toEqual({ locationId: t.locationId, ticketId: t.id, version: t.version });
        expect(body.TxnDate).toBe(BUSINESS_DATE);
      }
      for (const l of main.Line) {
        expect(l.Description.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
        expect(l.SalesItemLineDetail.ItemRef.value).not.toBe('');
        expect(l.SalesItemLineDetail.TaxCodeRef).toEqual({ value: 'NON' });
      }
    }), RUNS);
  });

  it('is deterministic: the same ticket (or a copy of it) gives the same documents', () => {
    fc.assert(fc.property(ticketArbitrary(), (t) => {
      const once = mapTicket(t, BUSINESS_DATE, makeSetupIds([t]));
      const again = mapTicket(structuredClone(t), BUSINESS_DATE, makeSetupIds([t]));
      expect(again).toEqual(once);
      expect(JSON.stringify(again)).toBe(JSON.stringify(once));
    }), RUNS);
  });

  it('does not change the ticket it is given', () => {
    fc.assert(fc.property(ticketArbitrary(), (t) => {
      const before = structuredClone(t);
      mapTicket(t, BUSINESS_DATE, makeSetupIds([t]));
      expect(t).toEqual(before);
    }), { numRuns: 100 });
  });

  it('returns problems, never throws, when set-up ids are missing', () => {
    fc.assert(fc.property(ticketArbitrary({ status: 'closed' }), fc.constantFrom('guestCustomer', 'undepositedFunds', 'items', 'paymentMethods', 'discountItems'), (t, drop) => {
      const setup = { ...makeSetupIds([t]), [drop]: drop === 'guestCustomer' || drop === 'undepositedFunds' ? '' : {} };
      let result: ReturnType<typeof mapTicket> | undefined;
      expect(() => { result = mapTicket(t, BUSINESS_DATE, setup); }).not.toThrow();
      // Some tickets need none of what was dropped (a zero total needs no payment method).
      const problems = result?.ok === false ? result.problems : [];
      for (const p of problems) expect(p.code).toBe('missing-setup');
      if (drop === 'guestCustomer' || drop === 'items') expect(problems.length).toBeGreaterThan(0);
    }), { numRuns: 200 });
  });
});
