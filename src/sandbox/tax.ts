/**
 * Automated sales tax, simplified. With Preferences.TaxPrefs.PartnerTaxEnabled on, QuickBooks
 * computes tax itself unless the request carries an explicit TxnTaxDetail.TotalTax, which it
 * keeps (AST; AST17). The simulator charges a flat 8.25% on taxable lines (every line is
 * taxable unless its TaxCodeRef is NON), rounded half away from zero: a product that forgets to
 * send TotalTax sees its totals come out higher than the ticket.
 */
import { prefs } from './company.js';
import type { Body } from './entity-store.js';
import { fault } from './errors.js';
import type { Decimal } from './money.js';
import { centsToNumber, decimalToNumber, percentOf } from './money.js';
import type { WriteContext } from './validate-common.js';
import { isPlainObject, readMoney } from './validate-common.js';

export const AUTOMATED_TAX_PERCENT: Decimal = { units: 825n, scale: 2 };

export interface SalesTax {
  cents: bigint;
  detail: Body;
}

function taxLine(cents: bigint, taxableCents: bigint, percent?: Decimal): Body {
  return {
    Amount: centsToNumber(cents),
    DetailType: 'TaxLineDetail',
    TaxLineDetail: {
      TaxRateRef: { value: '1', name: 'Simulated state and local rate' },
      PercentBased: percent !== undefined,
      ...(percent ? { TaxPercent: decimalToNumber(percent) } : {}),
      NetAmountTaxable: centsToNumber(taxableCents),
    },
  };
}

export function salesTax(ctx: WriteContext, input: Body, taxableCents: bigint): SalesTax {
  const given = isPlainObject(input.TxnTaxDetail) ? input.TxnTaxDetail.TotalTax : undefined;
  const explicit = readMoney(given, 'TxnTaxDetail.TotalTax');
  if (explicit !== undefined) {
    if (explicit < 0n) throw fault.business('The tax total can not be negative.', 'TxnTaxDetail.TotalTax');
    return { cents: explicit, detail: { TotalTax: centsToNumber(explicit), ...(explicit > 0n ? { TaxLine: [taxLine(explicit, taxableCents)] } : {}) } };
  }
  if (!prefs.automatedSalesTax(ctx.company)) return { cents: 0n, detail: { TotalTax: 0 } };
  const cents = percentOf(taxableCents, AUTOMATED_TAX_PERCENT);
  return {
    cents,
    detail: { TxnTaxCodeRef: { value: 'AST' }, TotalTax: centsToNumber(cents), TaxLine: [taxLine(cents, taxableCents, AUTOMATED_TAX_PERCENT)] },
  };
}
