/**
 * Exact decimal arithmetic for the simulator. QuickBooks sends and accepts JSON numbers for
 * Amount, UnitPrice and Qty; we never compute with them as floats. A JSON number is read back
 * through its shortest round-trip text (`String(n)`), which is the literal the client wrote for
 * any value with up to 15 significant digits, and then held as a scaled BigInt.
 */

/** value = units / 10^scale */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function decimalFromString(text: string): Decimal | undefined {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m) return undefined;
  const [, sign = '', whole = '0', frac = '', exp = '0'] = m;
  let units = BigInt(whole + frac);
  let scale = frac.length - Number(exp);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return normalize({ units: sign === '-' ? -units : units, scale });
}

export function decimalFromNumber(n: number): Decimal | undefined {
  if (!Number.isFinite(n)) return undefined;
  return decimalFromString(String(n));
}

/** Drops trailing zeros so `scale` is the number of decimals that matter. */
export function normalize(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return normalize({ units: a.units * b.units, scale: a.scale + b.scale });
}

/** Whole cents, or undefined when the value has a fraction of a cent. */
export function exactCents(d: Decimal): bigint | undefined {
  const n = normalize(d);
  if (n.scale > 2) return undefined;
  return n.units * 10n ** BigInt(2 - n.scale);
}

/**
 * Rounds to cents half away from zero (0.005 -> 0.01, -0.005 -> -0.01), the way QuickBooks' own
 * forms round a line's Qty x Rate. Intuit does not document its rounding mode (UNCONFIRMED).
 */
export function roundToCents(d: Decimal): bigint {
  const n = normalize(d);
  if (n.scale <= 2) return n.units * 10n ** BigInt(2 - n.scale);
  const divisor = 10n ** BigInt(n.scale - 2);
  const negative = n.units < 0n;
  const abs = negative ? -n.units : n.units;
  let q = abs / divisor;
  if ((abs % divisor) * 2n >= divisor) q += 1n;
  return negative ? -q : q;
}

/** cents x percent (a decimal like 8.25), rounded to cents. */
export function percentOf(cents: bigint, percent: Decimal): bigint {
  return roundToCents({ units: cents * percent.units, scale: percent.scale + 4 });
}

/** The JSON number QuickBooks would print: exact for any |cents| below 2^53. */
export function centsToNumber(cents: bigint): number {
  return Number(cents) / 100;
}

export function decimalToNumber(d: Decimal): number {
  return Number(decimalToString(d));
}

export function decimalToString(d: Decimal): string {
  const n = normalize(d);
  if (n.scale === 0) return n.units.toString();
  const negative = n.units < 0n;
  const digits = (negative ? -n.units : n.units).toString().padStart(n.scale + 1, '0');
  const cut = digits.length - n.scale;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** "12.34", "-0.50": the decimal-string form used on pages and in error details. */
export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${frac}`;
}

export function sumCents(values: Iterable<bigint>): bigint {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** Cents of an amount already stored by the simulator (always exact); 0 when absent. */
export function centsOf(value: unknown): bigint {
  if (typeof value !== 'number') return 0n;
  const d = decimalFromNumber(value);
  return d ? roundToCents(d) : 0n;
}
