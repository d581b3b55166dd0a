/**
 * The three reports' rows, from the ledger's postings (ledger.ts), laid out as QuickBooks lays
 * them out:
 * - ProfitAndLoss: Income, Cost of Goods Sold, Gross Profit, Expenses, Net Operating Income,
 *   Other Income, Other Expenses, Net Other Income, Net Income, for postings dated within the
 *   period. Accounts without activity are left out.
 * - BalanceSheet as of the end date: Assets (Current: Bank, A/R, Other Current; Fixed; Other),
 *   Liabilities (Current: A/P, Credit Cards, Other Current; Long Term) and Equity, where the
 *   income of earlier fiscal years is added to Retained Earnings and this fiscal year's up to
 *   the end date is the "Net Income" row; TOTAL ASSETS equals TOTAL LIABILITIES AND EQUITY.
 * - TrialBalance as of the end date: balance-sheet accounts' balances, income and expense
 *   accounts for the fiscal year to date (earlier years closed into Retained Earnings, as
 *   above), a Debit and a Credit column and a TOTAL row whose two figures agree.
 */
import type { Body } from './entity-store.js';
import type { LedgerAccount, Posting } from './ledger.js';
import { formatCents } from './money.js';
import type { AccountLine, Amounts, MoneyColumns } from './report-rows.js';
import {
  accountCell, accountKey, add, byAccount, dataRow, isZero, negate, section, sub, sumOf, summaryOnly, zeros,
} from './report-rows.js';

export interface ReportPeriod {
  start: string;
  end: string;
  /** First day of the fiscal year the end date falls in. */
  fiscalYearStart: string;
  /** Where earlier years' income goes (the company's Retained Earnings account). */
  retainedEarnings: LedgerAccount;
}

const PNL_TYPES = ['Income', 'Cost of Goods Sold', 'Expense', 'Other Income', 'Other Expense'];
export const isPnl = (p: Posting): boolean => PNL_TYPES.includes(p.account.type);

interface Block {
  row: Body;
  amounts: Amounts;
}

/** Account rows of the given types, with credits shown positive when `creditNormal`. */
function accountRows(lines: AccountLine[], types: string[], creditNormal: boolean): AccountLine[] {
  return lines
    .filter((l) => types.includes(l.account.type))
    .map((l) => ({ ...l, amounts: creditNormal ? negate(l.amounts) : l.amounts }))
    .filter((l) => !isZero(l.amounts));
}

function block(cols: MoneyColumns, group: string, title: string, lines: AccountLine[], extra: Body[] = [], extraAmounts?: Amounts): Block {
  const amounts = add(sumOf(lines, cols), extraAmounts ?? zeros(cols));
  const rows = [...lines.map((l) => dataRow(accountCell(l.account), l.amounts)), ...extra];
  return { row: section(group, title, rows, `Total ${title}`, amounts), amounts };
}

export function profitAndLossRows(postings: Posting[], period: ReportPeriod, cols: MoneyColumns): Body[] {
  const lines = byAccount(postings.filter((p) => isPnl(p) && p.date >= period.start && p.date <= period.end), cols);
  const income = block(cols, 'Income', 'Income', accountRows(lines, ['Income'], true));
  const cogs = block(cols, 'COGS', 'Cost of Goods Sold', accountRows(lines, ['Cost of Goods Sold'], false));
  const gross = sub(income.amounts, cogs.amounts);
  const expenses = block(cols, 'Expenses', 'Expenses', accountRows(lines, ['Expense'], false));
  const operating = sub(gross, expenses.amounts);
  const otherIncome = block(cols, 'OtherIncome', 'Other Income', accountRows(lines, ['Other Income'], true));
  const otherExpenses = block(cols, 'OtherExpenses', 'Other Expenses', accountRows(lines, ['Other Expense'], false));
  const netOther = sub(otherIncome.amounts, otherExpenses.amounts);
  return [
    income.row, cogs.row, summaryOnly('GrossProfit', 'Gross Profit', gross),
    expenses.row, summaryOnly('NetOperatingIncome', 'Net Operating Income', operating),
    otherIncome.row, otherExpenses.row, summaryOnly('NetOtherIncome', 'Net Other Income', netOther),
    summaryOnly('NetIncome', 'Net Income', add(operating, netOther)),
  ];
}

/** Balance-sheet lines as of the end date, with earlier fiscal years' income in Retained Earnings; also this year's net income. */
function closedBooks(postings: Posting[], period: ReportPeriod, cols: MoneyColumns): { lines: AccountLine[]; netIncome: Amounts } {
  const upToEnd = postings.filter((p) => p.date <= period.end);
  const lines = byAccount(upToEnd.filter((p) => !isPnl(p)), cols);
  const earlier = negate(sumOf(byAccount(upToEnd.filter((p) => isPnl(p) && p.date < period.fiscalYearStart), cols), cols));
  const netIncome = negate(sumOf(byAccount(upToEnd.filter((p) => isPnl(p) && p.date >= period.fiscalYearStart), cols), cols));
  if (!isZero(earlier)) {
    const key = accountKey(period.retainedEarnings);
    const line = lines.find((l) => accountKey(l.account) === key);
    // Debit positive in the ledger: income (a credit) lowers it.
    if (line) line.amounts = sub(line.amounts, earlier);
    else lines.push({ account: period.retainedEarnings, amounts: negate(earlier) });
  }
  return { lines, netIncome };
}

/** A section made of sub-sections, left out (undefined) when none of them has rows. */
function parent(cols: MoneyColumns, group: string, title: string, parts: (Block | undefined)[], totalTitle = `Total ${title}`): Block | undefined {
  const present = parts.filter((p): p is Block => p !== undefined);
  if (present.length === 0) return undefined;
  const amounts = present.reduce((sum, p) => add(sum, p.amounts), zeros(cols));
  return { row: section(group, title, present.map((p) => p.row), totalTitle, amounts), amounts };
}

function typed(cols: MoneyColumns, lines: AccountLine[], group: string, title: string, types: string[], creditNormal: boolean): Block | undefined {
  const rows = accountRows(lines, types, creditNormal);
  return rows.length === 0 ? undefined : block(cols, group, title, rows);
}

export function balanceSheetRows(postings: Posting[], period: ReportPeriod, cols: MoneyColumns): Body[] {
  const { lines, netIncome } = closedBooks(postings, period, cols);
  const current = parent(cols, 'CurrentAssets', 'Current Assets', [
    typed(cols, lines, 'BankAccounts', 'Bank Accounts', ['Bank'], false),
    typed(cols, lines, 'AR', 'Accounts Receivable', ['Accounts Receivable'], false),
    typed(cols, lines, 'OtherCurrentAssets', 'Other Current Assets', ['Other Current Asset'], false),
  ]);
  const assets = parent(cols, 'TotalAssets', 'ASSETS', [
    current,
    typed(cols, lines, 'FixedAssets', 'Fixed Assets', ['Fixed Asset'], false),
    typed(cols, lines, 'OtherAssets', 'Other Assets', ['Other Asset'], false),
  ], 'TOTAL ASSETS');
  const currentLiabilities = parent(cols, 'CurrentLiabilities', 'Current Liabilities', [
    typed(cols, lines, 'AP', 'Accounts Payable', ['Accounts Payable'], true),
    typed(cols, lines, 'CreditCards', 'Credit Cards', ['Credit Card'], true),
    typed(cols, lines, 'OtherCurrentLiabilities', 'Other Current Liabilities', ['Other Current Liability'], true),
  ]);
  const liabilities = parent(cols, 'Liabilities', 'Liabilities', [
    currentLiabilities, typed(cols, lines, 'LongTermLiabilities', 'Long-Term Liabilities', ['Long Term Liability'], true),
  ]);
  const equity = block(cols, 'Equity', 'Equity', accountRows(lines, ['Equity'], true), [dataRow({ value: 'Net Income' }, netIncome)], netIncome);
  const both = parent(cols, 'TotalLiabilitiesAndEquity', 'LIABILITIES AND EQUITY', [liabilities, equity], 'TOTAL LIABILITIES AND EQUITY');
  const emptyAssets = { row: section('TotalAssets', 'ASSETS', [], 'TOTAL ASSETS', zeros(cols)), amounts: zeros(cols) };
  return [(assets ?? emptyAssets).row, both?.row ?? equity.row];
}

export function trialBalanceRows(postings: Posting[], period: ReportPeriod, cols: MoneyColumns): Body[] {
  const { lines } = closedBooks(postings, period, cols);
  const thisYear = byAccount(postings.filter((p) => isPnl(p) && p.date >= period.fiscalYearStart && p.date <= period.end), cols);
  let debits = 0n;
  let credits = 0n;
  const rows: Body[] = [];
  for (const line of [...lines, ...thisYear]) {
    const balance = line.amounts[line.amounts.length - 1] ?? 0n;
    if (balance === 0n) continue;
    if (balance > 0n) debits += balance;
    else credits -= balance;
    rows.push({
      ColData: [accountCell(line.account), { value: balance > 0n ? formatCents(balance) : '' }, { value: balance < 0n ? formatCents(-balance) : '' }],
      type: 'Data',
    });
  }
  rows.push({ Summary: { ColData: [{ value: 'TOTAL' }, { value: formatCents(debits) }, { value: formatCents(credits) }] }, type: 'Section', group: 'GrandTotal' });
  return rows;
}
