/** Hand-written tickets for unit tests, checked against the contract by the real parser. */
import { formatFieldError, parseTicket } from '../../domain/ticket-schema.js';
import type { Ticket } from '../../domain/ticket.js';

export type TicketInput = Record<string, unknown> & { total: string };

/**
 * A valid ticket: id 'T-1' at 'loc-1', closed, one cash tender for the total unless `payments`
 * is given. Throws if the input breaks the contract (the test itself would be wrong).
 */
export function makeTicket(input: TicketInput): Ticket {
  const json = {
    id: 'T-1',
    locationId: 'loc-1',
    status: 'closed',
    closedAt: '2026-11-24T19:42:10-07:00',
    payments: [{ method: 'cash', amount: input.total }],
    ...input,
  };
  const parsed = parseTicket(json);
  if (!parsed.ok) throw new Error(`test ticket is invalid: ${parsed.errors.map(formatFieldError).join('; ')}`);
  return parsed.ticket;
}

/** The example of docs/ticket-format.md, verbatim. */
export const CONTRACT_EXAMPLE = {
  id: '1042-0007',
  locationId: 'denver-1',
  status: 'closed',
  closedAt: '2026-11-24T19:42:10-07:00',
  lines: [
    { kind: 'product', name: 'Latte 16oz', sku: 'LAT16', category: 'Coffee',
      quantity: '2', unitPrice: '4.50', discounts: [{ name: 'Staff 10%', amount: '0.90' }] },
    { kind: 'service', name: 'Gift wrap', quantity: '1', unitPrice: '2.00' },
  ],
  discounts: [{ name: 'Happy hour', amount: '1.00' }],
  taxes: [{ name: 'CO state', amount: '0.29' }, { name: 'Denver city', amount: '0.44' }],
  tip: '2.00',
  rewardPointsRedeemed: '1.00',
  payments: [
    { method: 'credit_card', amount: '8.00', reference: 'auth 771203' },
    { method: 'cash', amount: '2.83' },
  ],
  total: '10.83',
};
