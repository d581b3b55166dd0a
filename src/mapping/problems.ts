/**
 * Why a ticket cannot be mapped. Expected failures are values, not exceptions: the sync
 * turns them into a skipped ticket with a reason, or runs Initialize again for missing set-up.
 */

export type MappingProblemCode =
  /** A set-up record's id is not known yet (e.g. a discount item Initialize has not created). */
  | 'missing-setup'
  /** The business date is not a real YYYY-MM-DD date. */
  | 'invalid-business-date'
  /** A summary day's revision is not a whole number ≥ 1. */
  | 'invalid-revision'
  /** The ticket's parts do not add up to its total: the document could not equal it. */
  | 'total-mismatch'
  /** The tenders do not add up to the total. */
  | 'payments-mismatch'
  /** An amount beyond what the mapping will send to QuickBooks. */
  | 'amount-out-of-range'
  /** A line whose Amount would not be exactly Qty × UnitPrice (a bug if it ever shows). */
  | 'inexact-line';

export interface MappingProblem {
  code: MappingProblemCode;
  message: string;
  /** Where it comes from: a ticket path (`lines[2]`) or a set-up field (`items.tips`). */
  field?: string;
}

export function problem(code: MappingProblemCode, message: string, field?: string): MappingProblem {
  return field === undefined ? { code, message } : { code, message, field };
}
