/** Reading QuickBooks JSON numbers back as exact integers, without float arithmetic. */

/** The exact value of a number as JSON prints it, in units of 10^-digits; throws if it has more digits. */
export function exactScaled(value: number, digits: number): bigint {
  const json = JSON.stringify(value);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(json);
  if (!m) throw new Error(`not a plain decimal: ${json}`);
  const [, sign, whole = '', frac = ''] = m;
  if (frac.length > digits) throw new Error(`${json} has more than ${digits} fraction digits`);
  const scaled = BigInt(whole) * 10n ** BigInt(digits) + BigInt(frac.padEnd(digits, '0') || '0');
  return sign === '-' ? -scaled : scaled;
}

/** A QuickBooks amount as exact cents. */
export const centsOf = (amount: number): bigint => exactScaled(amount, 2);
/** A QuickBooks Qty as exact thousandths. */
export const milliOf = (qty: number): bigint => exactScaled(qty, 3);
