/**
 * What a void leaves behind (quickbooks-facts §9; Intuit's Payment void example): the record stays, its
 * amounts and quantities are zeroed and "Voided" is put in front of PrivateNote.
 */
import type { Body } from './entity-store.js';
import { withoutSystemFields } from './entity-store.js';

function voidedNote(note: unknown): string {
  return typeof note === 'string' && note !== '' ? `Voided - ${note}` : 'Voided';
}

function zeroLine(line: Body): Body {
  const out: Body = { ...line, Amount: 0 };
  const detail = line.SalesItemLineDetail as Body | undefined;
  if (detail) out.SalesItemLineDetail = { ...detail, ...(detail.Qty !== undefined ? { Qty: 0 } : {}) };
  if (line.DetailType === 'DescriptionOnly') delete out.Amount;
  return out;
}

export function voidedSalesForm(body: Body): Body {
  const lines = Array.isArray(body.Line) ? (body.Line as Body[]) : [];
  return {
    ...withoutSystemFields(body),
    Line: lines.map(zeroLine),
    TxnTaxDetail: { TotalTax: 0 },
    TotalAmt: 0,
    Balance: 0,
    PrivateNote: voidedNote(body.PrivateNote),
  };
}

export function voidedPayment(body: Body): Body {
  return {
    ...withoutSystemFields(body),
    Line: [],
    TotalAmt: 0,
    UnappliedAmt: 0,
    PrivateNote: voidedNote(body.PrivateNote),
  };
}
