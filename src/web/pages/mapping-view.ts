/**
 * What the mapping page shows, computed here so the templates only print: the POS names seen
 * in the last 30 days grouped by role with their pickers, each store's Class and Location, the
 * company's lists and when they were read, and the "Apply to what is already posted" range.
 * The same model re-renders a refused form with what was submitted and an error per field.
 */
import { posNameKey } from '../../domain/account-mapping.js';
import type { AccountMapping } from '../../domain/account-mapping.js';
import type { Location } from '../../domain/location.js';
import type { ApplyPreview, CompanyLists, ConnectionView, MappingView, PosNameSeen } from '../../sync/index.js';
import * as format from './format.js';
import {
  ROLE_TITLES, classOptions, currentTarget, defaultTarget, departmentOptions, optionsFor, targetLabel, targetValue,
} from './mapping-targets.js';
import type { NameRole, Option, OptionGroup } from './mapping-targets.js';

export const SEEN_DAYS = 30;

export interface FieldProblem {
  /** The form field it belongs to ('' for the mapping as a whole). */
  field: string;
  /** "Coffee (category)", "From" */
  label: string;
  /** What was submitted, as the user sees it. */
  value: string;
  message: string;
}

export interface NameRow {
  i: number; role: NameRole; key: string; name: string; tickets: number; money: string; isNew: boolean;
  value: string; currentLabel: string | null; defaultLabel: string; groups: OptionGroup[]; problem?: FieldProblem;
}
export interface StoreRow {
  i: number; id: string; name: string; classValue: string; departmentValue: string; classLabel: string | null; departmentLabel: string | null;
  classOptions: Option[]; departmentOptions: Option[]; classProblem?: FieldProblem; departmentProblem?: FieldProblem;
}

export interface ApplyView {
  from: string;
  to: string;
  preview: ApplyPreview | null;
  problems: FieldProblem[];
}

export interface MappingPageView {
  connections: ConnectionView[];
  connection: ConnectionView;
  view: MappingView;
  lists: CompanyLists;
  groups: { role: NameRole; title: string; rows: NameRow[] }[];
  stores: StoreRow[];
  newCount: number;
  problems: FieldProblem[];
  apply: ApplyView;
}

/** Submitted form values that override what is stored (a refused save shows what was sent). */
export type Submitted = ReadonlyMap<string, string>;

export function buildPageView(input: {
  connections: ConnectionView[]; connection: ConnectionView; view: MappingView; lists: CompanyLists; seen: PosNameSeen[];
  locations: Location[]; submitted?: Submitted; problems?: FieldProblem[]; apply: ApplyView;
}): MappingPageView {
  const { view, lists } = input;
  const problems = input.problems ?? [];
  const problemOf = (field: string) => problems.find((p) => p.field === field);
  const groups = new Map<NameRole, NameRow[]>();
  input.seen.forEach((s, i) => {
    const t = currentTarget(view.mapping, s.role, s.key);
    const row: NameRow = {
      i, role: s.role, key: s.key, name: displayName(s), tickets: s.tickets, money: format.money(s.cents), isNew: s.isNew,
      value: input.submitted?.get(`target-${i}`) ?? targetValue(t), currentLabel: targetLabel(t), defaultLabel: defaultTarget(s),
      groups: [], problem: problemOf(`target-${i}`),
    };
    row.groups = keepCurrent(optionsFor(s.role, lists), row.value, lists, row.currentLabel);
    groups.set(s.role, [...(groups.get(s.role) ?? []), row]);
  });
  const stores = input.locations.filter((l) => input.connection.locationIds.includes(l.id)).map((l, i): StoreRow => {
    const t = view.mapping.locations[l.id];
    return {
      i, id: l.id, name: l.name,
      classValue: input.submitted?.get(`class-${i}`) ?? (t?.class ? `class:${t.class.id}` : ''),
      departmentValue: input.submitted?.get(`department-${i}`) ?? (t?.department ? `department:${t.department.id}` : ''),
      classLabel: t?.class?.name ?? null, departmentLabel: t?.department?.name ?? null,
      classOptions: [], departmentOptions: [],
      classProblem: problemOf(`class-${i}`), departmentProblem: problemOf(`department-${i}`),
    };
  });
  for (const st of stores) {
    st.classOptions = keepCurrent([{ label: '', options: classOptions(lists) }], st.classValue, lists, st.classLabel).flatMap((g) => g.options);
    st.departmentOptions = keepCurrent([{ label: '', options: departmentOptions(lists) }], st.departmentValue, lists, st.departmentLabel).flatMap((g) => g.options);
  }
  const order: NameRole[] = ['category', 'method', 'tax', 'discount', 'special', 'drawer'];
  return {
    connections: input.connections, connection: input.connection, view, lists,
    groups: order.filter((r) => groups.has(r)).map((role) => ({ role, title: ROLE_TITLES[role], rows: groups.get(role)! })),
    stores, newCount: input.seen.filter((s) => s.isNew).length, problems, apply: input.apply,
  };
}

/**
 * A target the pickers do not offer (inactive in QuickBooks now, gone from the lists, or of a
 * kind the page would not offer) stays selected and says so: otherwise the browser would show
 * the first option and a save would quietly send the name back to its default.
 */
function keepCurrent(groups: OptionGroup[], value: string, lists: CompanyLists, name: string | null): OptionGroup[] {
  if (value === '' || groups.some((g) => g.options.some((o) => o.value === value))) return groups;
  const [kind = '', id = ''] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  const list = { account: lists.accounts, item: lists.items, pm: lists.paymentMethods, class: lists.classes, department: lists.departments }[kind] ?? [];
  const record = list.find((r) => r.id === id);
  const label = !record ? `${name ?? value} (not in the company's lists: Refresh, or choose another)`
    : record.active ? `${record.name} (${record.type})` : `${record.name} (inactive in QuickBooks: choose another)`;
  return [{ label: 'Mapped now', options: [{ value, label }] }, ...groups];
}

const METHOD_TITLES: Record<string, string> = { cash: 'Cash', check: 'Check', credit_card: 'Credit card', gift_card: 'Gift card', other: 'Other' };
const SPECIAL_TITLES: Record<string, string> = { tips: 'Tips', rewardPoints: 'Reward points', customerBalance: 'Customer balance', giftCardSales: 'Gift card sales' };

/** A standard tender or a special is named as people say it (the form still sends its key). */
function displayName(s: PosNameSeen): string {
  if (s.role === 'method') return METHOD_TITLES[s.key] ?? s.name;
  if (s.role === 'special') return SPECIAL_TITLES[s.key] ?? s.name;
  return s.name;
}

/**
 * The service's errors (by mapping path, e.g. `categories.Coffee.account`) given back to the
 * form fields they came from, so each shows next to its picker with the value chosen.
 */
export function problemsFromPaths(errors: { path: string; message: string; value?: string }[], form: {
  rows: { i: number; role: NameRole; key: string; name: string; value: string }[];
  stores: { i: number; id: string; name: string; classValue: string; departmentValue: string }[];
  mapping: AccountMapping; valueLabel: (value: string) => string;
}): FieldProblem[] {
  const sectionOf: Record<string, NameRole> = { categories: 'category', methods: 'method', taxes: 'tax', discounts: 'discount', specials: 'special', drawer: 'drawer' };
  return errors.map((e) => {
    const [section = '', name = '', what = ''] = e.path.split('.');
    if (section === 'locations') {
      const s = form.stores.find((x) => x.id === name);
      if (s && (what === 'class' || what === 'department')) {
        const value = what === 'class' ? s.classValue : s.departmentValue;
        return { field: `${what}-${s.i}`, label: `${s.name}: ${what === 'class' ? 'class' : 'location'}`, value: form.valueLabel(value), message: e.message };
      }
    }
    const role = sectionOf[section];
    const same = (r: { role: NameRole; key: string }) => (r.role === 'method' || r.role === 'special' ? r.key === name : posNameKey(r.key) === posNameKey(name));
    const row = role && form.rows.find((r) => r.role === role && same(r));
    if (row) return { field: `target-${row.i}`, label: `${row.name} (${role})`, value: e.value ?? form.valueLabel(row.value), message: e.message };
    return { field: '', label: e.path || 'mapping', value: e.value ?? '', message: e.message };
  });
}
