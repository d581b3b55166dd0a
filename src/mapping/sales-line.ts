/** A checked draft line as QuickBooks JSON: the only place line numbers are converted. */
import type { DraftLine } from './lines.js';
import { cutTo } from './text.js';
import { toQboAmount, toQboQuantity } from './qbo-number.js';
import type { SalesItemLine } from './wire-types.js';

/** QuickBooks' limit on a line Description. */
export const DESCRIPTION_MAX = 4000;

/** Lines are non-taxable: the POS's tax is posted as lines, QuickBooks must add none. */
const NON_TAXABLE = 'NON';

/** `classId`: the store's Class, where the company tracks classes per line. */
export function toSalesLine(line: DraftLine, classId?: string): SalesItemLine {
  return {
    DetailType: 'SalesItemLineDetail',
    Amount: toQboAmount(line.amount),
    Description: cutTo(line.description, DESCRIPTION_MAX),
    SalesItemLineDetail: {
      ItemRef: { value: line.itemId },
      Qty: toQboQuantity(line.qty),
      UnitPrice: toQboAmount(line.unitPrice),
      TaxCodeRef: { value: NON_TAXABLE },
      ...(classId && { ClassRef: { value: classId } }),
    },
  };
}
