/**
 * Lines of the sales forms (Invoice, SalesReceipt, RefundReceipt): item lines with the
 * Amount = Qty x UnitPrice rule (6070), discount lines, description-only lines. SubTotal lines
 * are read-only: accepted on input and recomputed. QuickBooks appends one SubTotal line to what
 * it returns, as in Intuit's documented responses.
 */
import { prefs } from './company.js';
import type { Body } from './entity-store.js';
import { fault } from './errors.js';
import { lineClassRef } from './grouping-prefs.js';
import { centsToNumber, decimalToNumber, decimalToString, formatCents, multiply, percentOf, roundToCents } from './money.js';
import type { WriteContext } from './validate-common.js';
import { checkDate, checkLength, isPlainObject, namedRef, readDecimal, readMoney, resolveRef } from './validate-common.js';

export interface SalesLines {
  lines: Body[];
  itemCents: bigint;
  discountCents: bigint;
  taxableCents: bigint;
}

const DETAIL_KEYS = ['SalesItemLineDetail', 'DiscountLineDetail', 'SubTotalLineDetail', 'DescriptionLineDetail', 'GroupLineDetail'];

function onlyDetail(line: Body, expected: string | undefined): void {
  for (const key of DETAIL_KEYS) {
    if (key !== expected && line[key] !== undefined) throw fault.unsupportedProperty(`Line.${key}`, 'Line');
  }
}

function requiredAmount(line: Body): bigint {
  const amount = readMoney(line.Amount, 'Line.Amount');
  if (amount === undefined) throw fault.required('Line.Amount');
  return amount;
}

function itemLine(ctx: WriteContext, line: Body): { line: Body; cents: bigint; taxable: boolean } {
  onlyDetail(line, 'SalesItemLineDetail');
  const detail = line.SalesItemLineDetail;
  if (!isPlainObject(detail)) throw fault.required('Line.SalesItemLineDetail');
  const amount = requiredAmount(line);
  // QuickBooks may fall back to a default item; the simulator wants the item named (stricter).
  if (detail.ItemRef === undefined) throw fault.required('Line.SalesItemLineDetail.ItemRef');
  const item = resolveRef(ctx, detail.ItemRef, 'Item', 'Line.SalesItemLineDetail.ItemRef');
  if (item.body.Type === 'Category') throw fault.business('A category can not be used on a transaction line.', 'Line.SalesItemLineDetail.ItemRef');
  const qty = readDecimal(detail.Qty, 'Line.SalesItemLineDetail.Qty');
  const price = readDecimal(detail.UnitPrice, 'Line.SalesItemLineDetail.UnitPrice');
  if (qty && price) {
    const expected = roundToCents(multiply(qty, price));
    if (expected !== amount) {
      throw fault.amountCalc('Line.Amount',
        `Qty ${decimalToString(qty)} x UnitPrice ${decimalToString(price)} = ${formatCents(expected)}, Amount is ${formatCents(amount)}.`);
    }
  }
  const taxCode = isPlainObject(detail.TaxCodeRef) ? detail.TaxCodeRef.value : undefined;
  if (taxCode !== undefined && taxCode !== 'TAX' && taxCode !== 'NON') throw fault.invalidTaxCode(String(taxCode));
  const taxable = taxCode !== 'NON';
  const cls = lineClassRef(ctx, detail.ClassRef, 'Line.SalesItemLineDetail.ClassRef', false);
  const out: Body = {
    ItemRef: namedRef(item),
    ...(qty ? { Qty: decimalToNumber(qty) } : {}),
    ...(price ? { UnitPrice: decimalToNumber(price) } : {}),
    TaxCodeRef: { value: taxCode ?? (prefs.automatedSalesTax(ctx.company) ? 'TAX' : 'NON') },
    ...(item.body.IncomeAccountRef ? { ItemAccountRef: item.body.IncomeAccountRef } : {}),
    ...(detail.ServiceDate !== undefined ? { ServiceDate: checkDate(detail.ServiceDate, 'Line.SalesItemLineDetail.ServiceDate') } : {}),
    ...(cls ? { ClassRef: cls } : {}),
  };
  return { line: { Amount: centsToNumber(amount), DetailType: 'SalesItemLineDetail', SalesItemLineDetail: out }, cents: amount, taxable };
}

function discountLine(ctx: WriteContext, line: Body, subtotal: bigint): { line: Body; cents: bigint } {
  onlyDetail(line, 'DiscountLineDetail');
  if (!prefs.allowDiscount(ctx.company)) throw fault.business('Discounts are turned off in this company.', 'Line.DiscountLineDetail');
  const detail = isPlainObject(line.DiscountLineDetail) ? line.DiscountLineDetail : {};
  let amount = readMoney(line.Amount, 'Line.Amount');
  const percent = readDecimal(detail.DiscountPercent, 'Line.DiscountLineDetail.DiscountPercent');
  if (detail.PercentBased === true) {
    if (!percent) throw fault.discountMissing();
    const computed = percentOf(subtotal, percent);
    if (amount !== undefined && amount !== computed) {
      throw fault.business("You can't set both an amount and a discount percentage that disagree.", 'Line.Amount');
    }
    amount = computed;
  }
  if (amount === undefined) throw fault.discountMissing();
  if (amount < 0n) throw fault.business('A discount amount can not be negative.', 'Line.Amount');
  const account = detail.DiscountAccountRef === undefined ? undefined
    : resolveRef(ctx, detail.DiscountAccountRef, 'Account', 'Line.DiscountLineDetail.DiscountAccountRef');
  const cls = lineClassRef(ctx, detail.ClassRef, 'Line.DiscountLineDetail.ClassRef', false);
  const out: Body = {
    PercentBased: detail.PercentBased === true,
    ...(percent ? { DiscountPercent: decimalToNumber(percent) } : {}),
    ...(account ? { DiscountAccountRef: namedRef(account) } : {}),
    ...(cls ? { ClassRef: cls } : {}),
  };
  return { line: { Amount: centsToNumber(amount), DetailType: 'DiscountLineDetail', DiscountLineDetail: out }, cents: amount };
}

function descriptionLine(line: Body): Body {
  onlyDetail(line, 'DescriptionLineDetail');
  const amount = readMoney(line.Amount, 'Line.Amount');
  if (amount !== undefined && amount !== 0n) throw fault.business('A description-only line can not carry an amount.', 'Line.Amount');
  return { DetailType: 'DescriptionOnly', ...(isPlainObject(line.DescriptionLineDetail) ? { DescriptionLineDetail: line.DescriptionLineDetail } : {}) };
}

function lineIds(previous: unknown): { keep: Set<string>; next: () => string } {
  const ids = Array.isArray(previous) ? (previous as Body[]).map((l) => String(l.Id ?? '')).filter((id) => id !== '') : [];
  let counter = Math.max(0, ...ids.map(Number).filter(Number.isFinite));
  return { keep: new Set(ids), next: () => String(++counter) };
}

export function prepareSalesLines(ctx: WriteContext, raw: unknown, previousLines?: unknown): SalesLines {
  const given = Array.isArray(raw) ? (raw as Body[]).filter((l) => l.DetailType !== 'SubTotalLineDetail') : [];
  if (given.length === 0) throw fault.required('Line', 'At least one line item is required (Line).');
  const ids = lineIds(previousLines);
  const result: SalesLines = { lines: [], itemCents: 0n, discountCents: 0n, taxableCents: 0n };
  for (const line of given) {
    let out: Body;
    if (line.DetailType === undefined) throw fault.required('Line.DetailType');
    if (line.DetailType === 'SalesItemLineDetail') {
      const item = itemLine(ctx, line);
      result.itemCents += item.cents;
      if (item.taxable) result.taxableCents += item.cents;
      out = item.line;
    } else if (line.DetailType === 'DiscountLineDetail') {
      const discount = discountLine(ctx, line, result.itemCents);
      result.discountCents += discount.cents;
      out = discount.line;
    } else if (line.DetailType === 'DescriptionOnly') {
      out = descriptionLine(line);
    } else if (line.DetailType === 'GroupLineDetail') {
      throw fault.business('Group lines need a Group item, which can not be created through the API.', 'Line.GroupLineDetail');
    } else {
      throw fault.invalidEnum('Line.DetailType', String(line.DetailType));
    }
    const id = typeof line.Id === 'string' && ids.keep.delete(line.Id) ? line.Id : ids.next();
    const description = checkLength(line.Description, 'Line.Description', 4000);
    result.lines.push({ Id: id, LineNum: result.lines.length + 1, ...(description !== undefined ? { Description: description } : {}), ...out });
  }
  result.lines.push({ Amount: centsToNumber(result.itemCents), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
  return result;
}
