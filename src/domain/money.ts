/**
 * Money and quantities, exact. Inside the service money is an integer number of cents
 * (a JS number, exact up to 2^53, far beyond the cap below); at the edges it is a decimal
 * string. Binary floats never hold money.
 */

/** Integer cents. */
export type Cents = number;

/** The largest amount a ticket field may carry: 999,999,999.99. Beyond it is a typo. */
export const MAX_MONEY_CENTS = 99_999_999_999;

/** Quantities are integer thousandths ("0.750" is 750). */
export type Milli = number;
export const MAX_QUANTITY_MILLI = 999_999_999;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses a money string ("12.34", "-5", "0.10") into cents. Numbers are refused. */
export function parseMoney(input: unknown): Parsed<Cents> {
  if (typeof input === 'number') {
    return { ok: false, error: `must be a decimal string such as "${formatNumberHint(input)}", not a JSON number (binary floats are not money)` };
  }
  if (typeof input !== 'string') return { ok: false, error: `must be a decimal string, got ${describe(input)}` };
  const m = DECIMAL.exec(input);
  if (!m) return { ok: false, error: `"${clip(input)}" is not a decimal amount` };
  const [, sign, whole = '', frac = ''] = m;
  if (frac.length > 2) return { ok: false, error: `"${clip(input)}" has more than 2 fraction digits` };
  if (whole.replace(/^0+/, '').length > 9) return { ok: false, error: `"${clip(input)}" is larger than ${formatCents(MAX_MONEY_CENTS)}` };
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return { ok: true, value: sign === '-' && cents !== 0 ? -cents : cents };
}

/** Formats cents as a decimal string with two fraction digits: 1234 → "12.34", -5 → "-0.05". */
export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Parses a quantity (string or number, at most 3 fraction digits, never zero) into thousandths. */
export function parseQuantity(input: unknown): Parsed<Milli> {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: `${input} is not a quantity` };
    text = String(input);
  } else if (typeof input === 'string') {
    text = input;
  } else {
    return { ok: false, error: `must be a decimal string or number, got ${describe(input)}` };
  }
  const m = DECIMAL.exec(text);
  if (!m) return { ok: false, error: `"${clip(text)}" is not a decimal quantity` };
  const [, sign, whole = '', frac = ''] = m;
  if (frac.length > 3) return { ok: false, error: `"${clip(text)}" has more than 3 fraction digits` };
  if (whole.replace(/^0+/, '').length > 6) return { ok: false, error: `"${clip(text)}" is larger than 999999.999` };
  const milli = Number(whole) * 1000 + Number(frac.padEnd(3, '0'));
  if (milli === 0) return { ok: false, error: 'must not be zero' };
  return { ok: true, value: sign === '-' ? -milli : milli };
}

/** Formats thousandths as the shortest decimal: 750 → "0.75", 2000 → "2", -1500 → "-1.5". */
export function formatQuantity(milli: Milli): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const frac = String(abs % 1000).padStart(3, '0').replace(/0+$/, '');
  return `${sign}${Math.trunc(abs / 1000)}${frac ? `.${frac}` : ''}`;
}

/**
 * quantity × unit price, rounded to the cent, half away from zero ("round half up" in the
 * sense of Java's ROUND_HALF_UP), so a return of −0.333 × 2.99 is exactly the negative of
 * the sale. Computed in BigInt: the product of two large integers can pass 2^53.
 */
export function extendPrice(quantity: Milli, unitPrice: Cents): Cents {
  const product = BigInt(quantity) * BigInt(unitPrice); // thousandths of a cent
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const rounded = (abs + 500n) / 1000n;
  if (rounded > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${quantity} milli × ${unitPrice} cents does not fit`);
  return Number(negative ? -rounded : rounded);
}

/** True when quantity × unit price stays within MAX_MONEY_CENTS (so a line is a sane amount). */
export function isWithinMoneyRange(quantity: Milli, unitPrice: Cents): boolean {
  const product = BigInt(quantity) * BigInt(unitPrice);
  return (product < 0n ? -product : product) <= BigInt(MAX_MONEY_CENTS) * 1000n;
}

/** True when quantity × unit price is a whole number of cents (QuickBooks' Amount rule). */
export function isWholeCents(quantity: Milli, unitPrice: Cents): boolean {
  return (BigInt(quantity) * BigInt(unitPrice)) % 1000n === 0n;
}

export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function formatNumberHint(n: number): string {
  return Number.isFinite(n) ? n.toFixed(2) : '0.00';
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${clip(String(v))}`;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
