/**
 * Parsing and checking a ticket against the contract (docs/ticket-format.md). Structure is
 * described with zod; money and quantities go through the exact parsers of money.ts; the two
 * arithmetic identities are checked once the structure holds. Every error names the field
 * path (`lines[2].unitPrice`) and the values that disagree.
 */
import { z } from 'zod';
import { DateTime } from 'luxon';
import { DATE_RANGE_TEXT, isInstantInRange } from './business-date.js';
import { MAX_MONEY_CENTS, extendPrice, formatCents, isWithinMoneyRange, parseMoney, parseQuantity, sumCents } from './money.js';
import type { Cents } from './money.js';
import { LINE_KINDS, PAYMENT_METHODS } from './ticket.js';
import type { Line, Ticket } from './ticket.js';

export interface FieldError {
  /** `lines[2].unitPrice`; empty for the ticket as a whole. */
  path: string;
  message: string;
}

export type TicketParse = { ok: true; ticket: Ticket } | { ok: false; errors: FieldError[] };

/** Money as a decimal string → integer cents (shared with the other POS records, records-format.md). */
export const money = (rule?: { min?: 'positive' | 'nonnegative' }) =>
  z.unknown().transform((value, ctx): Cents => {
    const parsed = parseMoney(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    if (rule?.min === 'positive' && parsed.value <= 0) {
      ctx.addIssue({ code: 'custom', message: `must be greater than 0, got "${formatCents(parsed.value)}"` });
    }
    if (rule?.min === 'nonnegative' && parsed.value < 0) {
      ctx.addIssue({ code: 'custom', message: `must not be negative, got "${formatCents(parsed.value)}"` });
    }
    return parsed.value;
  });

const quantity = z.unknown().transform((value, ctx) => {
  const parsed = parseQuantity(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

// JSON may carry U+0000 and unpaired UTF-16 surrogates as escapes, but PostgreSQL's jsonb holds
// neither: such a ticket could never be stored (intake answered 500, found by fuzzing), so it is
// refused naming the field, like any other broken rule.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const storable = { error: 'holds a character that cannot be stored (U+0000 or an unpaired UTF-16 surrogate)' };
export const isStorable = (s: string): boolean => !s.includes('\u0000') && !LONE_SURROGATE.test(s);

export const text = (min: number, max: number) =>
  z.string({ error: (iss) => (iss.input === undefined ? 'is required' : `must be a string, got ${typeof iss.input}`) })
    .min(min, { error: min === 1 ? 'must not be empty' : `must be at least ${min} characters` })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(isStorable, storable);

// RFC 3339 with an explicit offset: a timestamp without one has no business date. Hours
// 00-23 (luxon would read 24:00:00 as the next midnight) and offsets the world uses, at most
// ±14:00 (luxon took +24:00, issue 20).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))$/;
export const timestamp = z.string({ error: 'must be an RFC 3339 timestamp with an offset' }).transform((value, ctx) => {
  const parsed = RFC3339.test(value) ? DateTime.fromISO(value, { setZone: true }) : null;
  if (!parsed?.isValid) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not an RFC 3339 timestamp with an offset (2026-11-24T19:42:10-07:00)` });
    return z.NEVER;
  }
  // A date the store cannot hold (year 0000 in the location's zone) cost a whole batch its good tickets.
  if (!isInstantInRange(parsed.toMillis())) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is outside the dates this service takes (${DATE_RANGE_TEXT})` });
    return z.NEVER;
  }
  return { text: value, ms: parsed.toMillis() };
});

const discount = z.object({ name: text(1, 100), amount: money({ min: 'positive' }) });
const tax = z.object({ name: text(1, 100), amount: money() });

const lineShape = {
  kind: z.enum(LINE_KINDS, { error: 'must be "product", "service" or "gift_card"' }),
  name: text(1, 200),
  sku: text(0, 100).optional(),
  category: text(0, 100).optional(),
  quantity,
  unitPrice: money({ min: 'nonnegative' }),
  discounts: z.array(discount).optional(),
  unitCost: money({ min: 'nonnegative' }).optional(),
};
const line = z.object(lineShape).superRefine((l, ctx) => {
  if (!isWithinMoneyRange(l.quantity, l.unitPrice)) {
    ctx.addIssue({ code: 'custom', path: ['unitPrice'], message: `quantity × unit price is larger than ${formatCents(MAX_MONEY_CENTS)}` });
  }
  if (l.unitCost !== undefined && l.kind !== 'product') {
    ctx.addIssue({ code: 'custom', path: ['unitCost'], message: `only product lines carry a unit cost (this line is "${l.kind}")` });
  } else if (l.unitCost !== undefined && !isWithinMoneyRange(l.quantity, l.unitCost)) {
    ctx.addIssue({ code: 'custom', path: ['unitCost'], message: `quantity × unit cost is larger than ${formatCents(MAX_MONEY_CENTS)}` });
  }
});

const payment = z.object({
  method: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
  amount: money(),
  label: text(0, 100).optional(),
  reference: text(0, 100).optional(),
});

export const ticketSchema = z.object({
  id: text(1, 64),
  locationId: text(1, 64),
  version: z.number({ error: 'must be a whole number ≥ 1' }).int({ error: 'must be a whole number ≥ 1' })
    .min(1, { error: 'must be a whole number ≥ 1' }).max(2_147_483_647, { error: 'is too large' }).default(1),
  status: z.enum(['closed', 'voided'], { error: 'must be "closed" or "voided"' }),
  closedAt: timestamp,
  customer: z.object({ id: z.string().max(64).refine(isStorable, storable).optional(), name: z.string().max(200).refine(isStorable,
    storable).optional() }).optional(),
  lines: z.array(line, { error: 'must be an array of lines' }).min(1, { error: 'must hold at least one line' }),
  discounts: z.array(discount).optional(),
  taxes: z.array(tax).optional(),
  tip: money({ min: 'nonnegative' }).optional(),
  rewardPointsRedeemed: money({ min: 'nonnegative' }).optional(),
  customerBalanceUsed: money().optional(),
  payments: z.array(payment, { error: 'must be an array of payments' }),
  total: money(),
  note: z.string().max(1000, { error: 'must be at most 1000 characters' }).refine(isStorable, storable).optional(),
});

type TicketInput = z.output<typeof ticketSchema>;

/**
 * A ticket's stored size is bounded (issue 20: one 16 MB ticket, an unknown field padded, was
 * taken and its page stalled the service). The raw text is kept as received, so the bound is
 * on that text; within it, fields the contract does not name are kept (the service may accept
 * more) up to MAX_UNKNOWN_CHARS in all. A ticket over either is refused, naming the limit.
 */
export const MAX_TICKET_CHARS = 256 * 1024;
export const MAX_UNKNOWN_CHARS = 16 * 1024;

/** Parses one ticket's JSON text as received: its size, then JSON, then the contract. */
export function parseTicketText(raw: string): TicketParse {
  if (raw.length > MAX_TICKET_CHARS) {
    return { ok: false, errors: [{ path: '', message: `the ticket is ${count(raw.length)} characters of JSON; a ticket may be at most ${count(MAX_TICKET_CHARS)}` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    return { ok: false, errors: [{ path: '', message: `not valid JSON: ${(err as Error).message}` }] };
  }
  return parseTicket(value);
}

/** Parses one ticket. Expected failures are values, never exceptions. */
export function parseTicket(input: unknown): TicketParse {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: `a ticket must be a JSON object, got ${Array.isArray(input) ? 'an array' : input === null ? 'null' : typeof input}` }] };
  }
  const unknown = unknownFields(input as Record<string, unknown>);
  if (unknown.chars > MAX_UNKNOWN_CHARS && unknown.largest) {
    return { ok: false, errors: [{ path: unknown.largest.path,
      message: `fields this service does not know take ${count(unknown.chars)} characters (this one ${count(unknown.largest.chars)}); a ticket may carry at most ${count(MAX_UNKNOWN_CHARS)} of them` }] };
  }
  const result = ticketSchema.safeParse(input);
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })) };
  }
  const ticket = normalise(result.data);
  const errors = checkArithmetic(ticket);
  return errors.length ? { ok: false, errors } : { ok: true, ticket };
}

function normalise(t: TicketInput): Ticket {
  const lines: Line[] = t.lines.map((l) => {
    const extended = extendPrice(l.quantity, l.unitPrice);
    const discounts = l.discounts ?? [];
    // A returned item's discounts come back too: they count negative (ticket-format §4).
    const sign = l.quantity < 0 ? -1 : 1;
    const amount = extended - sign * sumCents(discounts.map((d) => d.amount));
    return { kind: l.kind, name: l.name, sku: l.sku, category: l.category, quantity: l.quantity,
      unitPrice: l.unitPrice, discounts, extended, amount, ...(l.unitCost !== undefined && { unitCost: l.unitCost }) };
  });
  return {
    id: t.id, locationId: t.locationId, version: t.version, status: t.status,
    closedAt: t.closedAt.text, closedAtMs: t.closedAt.ms, customer: t.customer, lines,
    discounts: t.discounts ?? [], taxes: t.taxes ?? [], tip: t.tip ?? 0,
    rewardPointsRedeemed: t.rewardPointsRedeemed ?? 0, customerBalanceUsed: t.customerBalanceUsed ?? 0,
    payments: t.payments, total: t.total, note: t.note,
  };
}

/** The two identities of the contract. */
export function computeTotal(t: Pick<Ticket, 'lines' | 'discounts' | 'taxes' | 'tip' | 'rewardPointsRedeemed' | 'customerBalanceUsed'>): Cents {
  return sumCents(t.lines.map((l) => l.amount)) - sumCents(t.discounts.map((d) => d.amount))
    + sumCents(t.taxes.map((x) => x.amount)) + t.tip - t.rewardPointsRedeemed - t.customerBalanceUsed;
}

function checkArithmetic(t: Ticket): FieldError[] {
  const errors: FieldError[] = [];
  const computed = computeTotal(t);
  if (computed !== t.total) {
    errors.push({ path: 'total', message: `total ${formatCents(t.total)} ≠ computed ${formatCents(computed)} (lines − ticket discounts + taxes + tip − reward points − customer balance)` });
  }
  const paid = sumCents(t.payments.map((p) => p.amount));
  if (paid !== t.total) {
    errors.push({ path: 'payments', message: `payments add up to ${formatCents(paid)} ≠ total ${formatCents(t.total)}` });
  }
  return errors;
}

const KNOWN = {
  ticket: Object.keys(ticketSchema.shape), customer: ['id', 'name'], line: Object.keys(lineShape),
  discount: Object.keys(discount.shape), tax: Object.keys(tax.shape), payment: Object.keys(payment.shape),
};

/** How much text the fields the contract does not name take, anywhere in the ticket, and the largest of them. */
function unknownFields(ticket: Record<string, unknown>): { chars: number; largest: { path: string; chars: number } | null } {
  let chars = 0;
  let largest: { path: string; chars: number } | null = null;
  const visit = (value: unknown, known: readonly string[], path: (string | number)[]) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    for (const [key, v] of Object.entries(value)) {
      if (known.includes(key)) continue;
      const size = key.length + (JSON.stringify(v)?.length ?? 0);
      chars += size;
      if (!largest || size > largest.chars) largest = { path: formatPath([...path, key]), chars: size };
    }
  };
  const each = (list: unknown, known: readonly string[], path: (string | number)[]) => {
    if (Array.isArray(list)) list.forEach((item, i) => visit(item, known, [...path, i]));
  };
  visit(ticket, KNOWN.ticket, []);
  visit(ticket.customer, KNOWN.customer, ['customer']);
  each(ticket.lines, KNOWN.line, ['lines']);
  if (Array.isArray(ticket.lines)) {
    ticket.lines.forEach((l, i) => each((l as Record<string, unknown> | null)?.discounts, KNOWN.discount, ['lines', i, 'discounts']));
  }
  each(ticket.discounts, KNOWN.discount, ['discounts']);
  each(ticket.taxes, KNOWN.tax, ['taxes']);
  each(ticket.payments, KNOWN.payment, ['payments']);
  return { chars, largest };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** `lines[2].unitPrice: "4.505" has more than 2 fraction digits` */
export function formatFieldError(e: FieldError): string {
  return e.path ? `${e.path}: ${e.message}` : e.message;
}
