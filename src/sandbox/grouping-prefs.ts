/**
 * Class and location (Department) tracking: the company settings (Preferences.AccountingInfoPrefs
 * ClassTrackingPerTxn / ClassTrackingPerTxnLine, TrackDepartments, DepartmentTerminology) and the
 * rules a ClassRef or DepartmentRef on a transaction must follow.
 *
 * UNCONFIRMED at Intuit (what QuickBooks does with a reference the company does not track is not
 * documented; it may well ignore it): the simulator refuses, 400 / 6000 with a Detail naming the
 * setting, so a product that forgets to check the company's settings learns it here.
 * - ClassRef or DepartmentRef while the feature is off: refused.
 * - Classes are either per transaction or per line (QuickBooks' "Assign classes: one to each row /
 *   one to entire transaction"), never both: on a sales form, a ClassRef on the lines of a
 *   per-transaction company, or on the transaction of a per-line company, is refused.
 * - Journal entries and deposits have no transaction-level class: their lines take a ClassRef
 *   whenever class tracking is on, in either mode (QuickBooks' journal and deposit forms show a
 *   class column per line).
 * - A reference to a missing class or location is 2500, to an inactive one 610 (as every reference).
 */
import type { Company } from './company.js';
import { prefs } from './company.js';
import type { Body } from './entity-store.js';
import { fault } from './errors.js';
import type { Ref, WriteContext } from './validate-common.js';
import { namedRef, resolveRef } from './validate-common.js';

export type ClassTracking = 'off' | 'perTxn' | 'perLine';
export const CLASS_TRACKING: readonly ClassTracking[] = ['off', 'perTxn', 'perLine'];
/** The words QuickBooks offers for "Location" (Settings → Advanced → Track locations). */
export const DEPARTMENT_TERMS = ['Business', 'Department', 'Division', 'Location', 'Property', 'Store', 'Territory'] as const;

export interface GroupingSettings {
  classTracking: ClassTracking;
  trackDepartments: boolean;
  departmentTerminology: string;
}

export function classTrackingOf(company: Company): ClassTracking {
  if (prefs.classPerLine(company)) return 'perLine';
  return prefs.classPerTxn(company) ? 'perTxn' : 'off';
}

export function groupingSettings(company: Company, accounting: Body): GroupingSettings {
  return {
    classTracking: classTrackingOf(company),
    trackDepartments: prefs.trackDepartments(company),
    departmentTerminology: typeof accounting.DepartmentTerminology === 'string' ? accounting.DepartmentTerminology : 'Location',
  };
}

/** Checks one change from outside (sim.setPreferences, /__sim); false when the key is not a grouping setting. */
export function parseGroupingChange(key: string, value: unknown, out: Partial<GroupingSettings>): boolean {
  if (key === 'classTracking') {
    if (!CLASS_TRACKING.includes(value as ClassTracking)) throw new TypeError(`classTracking must be one of ${CLASS_TRACKING.join(', ')}`);
    out.classTracking = value as ClassTracking;
  } else if (key === 'trackDepartments') {
    if (typeof value !== 'boolean') throw new TypeError('trackDepartments must be true or false');
    out.trackDepartments = value;
  } else if (key === 'departmentTerminology') {
    if (!(DEPARTMENT_TERMS as readonly string[]).includes(value as string)) {
      throw new TypeError(`departmentTerminology must be one of ${DEPARTMENT_TERMS.join(', ')}`);
    }
    out.departmentTerminology = value as string;
  } else {
    return false;
  }
  return true;
}

/** Writes the changes into a copy of AccountingInfoPrefs. */
export function applyGroupingChanges(accounting: Body, changes: Partial<GroupingSettings>): void {
  if (changes.classTracking !== undefined) {
    accounting.ClassTrackingPerTxn = changes.classTracking === 'perTxn';
    accounting.ClassTrackingPerTxnLine = changes.classTracking === 'perLine';
  }
  if (changes.trackDepartments !== undefined) accounting.TrackDepartments = changes.trackDepartments;
  if (changes.departmentTerminology !== undefined) accounting.DepartmentTerminology = changes.departmentTerminology;
}

/** A Preferences update over the API: one class mode at most (6000), a known terminology (2170). */
export function checkAccountingPrefs(accounting: Body): void {
  if (accounting.ClassTrackingPerTxn === true && accounting.ClassTrackingPerTxnLine === true) {
    throw fault.business('Classes are assigned either to the entire transaction (ClassTrackingPerTxn) or to each line '
      + '(ClassTrackingPerTxnLine), not both.', 'AccountingInfoPrefs.ClassTrackingPerTxnLine');
  }
  const term = accounting.DepartmentTerminology;
  if (term !== undefined && !(DEPARTMENT_TERMS as readonly string[]).includes(term as string)) {
    throw fault.invalidEnum('AccountingInfoPrefs.DepartmentTerminology', String(term));
  }
}

const CLASS_OFF = 'Class tracking is turned off in this company (Preferences.AccountingInfoPrefs.ClassTrackingPerTxn and '
  + 'ClassTrackingPerTxnLine are false): a ClassRef can not be used.';

function classRecord(ctx: WriteContext, ref: unknown, element: string): Ref | undefined {
  if (ref === undefined || ref === null) return undefined;
  if (classTrackingOf(ctx.company) === 'off') throw fault.business(CLASS_OFF, element);
  return namedRef(resolveRef(ctx, ref, 'Class', element));
}

/** A sales form's transaction-level ClassRef: only in a company that assigns one class per transaction. */
export function transactionClassRef(ctx: WriteContext, input: Body): Ref | undefined {
  if (input.ClassRef === undefined || input.ClassRef === null) return undefined;
  if (classTrackingOf(ctx.company) === 'perLine') {
    throw fault.business('This company assigns classes to each line (ClassTrackingPerTxnLine): send ClassRef on the lines, '
      + 'not on the transaction.', 'ClassRef');
  }
  return classRecord(ctx, input.ClassRef, 'ClassRef');
}

/**
 * A line's ClassRef. `lineOnly`: the document has no transaction-level class (JournalEntry,
 * Deposit), so either mode takes it; a sales form's line needs the per-line mode.
 */
export function lineClassRef(ctx: WriteContext, ref: unknown, element: string, lineOnly: boolean): Ref | undefined {
  if (ref === undefined || ref === null) return undefined;
  if (!lineOnly && classTrackingOf(ctx.company) === 'perTxn') {
    throw fault.business('This company assigns one class to the entire transaction (ClassTrackingPerTxn): send ClassRef on '
      + 'the transaction, not on its lines.', element);
  }
  return classRecord(ctx, ref, element);
}

/** A DepartmentRef (a transaction's, or a journal entry line's): only while location tracking is on. */
export function departmentRef(ctx: WriteContext, ref: unknown, element = 'DepartmentRef'): Ref | undefined {
  if (ref === undefined || ref === null) return undefined;
  if (!prefs.trackDepartments(ctx.company)) {
    throw fault.business('Location tracking is turned off in this company (Preferences.AccountingInfoPrefs.TrackDepartments is '
      + 'false): a DepartmentRef can not be used.', element);
  }
  return namedRef(resolveRef(ctx, ref, 'Department', element));
}

/** The transaction-level DepartmentRef and ClassRef of a sales form, checked. */
export function salesFormGrouping(ctx: WriteContext, input: Body): { DepartmentRef?: Ref; ClassRef?: Ref } {
  const department = departmentRef(ctx, input.DepartmentRef);
  const cls = transactionClassRef(ctx, input);
  return { ...(department ? { DepartmentRef: department } : {}), ...(cls ? { ClassRef: cls } : {}) };
}

