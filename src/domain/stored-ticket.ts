/**
 * The normalised ticket as the store keeps it (a JSON column), checked when it is read back:
 * intake wrote it, but a column is only as good as what last wrote it, and a cast would let a
 * broken row travel as far as QuickBooks.
 */
import { z } from 'zod';
import { LINE_KINDS, PAYMENT_METHODS } from './ticket.js';
import type { Ticket } from './ticket.js';

const cents = z.number().int().refine(Number.isSafeInteger);
const text = z.string();
const discount = z.object({ name: text, amount: cents });
const line = z.object({
  kind: z.enum(LINE_KINDS),
  name: text,
  sku: text.optional(),
  category: text.optional(),
  quantity: z.number().int(),
  unitPrice: cents,
  discounts: z.array(discount),
  extended: cents,
  amount: cents,
  unitCost: cents.optional(),
});

const storedTicketSchema = z.object({
  id: text,
  locationId: text,
  version: z.number().int().positive(),
  status: z.enum(['closed', 'voided']),
  closedAt: text,
  closedAtMs: z.number().int(),
  customer: z.object({ id: text.optional(), name: text.optional() }).optional(),
  lines: z.array(line),
  discounts: z.array(discount),
  taxes: z.array(z.object({ name: text, amount: cents })),
  tip: cents,
  rewardPointsRedeemed: cents,
  customerBalanceUsed: cents,
  payments: z.array(z.object({ method: z.enum(PAYMENT_METHODS), amount: cents, label: text.optional(), reference: text.optional() })),
  total: cents,
  note: text.optional(),
});

/** The stored JSON as a Ticket, or why it cannot be read (naming the field). */
export function readStoredTicket(value: unknown): { ok: true; ticket: Ticket } | { ok: false; problem: string } {
  const parsed = storedTicketSchema.safeParse(value);
  if (parsed.success) return { ok: true, ticket: parsed.data as Ticket };
  const issue = parsed.error.issues[0]!;
  return { ok: false, problem: `the stored ticket is not one this version can read (${issue.path.join('.') || 'the ticket'}: ${issue.message})` };
}
