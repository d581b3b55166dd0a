/**
 * Counts of the features a realistic demo must show, over a stream of demo tickets: what
 * the feature test asserts on, and a quick way to see a seed's mix (npx tsx this file).
 */
import type { DemoTicket } from '../ticket-draft.js';

export type Census = Record<string, number>;

const FEATURES: Record<string, (t: DemoTicket, seen: ReadonlyMap<string, DemoTicket>) => boolean> = {
  weighedQuantity: (t) => t.lines.some((l) => /^-?\d+\.\d{3}$/.test(l.quantity) && !l.quantity.endsWith('000')),
  giftWrap: (t) => t.lines.some((l) => l.kind === 'service' && l.name === 'Gift wrap'),
  delivery: (t) => t.lines.some((l) => l.kind === 'service' && l.name === 'Local delivery'),
  repair: (t) => t.lines.some((l) => l.kind === 'service' && l.category === 'Repairs'),
  staffLineDiscount: (t) => t.lines.some((l) => l.discounts?.some((d) => d.name === 'Staff 10%')),
  happyHour: (t) => has(t.discounts, 'Happy hour'),
  loyaltyOff: (t) => has(t.discounts, 'Loyalty $5 off'),
  severalTaxes: (t) => (t.taxes?.length ?? 0) >= 2,
  tip: (t) => t.tip !== undefined,
  rewardPoints: (t) => t.rewardPointsRedeemed !== undefined,
  balanceUsed: (t) => (t.customerBalanceUsed ?? '').match(/^\d/) !== null,
  balanceRefunded: (t) => (t.customerBalanceUsed ?? '').startsWith('-'),
  cash: (t) => t.payments.some((p) => p.method === 'cash'),
  check: (t) => t.payments.some((p) => p.method === 'check'),
  creditCardWithReference: (t) => t.payments.some((p) => p.method === 'credit_card' && p.reference !== undefined),
  giftCard: (t) => t.payments.some((p) => p.method === 'gift_card'),
  otherVenmo: (t) => t.payments.some((p) => p.method === 'other' && p.label === 'Venmo'),
  otherHouseAccount: (t) => t.payments.some((p) => p.method === 'other' && p.label === 'House account'),
  splitTender: (t) => new Set(t.payments.map((p) => p.method)).size >= 2,
  cashBack: (t) => !t.total.startsWith('-') && t.payments.some((p) => p.method === 'cash' && p.amount.startsWith('-'))
    && t.payments.some((p) => p.method === 'credit_card'),
  refund: (t) => t.total.startsWith('-') && t.lines.every((l) => l.quantity.startsWith('-')),
  exchangePositive: (t) => isExchange(t) && Number(t.total) > 0,
  exchangeNegative: (t) => isExchange(t) && Number(t.total) < 0,
  zeroTotal: (t) => t.status === 'closed' && t.total === '0.00',
  comped: (t) => t.total === '0.00' && t.lines.every((l) => l.discounts?.some((d) => d.name === 'Manager comp')),
  voidedAtTill: (t) => t.status === 'voided' && t.version === 1,
  editedTip: (t, seen) => t.version === 2 && t.status === 'closed' && seen.get(key(t))?.tip !== t.tip,
  editedLine: (t, seen) => t.version === 2 && t.status === 'closed' && JSON.stringify(seen.get(key(t))?.lines) !== JSON.stringify(t.lines),
  voidedAfterClose: (t, seen) => t.version === 2 && t.status === 'voided' && seen.get(key(t))?.status === 'closed',
};

export const FEATURE_NAMES = Object.keys(FEATURES);

function has(list: readonly { name: string }[] | undefined, name: string): boolean {
  return list?.some((d) => d.name === name) ?? false;
}

function isExchange(t: DemoTicket): boolean {
  return t.lines.some((l) => l.quantity.startsWith('-')) && t.lines.some((l) => !l.quantity.startsWith('-'));
}

function key(t: DemoTicket): string {
  return `${t.locationId}/${t.id}`;
}

/** Counts each feature; an edit counts only when its original came before it in the stream. */
export function takeCensus(tickets: Iterable<DemoTicket>): Census {
  const census: Census = Object.fromEntries(FEATURE_NAMES.map((f) => [f, 0]));
  const seen = new Map<string, DemoTicket>();
  for (const t of tickets) {
    for (const name of FEATURE_NAMES) if (FEATURES[name]?.(t, seen)) census[name] = (census[name] ?? 0) + 1;
    if (t.version === 1) seen.set(key(t), t);
  }
  return census;
}
