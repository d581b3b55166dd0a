/**
 * fast-check arbitraries for VALID POS tickets (docs/ticket-format.md), as the JSON a POS
 * sends. Valid by construction: the total is computed from the parts and the tenders are
 * built to add up to it, so both identities of the contract hold. Covers products and
 * services, fractional (0.750, 0.333) and negative (returned) quantities, line and ticket
 * discounts, several named taxes, tips, reward points, customer balance (also negative),
 * split tenders over all five methods plus custom labels, cash back, refunds, exchanges, zero
 * totals, ids up to 64 characters and names with ':'. Reused by the mapping's property tests,
 * intake fuzzing and demo data.
 */
import fc from 'fast-check';
import { extendPrice, formatCents, formatQuantity } from '../../src/domain/money.js';
import type { Cents, Milli } from '../../src/domain/money.js';
import { parseTicket, formatFieldError } from '../../src/domain/ticket-schema.js';
import { PAYMENT_METHODS } from '../../src/domain/ticket.js';
import type { PaymentMethod, Ticket } from '../../src/domain/ticket.js';

export interface DiscountJson { name: string; amount: string }
export interface TaxJson { name: string; amount: string }
export interface LineJson {
  kind: 'product' | 'service';
  name: string;
  sku?: string;
  category?: string;
  quantity: string | number;
  unitPrice: string;
  discounts?: DiscountJson[];
}
export interface PaymentJson { method: PaymentMethod; amount: string; label?: string; reference?: string }
export interface TicketJson {
  id: string;
  locationId: string;
  version?: number;
  status: 'closed' | 'voided';
  closedAt: string;
  customer?: { id?: string; name?: string };
  lines: LineJson[];
  discounts?: DiscountJson[];
  taxes?: TaxJson[];
  tip?: string;
  rewardPointsRedeemed?: string;
  customerBalanceUsed?: string;
  payments: PaymentJson[];
  total: string;
  note?: string;
}

export type TicketShape = 'sale' | 'zero' | 'refund';

export interface TicketArbitraryOptions {
  /** Force the sign of the total; default: any, mostly sales. */
  kind?: TicketShape;
  /** Default: mostly closed, sometimes voided. */
  status?: 'closed' | 'voided';
  /** Default 5. */
  maxLines?: number;
  /** Default 4. */
  maxTenders?: number;
}

// ---------------------------------------------------------------- text

const ODD_CHARS = ['a', 'Z', '7', ' ', ':', '-', '/', '%', 'é', 'ß', '抹', '🍩', '"', "'", '.', '#'];

/** Text of `min`..`max` UTF-16 units: plain ASCII, awkward characters (':', '/', emoji), or a pool. */
function textArb(min: number, max: number, pool: readonly string[] = []): fc.Arbitrary<string> {
  const fits = pool.filter((p) => p.length >= min && p.length <= max);
  const options: fc.Arbitrary<string>[] = [
    fc.string({ minLength: Math.max(min, 1), maxLength: max }),
    // An emoji is two UTF-16 units: half as many units keeps the length within `max`.
    fc.string({ unit: fc.constantFrom(...ODD_CHARS), minLength: Math.max(min, 1), maxLength: Math.floor(max / 2) }),
  ];
  if (fits.length > 0) options.unshift(fc.constantFrom(...fits), fc.constantFrom(...fits));
  return fc.oneof(...options).filter((s) => s.length >= min && s.length <= max);
}

const longId = (n: number) => `T${'0123456789abcdef'.repeat(5)}`.slice(0, n);
const ID_POOL = ['1042-0007', '1', 'A:17', '2026/11/24-0001', longId(21), longId(22), longId(64), '   spaced id  '];
const LOCATION_POOL = ['denver-1', 'boulder/2', 'loc with spaces', 'L:3', longId(64)];
const ITEM_POOL = ['Latte 16oz', 'Gift wrap', 'Bagel: everything', 'Beans (bulk, per lb)', 'Café crème', '🍩 Donut'];
const DISCOUNT_POOL = ['Staff 10%', 'staff 10%', 'STAFF 10%', 'Happy hour', 'BOGO: 2 for 1', '  padded  ', ' ', 'x'.repeat(100)];
const TAX_POOL = ['CO state', 'Denver city', 'RTD', 'Cultural: SCFD', 'VAT'];
const LABEL_POOL = ['Venmo', 'Zelle', 'House: tab', 'EBT', 'venmo'];
const REF_POOL = ['auth 771203', 'chk 1001', 'x'.repeat(30), 'ref:with:colons'];

// ---------------------------------------------------------------- numbers

/** Money as a POS might write it: "4.50", "4.5", "-5". All exact, at most 2 fraction digits. */
function moneyArb(cents: Cents): fc.Arbitrary<string> {
  const full = formatCents(cents);
  const short = full.replace(/\.?0+$/, '') || '0';
  return fc.constantFrom(full, short === '-0' ? '0' : short);
}

function quantityArb(milli: Milli): fc.Arbitrary<string | number> {
  const shortest = formatQuantity(milli);
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const padded = `${sign}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
  return fc.constantFrom<string | number>(shortest, padded, Number(shortest));
}

const quantityMilliArb: fc.Arbitrary<Milli> = fc.oneof(
  fc.constantFrom(1000, 2000, 750, 333, 1500, 125, 1, -1000, -333, -750),
  fc.integer({ min: -5000, max: 50_000 }).filter((q) => q !== 0),
);
const unitPriceArb: fc.Arbitrary<Cents> = fc.oneof(fc.constantFrom(0, 1, 299, 450, 200, 999), fc.integer({ min: 0, max: 200_000 }));

// ---------------------------------------------------------------- parts (in cents)

interface DiscountModel { name: string; amount: Cents }
interface LineModel {
  kind: 'product' | 'service'; name: string; sku?: string; category?: string;
  quantity: Milli; unitPrice: Cents; discounts: DiscountModel[];
}

const discountArb: fc.Arbitrary<DiscountModel> = fc.record({
  name: textArb(1, 100, DISCOUNT_POOL),
  amount: fc.integer({ min: 1, max: 3000 }),
});

const lineArb: fc.Arbitrary<LineModel> = fc.record({
  kind: fc.constantFrom('product' as const, 'service' as const),
  name: textArb(1, 200, ITEM_POOL),
  sku: fc.option(textArb(0, 100, ['LAT16', 'BG-EV', '']), { nil: undefined }),
  category: fc.option(textArb(0, 100, ['Coffee', 'Bakery', 'Wrap: paper']), { nil: undefined }),
  quantity: quantityMilliArb,
  unitPrice: unitPriceArb,
  discounts: fc.array(discountArb, { maxLength: 2 }),
}, { requiredKeys: ['kind', 'name', 'quantity', 'unitPrice', 'discounts'] });

function lineAmount(l: LineModel): Cents {
  const sign = l.quantity < 0 ? -1 : 1;
  return extendPrice(l.quantity, l.unitPrice) - sign * l.discounts.reduce((s, d) => s + d.amount, 0);
}

interface PartsModel {
  lines: LineModel[];
  discounts: DiscountModel[];
  taxes: DiscountModel[];
  tip?: Cents;
  rewardPointsRedeemed?: Cents;
  customerBalanceUsed?: Cents;
}

function partsArb(maxLines: number): fc.Arbitrary<PartsModel> {
  return fc.record({
    lines: fc.array(lineArb, { minLength: 1, maxLength: maxLines }),
    discounts: fc.array(discountArb, { maxLength: 2 }),
    taxes: fc.array(fc.record({ name: textArb(1, 100, TAX_POOL), amount: fc.integer({ min: -800, max: 3000 }) }), { maxLength: 3 }),
    tip: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
    rewardPointsRedeemed: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }),
    customerBalanceUsed: fc.option(fc.integer({ min: -4000, max: 4000 }), { nil: undefined }),
  }, { requiredKeys: ['lines', 'discounts', 'taxes'] });
}

function totalOf(p: PartsModel): Cents {
  const sum = (xs: readonly { amount: Cents }[]) => xs.reduce((s, x) => s + x.amount, 0);
  return p.lines.reduce((s, l) => s + lineAmount(l), 0) - sum(p.discounts) + sum(p.taxes)
    + (p.tip ?? 0) - (p.rewardPointsRedeemed ?? 0) - (p.customerBalanceUsed ?? 0);
}

/**
 * Moves the total to the wanted sign with the ticket's own fields: a larger tip raises it, an
 * extra ticket discount lowers it. `extra` (≥ 1) is how far past zero a sale or refund lands.
 */
function steer(p: PartsModel, kind: TicketShape | undefined, extra: Cents): PartsModel {
  const total = totalOf(p);
  const raise = (by: Cents): PartsModel => ({ ...p, tip: (p.tip ?? 0) + by });
  const lower = (by: Cents): PartsModel => ({ ...p, discounts: [...p.discounts, { name: 'Adjustment', amount: by }] });
  if (kind === 'zero') return total > 0 ? lower(total) : total < 0 ? raise(-total) : p;
  if (kind === 'sale' && total <= 0) return raise(-total + extra);
  if (kind === 'refund' && total >= 0) return lower(total + extra);
  return p;
}

// ---------------------------------------------------------------- tenders

interface TenderHead { method: PaymentMethod; label?: string; reference?: string }

const tenderHeadArb: fc.Arbitrary<TenderHead> = fc.oneof(
  fc.record({ method: fc.constantFrom(...PAYMENT_METHODS), reference: fc.option(textArb(0, 100, REF_POOL), { nil: undefined }) },
    { requiredKeys: ['method'] }),
  // A custom POS method: sent as "other" with the POS's own name.
  fc.record({ method: fc.constant('other' as const), label: textArb(1, 100, LABEL_POOL), reference: fc.option(textArb(0, 100, REF_POOL), { nil: undefined }) },
    { requiredKeys: ['method', 'label'] }),
);

interface TenderModel extends TenderHead { amount: Cents }

/**
 * Tenders that add up to `total`: one tender; a split; a card over-tendered with cash back;
 * or any amounts (either sign) with the last one balancing.
 */
function tendersArb(total: Cents, maxTenders: number): fc.Arbitrary<TenderModel[]> {
  const heads = (min: number) => fc.array(tenderHeadArb, { minLength: min, maxLength: Math.max(min, maxTenders) });
  const balanced = heads(1).chain((hs) =>
    fc.array(fc.integer({ min: -Math.abs(total) - 2000, max: Math.abs(total) + 2000 }), { minLength: hs.length - 1, maxLength: hs.length - 1 })
      .map((amounts) => {
        const last = total - amounts.reduce((s, a) => s + a, 0);
        return hs.map((h, i) => ({ ...h, amount: amounts[i] ?? last }));
      }));
  const cashBack = fc.tuple(tenderHeadArb, fc.integer({ min: 1, max: 6000 }), fc.option(textArb(0, 100, REF_POOL), { nil: undefined }))
    .map(([card, back, ref]) => [
      { ...card, method: card.method === 'cash' ? 'credit_card' as const : card.method, amount: total + back },
      { method: 'cash' as const, amount: -back, ...(ref === undefined ? {} : { reference: ref }) },
    ]);
  const single = tenderHeadArb.map((h) => [{ ...h, amount: total }]);
  const none = fc.constant<TenderModel[]>([]);
  return total === 0 ? fc.oneof(none, balanced) : fc.oneof(single, balanced, balanced, cashBack);
}

// ---------------------------------------------------------------- the ticket

const OFFSETS = ['-07:00', '-06:00', 'Z', '+00:00', '+05:30', '-03:30', '+14:00'];

/** RFC 3339 with an offset, for an instant between 2024 and 2028. */
const closedAtArb: fc.Arbitrary<string> = fc.tuple(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2028, 0, 1) }),
  fc.constantFrom(...OFFSETS),
).map(([ms, offset]) => {
  const minutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(Math.floor(ms / 1000) * 1000 + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset}`;
});

function toJsonParts(p: PartsModel): fc.Arbitrary<Pick<TicketJson, 'lines' | 'discounts' | 'taxes' | 'tip' | 'rewardPointsRedeemed' | 'customerBalanceUsed'>> {
  const discountJson = (d: DiscountModel) => moneyArb(d.amount).map((amount) => ({ name: d.name, amount }));
  const lineJson = (l: LineModel) => fc.record({ quantity: quantityArb(l.quantity), unitPrice: moneyArb(l.unitPrice),
    discounts: fc.tuple(...l.discounts.map(discountJson)) })
    .map(({ quantity, unitPrice, discounts }): LineJson => ({
      kind: l.kind, name: l.name, ...(l.sku === undefined ? {} : { sku: l.sku }), ...(l.category === undefined ? {} : { category: l.category }),
      quantity, unitPrice, ...(discounts.length ? { discounts } : {}),
    }));
  const optionalMoney = (c: Cents | undefined) => (c === undefined ? fc.constant(undefined) : moneyArb(c));
  return fc.record({
    lines: fc.tuple(...p.lines.map(lineJson)),
    discounts: fc.tuple(...p.discounts.map(discountJson)),
    taxes: fc.tuple(...p.taxes.map(discountJson)),
    tip: optionalMoney(p.tip),
    rewardPointsRedeemed: optionalMoney(p.rewardPointsRedeemed),
    customerBalanceUsed: optionalMoney(p.customerBalanceUsed),
  }).map((j) => ({
    lines: j.lines,
    ...(j.discounts.length ? { discounts: j.discounts } : {}),
    ...(j.taxes.length ? { taxes: j.taxes } : {}),
    ...(j.tip === undefined ? {} : { tip: j.tip }),
    ...(j.rewardPointsRedeemed === undefined ? {} : { rewardPointsRedeemed: j.rewardPointsRedeemed }),
    ...(j.customerBalanceUsed === undefined ? {} : { customerBalanceUsed: j.customerBalanceUsed }),
  }));
}

function paymentsJson(tenders: readonly TenderModel[]): fc.Arbitrary<PaymentJson[]> {
  return fc.tuple(...tenders.map((t) => moneyArb(t.amount).map((amount): PaymentJson => ({
    method: t.method, amount,
    ...(t.label === undefined ? {} : { label: t.label }),
    ...(t.reference === undefined ? {} : { reference: t.reference }),
  }))));
}

/** A valid ticket as the JSON a POS sends. */
export function ticketJsonArbitrary(options: TicketArbitraryOptions = {}): fc.Arbitrary<TicketJson> {
  const kindArb = options.kind ? fc.constant(options.kind)
    : fc.oneof({ arbitrary: fc.constant('sale' as const), weight: 5 }, { arbitrary: fc.constant('refund' as const), weight: 2 },
      { arbitrary: fc.constant('zero' as const), weight: 1 }, { arbitrary: fc.constant(undefined), weight: 2 });
  const statusArb = options.status ? fc.constant(options.status)
    : fc.oneof({ arbitrary: fc.constant('closed' as const), weight: 9 }, { arbitrary: fc.constant('voided' as const), weight: 1 });
  const parts = fc.tuple(partsArb(options.maxLines ?? 5), kindArb, fc.integer({ min: 1, max: 5000 }))
    .map(([p, kind, extra]) => steer(p, kind, extra));
  return parts.chain((p) => {
    const total = totalOf(p);
    return fc.record({
      head: fc.record({
        id: textArb(1, 64, ID_POOL),
        locationId: textArb(1, 64, LOCATION_POOL),
        version: fc.option(fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant(2_147_483_647)), { nil: undefined }),
        status: statusArb,
        closedAt: closedAtArb,
        customer: fc.option(fc.record({ id: fc.string({ maxLength: 64 }), name: fc.string({ maxLength: 200 }) }, { requiredKeys: [] }), { nil: undefined }),
        note: fc.option(fc.string({ maxLength: 1000 }), { nil: undefined }),
      }, { requiredKeys: ['id', 'locationId', 'status', 'closedAt'] }),
      parts: toJsonParts(p),
      payments: tendersArb(total, options.maxTenders ?? 4).chain(paymentsJson),
      total: moneyArb(total),
    }).map(({ head, parts: j, payments, total: t }): TicketJson => ({ ...dropUndefined(head), ...j, payments, total: t }));
  });
}

/** The same tickets, parsed into the service's normalised form. */
export function ticketArbitrary(options: TicketArbitraryOptions = {}): fc.Arbitrary<Ticket> {
  return ticketJsonArbitrary(options).map(parseValid);
}

/** Parses a ticket the arbitrary made; a refusal means the arbitrary is wrong, so it throws. */
export function parseValid(json: TicketJson): Ticket {
  const parsed = parseTicket(json);
  if (!parsed.ok) throw new Error(`ticket-arbitrary made an invalid ticket: ${parsed.errors.map(formatFieldError).join('; ')}\n${JSON.stringify(json)}`);
  return parsed.ticket;
}

function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
