/**
 * The POS ticket, normalised (docs/ticket-format.md is the contract). Money is in cents,
 * quantities in thousandths; the text the POS sent is kept beside it by the store.
 */
import type { Cents, Milli } from './money.js';

export const PAYMENT_METHODS = ['cash', 'check', 'credit_card', 'gift_card', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export type TicketStatus = 'closed' | 'voided';
/** `gift_card`: a gift card or store credit sold (money held for the customer: a liability, never income). */
export type LineKind = 'product' | 'service' | 'gift_card';
export const LINE_KINDS = ['product', 'service', 'gift_card'] as const;

export interface Discount {
  name: string;
  amount: Cents; // > 0
}

export interface Tax {
  name: string;
  amount: Cents; // negative on a refund
}

export interface Line {
  kind: LineKind;
  name: string;
  sku?: string;
  category?: string;
  quantity: Milli;
  unitPrice: Cents;
  discounts: Discount[];
  /** round_half_up(quantity × unitPrice). */
  extended: Cents;
  /** extended − Σ discounts (discounts count negative on a negative quantity). */
  amount: Cents;
  /** What one unit cost the store (product lines; for cost of goods sold). */
  unitCost?: Cents;
}

export interface Payment {
  method: PaymentMethod;
  amount: Cents; // negative: money paid back
  label?: string;
  reference?: string;
}

export interface Ticket {
  id: string;
  locationId: string;
  version: number;
  status: TicketStatus;
  /** As sent (RFC 3339 with an offset). */
  closedAt: string;
  /** The same instant, epoch milliseconds. */
  closedAtMs: number;
  customer?: { id?: string; name?: string };
  lines: Line[];
  discounts: Discount[];
  taxes: Tax[];
  tip: Cents;
  rewardPointsRedeemed: Cents;
  customerBalanceUsed: Cents;
  payments: Payment[];
  total: Cents;
  note?: string;
}

/** The key naming a ticket in maps and sets: its location and id (ids repeat across locations). */
export function ticketKey(locationId: string, ticketId: string): string {
  return `${locationId}\u0000${ticketId}`;
}

/** Which QuickBooks document family a closed ticket becomes (posting-rules §2). */
export type TicketKind = 'sale' | 'zero' | 'refund';

export function ticketKind(t: Pick<Ticket, 'total'>): TicketKind {
  if (t.total > 0) return 'sale';
  if (t.total < 0) return 'refund';
  return 'zero';
}
