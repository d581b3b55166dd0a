/**
 * The demo store: a café-grocery that also sells a few goods by weight and some services.
 * Prices are integer cents (money.ts); weighed goods are priced per kilogram and rung up
 * with a scale's three decimals ("0.750" kg), so some lines are not whole cents
 * (1.255 kg × 18.99 = 23.83245) and exercise the rounding rules downstream.
 */
import type { Cents, Milli } from '../domain/money.js';
import type { LineKind } from '../domain/ticket.js';
import { makeWeightedPick } from './prng.js';
import type { Prng } from './prng.js';

export interface CatalogItem {
  sku: string;
  name: string;
  category: string;
  kind: LineKind;
  unitPrice: Cents;
  /** 'kg': quantity is a scale reading in thousandths; 'each': whole units. */
  unit: 'each' | 'kg';
  /** Prepared food, drinks, merchandise: taxed. Groceries and services: not (the demo's rule). */
  taxable: boolean;
  /** How often it is rung up, relative to the others. */
  popularity: number;
  /** Quantity range in thousandths (a scale reading for 'kg', whole units × 1000 for 'each'). */
  minQty: Milli;
  maxQty: Milli;
}

type Row = [sku: string, name: string, category: string, price: Cents, popularity: number, maxUnits?: number];

const each = (kind: LineKind, taxable: boolean) => ([sku, name, category, price, popularity, maxUnits = 1]: Row): CatalogItem =>
  ({ sku, name, category, kind, unitPrice: price, unit: 'each', taxable, popularity, minQty: 1000, maxQty: maxUnits * 1000 });

const byWeight = ([sku, name, category, price, popularity]: Row, minQty: Milli, maxQty: Milli): CatalogItem =>
  ({ sku, name, category, kind: 'product', unitPrice: price, unit: 'kg', taxable: false, popularity, minQty, maxQty });

export const CATALOG: readonly CatalogItem[] = [
  ...([
    ['DRP12', 'Drip coffee 12oz', 'Coffee', 275, 14, 2], ['DRP16', 'Drip coffee 16oz', 'Coffee', 325, 10, 2],
    ['ESP', 'Espresso', 'Coffee', 300, 5, 2], ['CAP12', 'Cappuccino 12oz', 'Coffee', 425, 8, 2],
    ['LAT12', 'Latte 12oz', 'Coffee', 425, 8, 2], ['LAT16', 'Latte 16oz', 'Coffee', 475, 10, 2],
    ['OAT16', 'Oat milk latte 16oz', 'Coffee', 550, 6], ['CB16', 'Cold brew 16oz', 'Coffee', 495, 6],
    ['CHAI', 'Chai latte 16oz', 'Drinks', 465, 4], ['HOTC', 'Hot chocolate 12oz', 'Drinks', 395, 3],
    ['CRS', 'Croissant', 'Pastry', 375, 8, 3], ['PAC', 'Pain au chocolat', 'Pastry', 425, 6, 3],
    ['MUF', 'Blueberry muffin', 'Pastry', 350, 5, 3], ['CIN', 'Cinnamon roll', 'Pastry', 450, 4, 2],
    ['SCN', 'Cranberry scone', 'Pastry', 395, 3, 2], ['BNB', 'Banana bread slice', 'Pastry', 325, 3, 2],
    ['SW-TRK', 'Turkey & Swiss sandwich', 'Sandwiches', 995, 5], ['SW-CAP', 'Caprese panini', 'Sandwiches', 1050, 4],
    ['SW-BLT', 'BLT', 'Sandwiches', 950, 3], ['BRT', 'Breakfast burrito', 'Sandwiches', 875, 4],
    ['WRP-V', 'Veggie wrap', 'Sandwiches', 925, 2], ['SOUP', 'Soup of the day', 'Sandwiches', 650, 3],
    ['MUG-16', 'Stoneware mug 16oz', 'Merchandise', 1600, 1], ['TOTE', 'Canvas tote bag', 'Merchandise', 1200, 1],
  ] satisfies Row[]).map(each('product', true)),
  ...([
    ['SPK-W', 'Sparkling water 500ml', 'Grocery', 199, 4, 4], ['HNY-12', 'Local honey 12oz', 'Grocery', 1150, 1],
    ['SRD', 'Sourdough loaf', 'Bakery', 750, 3], ['OATM-1L', 'Oat milk 1L', 'Grocery', 479, 2, 2],
    ['EGG-12', 'Free-range eggs, dozen', 'Grocery', 625, 2], ['JAM-AP', 'Apricot jam 10oz', 'Grocery', 895, 1],
  ] satisfies Row[]).map(each('product', false)),
  byWeight(['BEAN-HB', 'House blend beans (per kg)', 'Coffee beans', 2400, 4], 250, 1500),
  byWeight(['BEAN-ETH', 'Ethiopia Yirgacheffe beans (per kg)', 'Coffee beans', 3400, 2], 250, 1000),
  byWeight(['CHS-GRU', 'Gruyère (per kg)', 'Deli', 3190, 2], 120, 650),
  byWeight(['OLV-MIX', 'Mixed olives (per kg)', 'Deli', 1899, 2], 150, 1300),
  byWeight(['FRU-APL', 'Honeycrisp apples (per kg)', 'Produce', 659, 2], 400, 2500),
  byWeight(['FRU-BAN', 'Bananas (per kg)', 'Produce', 149, 3], 300, 2000),
  byWeight(['NUT-TRL', 'Trail mix (per kg)', 'Bulk', 1499, 1], 100, 900),
  ...([
    ['SVC-WRAP', 'Gift wrap', 'Services', 200, 2], ['SVC-DLV', 'Local delivery', 'Services', 600, 1],
    ['SVC-DESC', 'Espresso machine descaling', 'Repairs', 4500, 0.3], ['SVC-GRND', 'Grinder repair', 'Repairs', 3500, 0.3],
    ['SVC-KNF', 'Knife sharpening', 'Services', 800, 0.5, 4], ['SVC-CLASS', 'Coffee tasting class', 'Classes', 2500, 0.4, 2],
  ] satisfies Row[]).map(each('service', false)),
];

export const pickCatalogItem: (prng: Prng) => CatalogItem = makeWeightedPick(CATALOG.map((item) => [item, item.popularity] as const));

/** Categories of what is drunk at the counter: happy hour applies to them. */
export const DRINK_CATEGORIES: ReadonlySet<string> = new Set(['Coffee', 'Drinks']);

/** Things a returned item is likely to be: goods, not a latte that was drunk. */
export const RETURNABLE: readonly CatalogItem[] = CATALOG.filter((i) => !DRINK_CATEGORIES.has(i.category) && i.kind === 'product');

/** A quantity for one line: whole units, or a scale reading ("1.255" kg). */
export function pickQuantity(item: CatalogItem, prng: Prng): Milli {
  if (item.unit === 'kg') return prng.int(item.minQty, item.maxQty);
  const units = prng.next() < 0.8 ? 1 : prng.int(1, item.maxQty / 1000);
  return units * 1000;
}

/** A line's quantity as the POS writes it: a scale's three decimals for weighed goods. */
export function formatLineQuantity(item: Pick<CatalogItem, 'unit'>, quantity: Milli): string {
  if (item.unit === 'each') return String(quantity / 1000);
  const sign = quantity < 0 ? '-' : '';
  const abs = Math.abs(quantity);
  return `${sign}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}
