/** A payment draft becomes a Payment body once its invoice has an id. */
import type { PaymentBody, PaymentDraft } from './wire-types.js';

/** The whole payment is applied to the invoice: nothing is left as credit on account. */
export function linkPayment(draft: PaymentDraft, invoiceId: string): PaymentBody {
  return { ...draft, Line: [{ Amount: draft.TotalAmt, LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }] };
}
