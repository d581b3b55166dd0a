/**
 * How customers pay: the five methods with believable shares, custom labels on "other",
 * references on card, gift card and check tenders, split tenders and cash back. A plan is a
 * list of tenders with fixed amounts plus one 'rest' tender that takes what is left, so an
 * edit that changes the total re-settles on the same plan.
 */
import type { Cents } from '../domain/money.js';
import type { PaymentMethod } from '../domain/ticket.js';
import { makeWeightedPick } from './prng.js';
import type { Prng } from './prng.js';
import type { Tender } from './ticket-draft.js';

/** Shares of single-tender sales, by method (a weighted pick, not a law of retail). */
const pickMethod = makeWeightedPick<PaymentMethod>([['credit_card', 60], ['cash', 24], ['other', 10], ['gift_card', 4], ['check', 2]]);
const pickOtherLabel = makeWeightedPick<string>([['Venmo', 4], ['House account', 2], ['PayPal', 2], ['Cash App', 2]]);
const pickRefundMethod = makeWeightedPick<PaymentMethod>([['credit_card', 50], ['cash', 32], ['gift_card', 8], ['other', 6], ['check', 4]]);
const CARD_BRANDS = ['VISA', 'MC', 'AMEX', 'DISC'] as const;

/** The method of a sale's main tender; decided first, since card customers tip more. */
export function pickSaleMethod(prng: Prng): PaymentMethod {
  return pickMethod(prng);
}

export function makeTender(prng: Prng, method: PaymentMethod, amount: Cents | 'rest', refund = false): Tender {
  switch (method) {
    case 'credit_card':
      return { method, amount, reference: `${refund ? 'refund ' : ''}${prng.pick(CARD_BRANDS)} •${digits(prng, 4)} auth ${digits(prng, 6)}` };
    case 'gift_card':
      return { method, amount, reference: `GC •${digits(prng, 4)}` };
    case 'check':
      return { method, amount, reference: `chk ${prng.int(1001, 9999)}` };
    case 'other': {
      const label = pickOtherLabel(prng);
      return label === 'House account'
        ? { method, amount, label, reference: `acct ${prng.int(100, 999)}` }
        : { method, amount, label };
    }
    case 'cash':
      return { method, amount };
  }
}

/**
 * Tenders for a sale of `due` (> 0) whose main method is `method`: mostly that method
 * alone; sometimes a gift card or a $20 bill covers part and a card the rest, or a card
 * sale hands out cash back (a negative cash tender, the card charged that much more).
 */
export function pickSaleTenders(prng: Prng, due: Cents, method: PaymentMethod): Tender[] {
  const roll = prng.next();
  if (method === 'credit_card' && roll < 0.04) {
    return [makeTender(prng, 'credit_card', 'rest'), { method: 'cash', amount: -prng.pick([2000, 4000, 6000]) }];
  }
  if (roll < 0.14) {
    const split = pickSplit(prng, due);
    if (split) return split;
  }
  return [makeTender(prng, method, 'rest')];
}

function pickSplit(prng: Prng, due: Cents): Tender[] | null {
  const kind = prng.int(0, 2);
  if (kind === 0) {
    // A gift card whose balance runs out: it pays its balance, a card pays the rest.
    const balance = prng.pick([500, 1000, 1500, 2500]);
    return balance < due ? [makeTender(prng, 'gift_card', balance), makeTender(prng, 'credit_card', 'rest')] : null;
  }
  if (kind === 1) {
    const bill = prng.pick([1000, 2000]);
    return bill < due ? [{ method: 'cash', amount: bill }, makeTender(prng, 'credit_card', 'rest')] : null;
  }
  // Two friends: one pays half by an app, the other in cash.
  const half = Math.floor(due / 2);
  return half > 0 ? [{ method: 'other', amount: half, label: 'Venmo' }, { method: 'cash', amount: 'rest' }] : null;
}

/** Where a refund (negative `rest`) goes back: mostly to the card it came from, or cash. */
export function pickRefundTenders(prng: Prng): Tender[] {
  return [makeTender(prng, pickRefundMethod(prng), 'rest', true)];
}

function digits(prng: Prng, count: number): string {
  return String(prng.int(0, 10 ** count - 1)).padStart(count, '0');
}
