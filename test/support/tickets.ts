/** Small valid tickets for tests that need many of them and do not care about their variety. */
import { formatCents } from '../../src/domain/money.js';

export interface SimpleTicketOptions {
  id: string;
  locationId?: string;
  version?: number;
  cents?: number;
  closedAt?: string;
  status?: 'closed' | 'voided';
}

export function simpleTicket(o: SimpleTicketOptions): Record<string, unknown> {
  const cents = o.cents ?? 1250;
  const amount = formatCents(cents);
  return {
    id: o.id,
    locationId: o.locationId ?? 'denver-1',
    version: o.version ?? 1,
    status: o.status ?? 'closed',
    closedAt: o.closedAt ?? '2026-11-24T12:30:00-07:00',
    lines: [{ kind: 'product', name: 'Widget', quantity: '1', unitPrice: formatCents(Math.abs(cents)) }].map((l) =>
      cents < 0 ? { ...l, quantity: '-1' } : l),
    payments: [{ method: 'cash', amount }],
    total: amount,
  };
}
