/**
 * The accountant's mapping (docs/mapping.md): where each POS name posts in the accountant's
 * own chart of accounts, per QuickBooks company, with per-location overrides where stores
 * differ (categories, tenders, taxes) and each location's Class and QuickBooks Location.
 * Anything left unmapped posts as the default set-up does, so a company that maps nothing posts
 * exactly what it posted before mapping existed.
 *
 * Targets are QuickBooks records named by id and name: the id is what is posted, the name is
 * what people read and what an export carries to another company.
 */
import { z } from 'zod';
import { PAYMENT_METHODS } from './ticket.js';
import type { PaymentMethod } from './ticket.js';

export interface QboRef {
  id: string;
  name: string;
}

/** What a POS name can be sent to. */
export type TargetRole =
  | 'category' // income (or, line-by-line, an item of the company's own)
  | 'method' // a PaymentMethod, and the account the money is deposited to
  | 'tax' // a liability account (summary) or an item (line-by-line)
  | 'discount'
  | 'special' // tips, reward points, customer balance, gift card sales
  | 'drawer' // drawer operation categories (summary mode)
  | 'processor' // payouts: bank, clearing and fees accounts
  | 'location'; // a Class and/or a QuickBooks Location (Department)

export const SPECIALS = ['tips', 'rewardPoints', 'customerBalance', 'giftCardSales'] as const;
export type Special = (typeof SPECIALS)[number];

export interface CategoryTarget { account?: QboRef; item?: QboRef }
export interface MethodTarget { paymentMethod?: QboRef; depositAccount?: QboRef }
export interface TaxTarget { account?: QboRef; item?: QboRef }
export interface AccountTarget { account: QboRef }
export interface ProcessorTarget { bank: QboRef; clearing?: QboRef; fees: QboRef; adjustments?: QboRef; from?: string }
export interface LocationTarget {
  class?: QboRef;
  department?: QboRef;
  /** Where this store differs from the company's mapping. */
  overrides?: { categories?: Record<string, CategoryTarget>; methods?: Record<string, MethodTarget>; taxes?: Record<string, TaxTarget> };
}

export interface AccountMapping {
  categories: Record<string, CategoryTarget>;
  /** Keyed by method (`cash`, `credit_card`…) or `label:<the POS's label>` for a custom tender. */
  methods: Record<string, MethodTarget>;
  taxes: Record<string, TaxTarget>;
  discounts: Record<string, AccountTarget>;
  specials: Partial<Record<Special, AccountTarget>>;
  drawer: Record<string, AccountTarget>;
  processors: Record<string, ProcessorTarget>;
  locations: Record<string, LocationTarget>;
}

export function emptyMapping(): AccountMapping {
  return { categories: {}, methods: {}, taxes: {}, discounts: {}, specials: {}, drawer: {}, processors: {}, locations: {} };
}

/**
 * How POS names are matched: QuickBooks compares names without regard to case, and a POS may
 * send "Coffee " one day and "coffee" the next; both are one name.
 */
export function posNameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The key of a tender in `methods`: its method, or its custom label. */
export function methodKey(p: { method: PaymentMethod; label?: string }): string {
  const label = p.label?.trim();
  return label ? `label:${posNameKey(label)}` : p.method;
}

export const isStandardMethodKey = (key: string): key is PaymentMethod => (PAYMENT_METHODS as readonly string[]).includes(key);

const ref = z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) }).strict();
const category = z.object({ account: ref.optional(), item: ref.optional() }).strict()
  .refine((t) => (t.account ? 1 : 0) + (t.item ? 1 : 0) === 1, { error: 'map a category to an account or to an item, not both or neither' });
const method = z.object({ paymentMethod: ref.optional(), depositAccount: ref.optional() }).strict()
  .refine((t) => t.paymentMethod || t.depositAccount, { error: 'name a payment method, a deposit account, or both' });
const tax = z.object({ account: ref.optional(), item: ref.optional() }).strict()
  .refine((t) => t.account || t.item, { error: 'name an account or an item' });
const account = z.object({ account: ref }).strict();
const posNames = <T extends z.ZodType>(target: T) => z.record(z.string().min(1).max(200), target);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' });

const mappingSchema = z.object({
  categories: posNames(category).default({}),
  methods: posNames(method).default({}),
  taxes: posNames(tax).default({}),
  discounts: posNames(account).default({}),
  specials: z.object(Object.fromEntries(SPECIALS.map((s) => [s, account.optional()])) as Record<Special, z.ZodOptional<typeof account>>).strict().default({}),
  drawer: posNames(account).default({}),
  processors: z.record(z.string().min(1).max(64), z.object({
    bank: ref, clearing: ref.optional(), fees: ref, adjustments: ref.optional(), from: isoDate.optional(),
  }).strict()).default({}),
  locations: z.record(z.string().min(1).max(64), z.object({
    class: ref.optional(),
    department: ref.optional(),
    overrides: z.object({ categories: posNames(category).optional(), methods: posNames(method).optional(), taxes: posNames(tax).optional() })
      .strict().optional(),
  }).strict()).default({}),
}).strict();

export interface MappingFieldError {
  path: string;
  message: string;
  /** The value refused, where there is one (the record's name as sent). */
  value?: string;
}

/** A mapping as sent (API, import, stored JSON): its shape checked, every error named by its path. */
export function parseMapping(input: unknown): { ok: true; mapping: AccountMapping } | { ok: false; errors: MappingFieldError[] } {
  const r = mappingSchema.safeParse(input ?? {});
  if (r.success) {
    const duplicates = duplicateNames(r.data as AccountMapping);
    return duplicates.length === 0 ? { ok: true, mapping: r.data as AccountMapping } : { ok: false, errors: duplicates };
  }
  return { ok: false, errors: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, ...valueAt(input, i.path) })) };
}

/** The value sent at a path, as text to show beside the error (long ones cut). */
function valueAt(input: unknown, path: readonly PropertyKey[]): { value?: string } {
  let at: unknown = input;
  for (const key of path) at = at !== null && typeof at === 'object' && Object.hasOwn(at, key) ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  if (at === undefined) return {};
  const text = typeof at === 'string' ? at : JSON.stringify(at);
  return { value: text.length > 80 ? `${text.slice(0, 79)}…` : text };
}

/** The company's rules with a location's overrides laid over them. */
export function rulesFor(mapping: AccountMapping, locationId: string): AccountMapping {
  const overrides = mapping.locations[locationId]?.overrides;
  if (!overrides) return mapping;
  return {
    ...mapping,
    categories: { ...mapping.categories, ...overrides.categories },
    methods: { ...mapping.methods, ...overrides.methods },
    taxes: { ...mapping.taxes, ...overrides.taxes },
  };
}

/** One section keyed by posNameKey, for look-ups (built once per run, not per line). */
export function indexByName<T>(section: Record<string, T>): Map<string, T> {
  return new Map(Object.entries(section).map(([name, target]) => [posNameKey(name), target]));
}

/** Two spellings of one POS name in a section ("Coffee" and "coffee ") would be ambiguous. */
export function duplicateNames(mapping: AccountMapping): MappingFieldError[] {
  const errors: MappingFieldError[] = [];
  const check = (section: Record<string, unknown> | undefined, path: string) => {
    const seen = new Map<string, string>();
    for (const name of Object.keys(section ?? {})) {
      const key = posNameKey(name);
      const first = seen.get(key);
      if (first !== undefined) errors.push({ path: `${path}.${name}`, message: `"${name}" and "${first}" are the same POS name` });
      else seen.set(key, name);
    }
  };
  for (const s of ['categories', 'methods', 'taxes', 'discounts', 'drawer'] as const) check(mapping[s], s);
  for (const [id, l] of Object.entries(mapping.locations)) {
    for (const s of ['categories', 'methods', 'taxes'] as const) check(l.overrides?.[s], `locations.${id}.overrides.${s}`);
  }
  return errors;
}
