/**
 * Named sales taxes, the way a POS computes them: each rate applied to the ticket's taxable
 * amount and rounded half up (away from zero, so a return mirrors its sale) to the cent.
 * Rates are decimal percent strings ("4.81") held exactly as millionths of the base.
 */
import type { Cents } from '../domain/money.js';

export interface DemoTaxRate {
  /** Printed on the receipt and posted as the tax line's description, e.g. "Denver city 4.81%". */
  name: string;
  /** Percent, at most 4 fraction digits: "2.9", "0.375". */
  percent: string;
}

export interface TaxRate {
  name: string;
  /** Parts per million of the taxable amount: 2.9% is 29,000. */
  ppm: number;
}

const DENVER: DemoTaxRate[] = [
  { name: 'CO state 2.9%', percent: '2.9' }, { name: 'RTD 1%', percent: '1' }, { name: 'Denver city 4.81%', percent: '4.81' },
];

/** Real-looking rates for a few zones; any other zone gets a generic state + county pair. */
const BY_ZONE: Readonly<Record<string, DemoTaxRate[]>> = {
  'America/Denver': DENVER,
  'America/New_York': [{ name: 'NY state 4%', percent: '4' }, { name: 'NYC 4.5%', percent: '4.5' }, { name: 'MCTD 0.375%', percent: '0.375' }],
  'America/Los_Angeles': [{ name: 'CA state 7.25%', percent: '7.25' }, { name: 'LA county 2.5%', percent: '2.5' }],
  'America/Chicago': [{ name: 'IL state 6.25%', percent: '6.25' }, { name: 'Chicago city 1.25%', percent: '1.25' }, { name: 'Cook county 1.75%', percent: '1.75' }],
  'America/Phoenix': [{ name: 'AZ state 5.6%', percent: '5.6' }, { name: 'Phoenix city 2.3%', percent: '2.3' }],
};
const GENERIC: DemoTaxRate[] = [{ name: 'State sales tax 6%', percent: '6' }, { name: 'County 1.25%', percent: '1.25' }];

export function defaultTaxRates(timeZone: string): DemoTaxRate[] {
  return BY_ZONE[timeZone] ?? GENERIC;
}

const PERCENT = /^(\d{1,2})(?:\.(\d{1,4}))?$/;

export function parseTaxRate(rate: DemoTaxRate): TaxRate {
  const m = PERCENT.exec(rate.percent);
  if (!m || rate.name.length < 1 || rate.name.length > 100) {
    throw new RangeError(`tax "${rate.name}": percent must be like "4.81" (0-99.9999) and the name 1-100 characters`);
  }
  const [, whole = '0', frac = ''] = m;
  return { name: rate.name, ppm: Number(whole) * 10_000 + Number(frac.padEnd(4, '0')) };
}

/**
 * One tax on a taxable amount, half away from zero. |base| × ppm stays exact in a double
 * while |base| < 9,000,000,000 cents (ppm < 1,000,000), far beyond a demo ticket.
 */
export function computeTax(base: Cents, rate: TaxRate): Cents {
  const abs = Math.abs(base);
  const cents = Math.floor((abs * rate.ppm + 500_000) / 1_000_000);
  return base < 0 ? -cents : cents;
}
