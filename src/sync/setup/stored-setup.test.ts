/**
 * The stored set-up read back: record ids keyed by POS names keep every name as an own key,
 * "__proto__" included (a discount of that name got its item looked up again on every run).
 */
import { describe, expect, it } from 'vitest';
import { readSetup } from './stored-setup.js';

const report = { at: '2026-12-06T00:00:00Z', companyName: 'Shop', records: [], notes: [] };
const stored = (discountItems: string): unknown => JSON.parse(`{
  "guestCustomer": "1", "undepositedFunds": "2",
  "items": { "product": "3", "service": "4", "tips": "5", "rewardPoints": "6", "customerBalance": "7", "tax": "8" },
  "discountItems": ${discountItems},
  "paymentMethods": { "cash": "11", "check": "12", "credit_card": "13", "gift_card": "14", "other": "15" },
  "automatedSalesTax": false,
  "accounts": { "productIncome": "21", "serviceIncome": "22", "cogs": "23", "discounts": "24" },
  "inventoryTracking": false,
  "summary": { "categoryItems": { "__proto__": "31", "coffee": "32" } }
}`);

describe('readSetup', () => {
  it('keeps a name such as "__proto__" as an own key, beside the others', () => {
    const read = readSetup({ setup: stored('{ "__proto__": "41", "staff": "42" }'), setupReport: report })!;
    expect(Object.hasOwn(read.setup.discountItems, '__proto__')).toBe(true);
    expect(Object.entries(read.setup.discountItems)).toEqual([['__proto__', '41'], ['staff', '42']]);
    expect(Object.getPrototypeOf(read.setup.discountItems)).toBe(Object.prototype);
    expect(Object.entries(read.setup.summary!.categoryItems!)).toEqual([['__proto__', '31'], ['coffee', '32']]);
    expect(read.setup.labelMethods).toEqual({});
  });

  it('reads nothing from a set-up whose ids are not text', () => {
    expect(readSetup({ setup: stored('{ "staff": 42 }'), setupReport: report })).toBeNull();
    expect(readSetup({ setup: stored('[["staff", "42"]]'), setupReport: report })).toBeNull();
  });
});
