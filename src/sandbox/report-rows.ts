/**
 * The pieces of Intuit's report JSON: Columns, and Rows of Data rows and Sections (Header, Rows,
 * Summary, `type`, `group`). Money is whole cents inside and "1234.50" strings in the cells; in
 * a report summarised by class or location a zero in a segment column is an empty cell, the
 * Total column and Summary rows always show a figure.
 */
import { ACCOUNT_TYPES } from './account-types.js';
import type { Body } from './entity-store.js';
import type { LedgerAccount, Posting } from './ledger.js';
import { formatCents } from './money.js';

export type ColumnBy = 'Total' | 'Classes' | 'Departments';

/** The money columns of a report: one per class or location met (then "Not Specified"), then Total. */
export interface MoneyColumns {
  by: ColumnBy;
  /** Segment ids in column order ('' = Not Specified); Total is not listed, it is always last. */
  segments: string[];
  titles: string[];
}

const segmentOf = (by: ColumnBy, p: Posting): string => (by === 'Classes' ? p.classId ?? '' : by === 'Departments' ? p.departmentId ?? '' : '');

export function moneyColumns(by: ColumnBy, postings: Posting[]): MoneyColumns {
  if (by === 'Total') return { by, segments: [], titles: [] };
  const names = new Map<string, string>();
  for (const p of postings) {
    const id = segmentOf(by, p);
    const name = by === 'Classes' ? p.className : p.departmentName;
    if (!names.has(id) || (name && !names.get(id))) names.set(id, id === '' ? 'Not Specified' : name ?? id);
  }
  const named = [...names.keys()].filter((id) => id !== '').sort((a, b) => (names.get(a) ?? '').localeCompare(names.get(b) ?? '') || a.localeCompare(b));
  const segments = names.has('') ? [...named, ''] : named;
  return { by, segments, titles: segments.map((id) => names.get(id) ?? id) };
}

export function columnsBody(cols: MoneyColumns, firstTitle = ''): Body {
  const money = (title: string, key: string) => ({ ColTitle: title, ColType: 'Money', MetaData: [{ Name: 'ColKey', Value: key }] });
  return {
    Column: [
      { ColTitle: firstTitle, ColType: 'Account', MetaData: [{ Name: 'ColKey', Value: 'account' }] },
      ...cols.segments.map((id, i) => money(cols.titles[i] ?? id, id === '' ? 'NotSpecified' : id)),
      money('Total', 'total'),
    ],
  };
}

/** A vector of cents, one per money column (Total last). */
export type Amounts = bigint[];

export const zeros = (cols: MoneyColumns): Amounts => new Array<bigint>(cols.segments.length + 1).fill(0n);
export const add = (a: Amounts, b: Amounts): Amounts => a.map((x, i) => x + (b[i] ?? 0n));
export const sub = (a: Amounts, b: Amounts): Amounts => a.map((x, i) => x - (b[i] ?? 0n));
export const negate = (a: Amounts): Amounts => a.map((x) => -x);
export const isZero = (a: Amounts): boolean => a.every((x) => x === 0n);

export interface AccountLine {
  account: LedgerAccount;
  /** Debit positive. */
  amounts: Amounts;
}

export const accountKey = (a: LedgerAccount): string => a.id ?? `~${a.name}`;

/** Per account, the postings' sum in each column, ordered as QuickBooks lists a chart of accounts (by type, then name). */
export function byAccount(postings: Posting[], cols: MoneyColumns): AccountLine[] {
  const lines = new Map<string, AccountLine>();
  const last = cols.segments.length;
  for (const p of postings) {
    const key = accountKey(p.account);
    let line = lines.get(key);
    if (!line) lines.set(key, (line = { account: p.account, amounts: zeros(cols) }));
    const at = cols.segments.indexOf(segmentOf(cols.by, p));
    if (at >= 0) line.amounts[at] = (line.amounts[at] ?? 0n) + p.cents;
    line.amounts[last] = (line.amounts[last] ?? 0n) + p.cents;
  }
  const typeOrder = Object.keys(ACCOUNT_TYPES);
  return [...lines.values()].sort((x, y) =>
    typeOrder.indexOf(x.account.type) - typeOrder.indexOf(y.account.type) || x.account.name.localeCompare(y.account.name));
}

export function sumOf(lines: AccountLine[], cols: MoneyColumns): Amounts {
  return lines.reduce((sum, l) => add(sum, l.amounts), zeros(cols));
}

const cell = (cents: bigint, blankZero: boolean) => ({ value: blankZero && cents === 0n ? '' : formatCents(cents) });

export function accountCell(account: LedgerAccount): Body {
  return account.id === undefined ? { value: account.name } : { value: account.name, id: account.id };
}

export function dataRow(label: Body, amounts: Amounts): Body {
  return { ColData: [label, ...amounts.map((c, i) => cell(c, i < amounts.length - 1))], type: 'Data' };
}

function summary(title: string, amounts: Amounts): Body {
  return { ColData: [{ value: title }, ...amounts.map((c) => cell(c, false))] };
}

/** A titled section with its rows (left out when there are none) and its total. */
export function section(group: string, title: string, rows: Body[], totalTitle: string, amounts: Amounts): Body {
  return {
    Header: { ColData: [{ value: title }, ...amounts.map(() => ({ value: '' }))] },
    ...(rows.length > 0 ? { Rows: { Row: rows } } : {}),
    Summary: summary(totalTitle, amounts),
    type: 'Section',
    group,
  };
}

/** A computed line such as Gross Profit or Net Income: a section with a Summary only. */
export function summaryOnly(group: string, title: string, amounts: Amounts): Body {
  return { Summary: summary(title, amounts), type: 'Section', group };
}
