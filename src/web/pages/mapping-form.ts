/**
 * The mapping page's form read back: one picker per POS name seen (`role-i`, `key-i`, `name-i`,
 * `target-i`) and a Class and Location picker per store (`store-i`, `class-i`, `department-i`),
 * laid over the stored mapping (names not on the page keep their targets). A value that is not
 * one of the company's records as last read is an error naming the field and the value.
 */
import type { FastifyRequest } from 'fastify';
import type { AccountMapping, QboRef } from '../../domain/account-mapping.js';
import type { CompanyLists } from '../../sync/index.js';
import { field } from './page-kit.js';
import { refFromValue, setTarget } from './mapping-targets.js';
import type { NameRole } from './mapping-targets.js';
import type { FieldProblem } from './mapping-view.js';

const ROLES: readonly NameRole[] = ['category', 'method', 'tax', 'discount', 'special', 'drawer'];
/** More rows than any page shows: a form claiming more is not from this page. */
const MAX_ROWS = 2000;

export interface FormRow { i: number; role: NameRole; key: string; name: string; value: string }
export interface FormStore { i: number; id: string; name: string; classValue: string; departmentValue: string }

export interface MappingForm {
  mapping: AccountMapping;
  rows: FormRow[];
  stores: FormStore[];
  submitted: Map<string, string>;
  problems: FieldProblem[];
}

const count = (request: FastifyRequest, name: string) => {
  const n = Number(field(request, name));
  return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, MAX_ROWS) : 0;
};

export function readMappingForm(request: FastifyRequest, stored: AccountMapping, lists: CompanyLists): MappingForm {
  const mapping = structuredClone(stored);
  const submitted = new Map<string, string>();
  const problems: FieldProblem[] = [];
  const rows: FormRow[] = [];
  for (let i = 0; i < count(request, 'rows'); i++) {
    const role = field(request, `role-${i}`) as NameRole;
    const key = field(request, `key-${i}`);
    if (!ROLES.includes(role) || key === '') continue;
    const row = { i, role, key, name: field(request, `name-${i}`) || key, value: field(request, `target-${i}`) };
    rows.push(row);
    submitted.set(`target-${i}`, row.value);
    const choice = row.value === '' ? null : refFromValue(row.value, lists);
    if (choice && 'error' in choice) problems.push({ field: `target-${i}`, label: `${row.name} (${role})`, value: row.value, message: choice.error });
    else setTarget(mapping, row, choice);
  }
  const stores: FormStore[] = [];
  for (let i = 0; i < count(request, 'stores'); i++) {
    const id = field(request, `store-${i}`);
    if (id === '') continue;
    const store = { i, id, name: field(request, `storename-${i}`) || id, classValue: field(request, `class-${i}`), departmentValue: field(request, `department-${i}`) };
    stores.push(store);
    submitted.set(`class-${i}`, store.classValue);
    submitted.set(`department-${i}`, store.departmentValue);
    const ref = (what: 'class' | 'department', value: string): QboRef | undefined => {
      if (value === '') return undefined;
      const r = refFromValue(value, lists);
      if ('ref' in r && r.kind === what) return r.ref;
      const message = 'error' in r ? r.error : `"${value}" is not a ${what}`;
      problems.push({ field: `${what}-${i}`, label: `${store.name}: ${what === 'class' ? 'class' : 'location'}`, value, message });
      return undefined;
    };
    const target = { ...mapping.locations[id], class: ref('class', store.classValue), department: ref('department', store.departmentValue) };
    if (!target.class) delete target.class;
    if (!target.department) delete target.department;
    if (Object.keys(target).length === 0) delete mapping.locations[id];
    else mapping.locations[id] = target;
  }
  return { mapping, rows, stores, submitted, problems };
}

/** A select's value as a person reads it: the record's name, or '(default)'. */
export function valueLabelIn(lists: CompanyLists): (value: string) => string {
  return (value) => {
    if (value === '') return '(default)';
    const r = refFromValue(value, lists);
    return 'ref' in r ? r.ref.name : value;
  };
}

/** The date range of "Apply to what is already posted", each bad date named with its value. */
export function readRange(from: string, to: string, isDate: (v: string) => boolean, rangeText: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isDate(from)) problems.push({ field: 'from', label: 'From', value: from, message: `must be a date YYYY-MM-DD from ${rangeText}` });
  if (!isDate(to)) problems.push({ field: 'to', label: 'To', value: to, message: `must be a date YYYY-MM-DD from ${rangeText}` });
  if (problems.length === 0 && from > to) problems.push({ field: 'to', label: 'To', value: to, message: `is before From (${from})` });
  return problems;
}
