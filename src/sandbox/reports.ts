/**
 * `GET /reports/{ProfitAndLoss|BalanceSheet|TrialBalance}`: reports computed from the simulator's
 * own documents (ledger.ts), in Intuit's report JSON shape — `Header` (ReportName, ReportBasis,
 * StartPeriod, EndPeriod, SummarizeColumnsBy, Currency, Option), `Columns.Column` and `Rows.Row`
 * of Data rows and Sections with Header / Rows / Summary. A report is one metered read, like a
 * query. Parameters:
 * - `start_date`, `end_date` (yyyy-MM-dd): default this fiscal year to date (Pacific "today");
 *   the Balance Sheet and Trial Balance are as of `end_date`.
 * - `accounting_method`: Accrual (default) or Cash.
 * - `summarize_column_by`: Total (default), Classes or Departments (locations) for the Profit
 *   and Loss and the Balance Sheet; the Trial Balance has Debit and Credit columns only.
 * - `minorversion` and `format` are taken and ignored.
 * Any other parameter Intuit knows (date_macro, customer, class, department, item, columns,
 * sort_order…) would change the figures: rather than answer figures that ignore it, the
 * simulator refuses it (400 / 500 "Unsupported Operation"), as it refuses other reports.
 * A bad value is 2010 naming the parameter.
 */
import type { Company } from './company.js';
import type { Body } from './entity-store.js';
import { findRecord } from './entity-store.js';
import { fault } from './errors.js';
import { notServed } from './fallback-routes.js';
import type { Basis } from './ledger.js';
import { ledgerOf, systemAccount } from './ledger.js';
import { cashSideOf } from './ledger-cash.js';
import { metaTime, isIsoDate, today } from './qbo-time.js';
import type { ReportPeriod } from './report-layouts.js';
import { balanceSheetRows, isPnl, profitAndLossRows, trialBalanceRows } from './report-layouts.js';
import type { ColumnBy } from './report-rows.js';
import { columnsBody, moneyColumns } from './report-rows.js';
import type { WriteContext } from './validate-common.js';

export const SERVED_REPORTS = ['ProfitAndLoss', 'BalanceSheet', 'TrialBalance'] as const;
type ReportName = (typeof SERVED_REPORTS)[number];

const PARAMETERS = ['start_date', 'end_date', 'accounting_method', 'summarize_column_by'];
const IGNORED = ['minorversion', 'format'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface ReportParams {
  start: string;
  end: string;
  basis: Basis;
  by: ColumnBy;
}

type Query = Record<string, string | string[] | undefined>;

function single(query: Query, key: string): string | undefined {
  const value = query[key];
  if (Array.isArray(value)) throw fault.invalidValue(key, `${key} is given ${value.length} times`);
  return value;
}

export function fiscalYearStart(company: Company, date: string): string {
  const info = findRecord(company.store, 'CompanyInfo', '1')?.body;
  const month = Math.max(0, MONTHS.indexOf(String(info?.FiscalYearStartMonth ?? 'January'))) + 1;
  const year = Number(date.slice(0, 4));
  const startYear = Number(date.slice(5, 7)) >= month ? year : year - 1;
  return `${startYear}-${String(month).padStart(2, '0')}-01`;
}

function dateParam(query: Query, key: string): string | undefined {
  const value = single(query, key);
  if (value !== undefined && !isIsoDate(value)) throw fault.invalidValue(key, `${JSON.stringify(value)} is not a date (yyyy-MM-dd)`);
  return value;
}

function readParams(ctx: WriteContext, name: ReportName, query: Query): ReportParams {
  for (const key of Object.keys(query)) {
    if (key === '' || PARAMETERS.includes(key) || IGNORED.includes(key)) continue;
    throw fault.unsupportedOperation(`report parameter ${key} (the simulator serves ${PARAMETERS.join(', ')})`);
  }
  const end = dateParam(query, 'end_date') ?? today(ctx.now);
  const start = dateParam(query, 'start_date') ?? fiscalYearStart(ctx.company, end);
  if (start > end) throw fault.invalidValue('start_date', `start_date ${start} is after end_date ${end}`);
  const basis = single(query, 'accounting_method') ?? 'Accrual';
  if (basis !== 'Accrual' && basis !== 'Cash') throw fault.invalidValue('accounting_method', `${basis} is not Accrual or Cash`);
  const by = single(query, 'summarize_column_by') ?? 'Total';
  const served = name === 'TrialBalance' ? ['Total'] : ['Total', 'Classes', 'Departments'];
  if (!served.includes(by)) {
    throw fault.unsupportedOperation(`summarize_column_by=${by} for ${name} (the simulator serves ${served.join(', ')})`);
  }
  return { start, end, basis, by: by as ColumnBy };
}

function header(ctx: WriteContext, name: ReportName, p: ReportParams, noData: boolean): Body {
  return {
    Time: metaTime(ctx.now), ReportName: name, ReportBasis: p.basis, StartPeriod: p.start, EndPeriod: p.end,
    SummarizeColumnsBy: p.by, Currency: 'USD',
    Option: [{ Name: 'AccountingStandard', Value: 'GAAP' }, { Name: 'NoReportData', Value: String(noData) }],
  };
}

/** The report body for `/reports/{name}`; a report the simulator does not serve is Intuit's "Unsupported Operation". */
export function runReport(ctx: WriteContext, name: string, query: Query, url: string): Body {
  if (!(SERVED_REPORTS as readonly string[]).includes(name)) throw notServed(url);
  const report = name as ReportName;
  const p = readParams(ctx, report, query);
  const postings = ledgerOf(ctx.company, p.basis, cashSideOf(ctx.company));
  const period: ReportPeriod = {
    start: p.start, end: p.end, fiscalYearStart: fiscalYearStart(ctx.company, p.end),
    retainedEarnings: systemAccount(ctx.company, 'RetainedEarnings', 'Equity', 'Retained Earnings'),
  };
  const relevant = report === 'ProfitAndLoss'
    ? postings.filter((x) => isPnl(x) && x.date >= p.start && x.date <= p.end)
    : postings.filter((x) => x.date <= p.end);
  const cols = moneyColumns(p.by, relevant);
  const rows = report === 'ProfitAndLoss' ? profitAndLossRows(postings, period, cols)
    : report === 'BalanceSheet' ? balanceSheetRows(postings, period, cols)
      : trialBalanceRows(postings, period, cols);
  const columns = report === 'TrialBalance'
    ? { Column: [{ ColTitle: '', ColType: 'Account' }, { ColTitle: 'Debit', ColType: 'Money' }, { ColTitle: 'Credit', ColType: 'Money' }] }
    : columnsBody(cols);
  return { Header: header(ctx, report, p, relevant.every((x) => x.cents === 0n)), Columns: columns, Rows: { Row: rows } };
}
