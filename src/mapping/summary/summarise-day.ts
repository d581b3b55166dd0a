/**
 * A summary day → its documents and POS sums (summary-mode §2-3). Pure: no I/O, clock or
 * randomness; the same day, revision, ids and mapping give the same bodies.
 */
import { emptyMapping } from '../../domain/account-mapping.js';
import { isIsoDate } from '../../domain/business-date.js';
import { formatCents } from '../../domain/money.js';
import type { Cents } from '../../domain/money.js';
import { problem } from '../problems.js';
import type { MappingProblem } from '../problems.js';
import { isQboAmount } from '../qbo-number.js';
import { compileRules } from '../rules.js';
import { summaryDocNumber, summaryPrivateNote } from './doc-ids.js';
import type { SummaryDocument } from './doc-ids.js';
import { cogsEntryFor, drawerEntryFor, itemFor, salesReceiptFor } from './documents.js';
import type { DocumentHead } from './documents.js';
import { sumDay } from './groups.js';
import type { DaySums } from './groups.js';
import { makeSummaryResolver } from './resolve.js';
import { SUMMARY_GROUPS } from './types.js';
import type { DaySummary, DaySummaryInput, DrawerOperation, DrawerSums, GroupSum, SummaryGroup } from './types.js';

const DOCUMENTS: readonly SummaryDocument[] = ['salesReceipt', 'cogs', 'drawer'];

export function summariseDay(input: DaySummaryInput): DaySummary {
  const mapping = input.mapping ?? emptyMapping();
  const ids = makeSummaryResolver(input.setup, compileRules(mapping, input.locationId), mapping, input.businessDate);
  const day = sumDay(input.tickets);
  const docNumbers = perDocument((d) => summaryDocNumber(d, input.locationId, input.businessDate));
  const privateNotes = perDocument((d) => summaryPrivateNote(d, input.locationId, input.businessDate, input.revision));
  const head = (d: SummaryDocument): DocumentHead => ({ TxnDate: input.businessDate, DocNumber: docNumbers[d], PrivateNote: privateNotes[d] });
  const drawerSums = sumDrawer(input.drawerOperations);
  const problems = [...checkInput(input), ...checkDay(day), ...checkDrawer(input.drawerOperations)];
  // Nothing is converted to QuickBooks numbers while anything is out of range.
  const convertible = problems.length === 0;
  const itemIds = day.sums.map((s) => itemFor(s, ids));
  const salesReceipt = convertible && day.sums.length > 0 ? salesReceiptFor(head('salesReceipt'), day.sums, itemIds, ids, input.setup.automatedSalesTax) : null;
  const cogs = convertible ? cogsEntryFor(head('cogs'), day, ids) : null;
  const drawer = convertible ? drawerEntryFor(head('drawer'), input.drawerOperations, ids) : null;
  return {
    tickets: day.tickets.length, docNumbers, privateNotes, salesReceipt, cogs, drawer,
    groups: day.sums.map(({ group, key, name, cents, count }): GroupSum => ({ group, key, name, cents, count })),
    totals: totalsOf(day), cogsCents: day.cogsCents, drawerSums,
    needs: ids.needs(), problems: [...problems, ...ids.problems()],
  };
}

function perDocument(make: (d: SummaryDocument) => string): Record<SummaryDocument, string> {
  return Object.fromEntries(DOCUMENTS.map((d) => [d, make(d)])) as Record<SummaryDocument, string>;
}

function totalsOf(day: DaySums): Record<SummaryGroup, Cents> {
  const totals = Object.fromEntries(SUMMARY_GROUPS.map((g) => [g, 0])) as Record<SummaryGroup, Cents>;
  for (const s of day.sums) totals[s.group] += s.cents;
  return totals;
}

function sumDrawer(operations: readonly DrawerOperation[]): DrawerSums {
  const sums: DrawerSums = { paidIn: 0, paidOut: 0, drops: 0, operations: operations.length };
  for (const o of operations) {
    if (o.kind === 'paid_in') sums.paidIn += o.amountCents;
    else if (o.kind === 'paid_out') sums.paidOut += o.amountCents;
    else sums.drops += o.amountCents;
  }
  return sums;
}

function checkInput(input: DaySummaryInput): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (!isIsoDate(input.businessDate)) problems.push(problem('invalid-business-date', `business date "${input.businessDate}" is not a YYYY-MM-DD date`));
  if (!Number.isSafeInteger(input.revision) || input.revision < 1) {
    problems.push(problem('invalid-revision', `revision ${input.revision} is not a whole number ≥ 1`, 'revision'));
  }
  return problems;
}

/** Every sum within what is sent, and the receipt at exactly zero (each ticket's parts equal its tenders). */
function checkDay(day: DaySums): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const s of [...day.sums.map((x) => ({ field: `${x.group}.${x.key}`, cents: x.cents })), { field: 'cogs', cents: day.cogsCents }]) {
    if (!isQboAmount(s.cents)) problems.push(problem('amount-out-of-range', `the day's ${s.field} ${formatCents(s.cents)} is beyond what is sent to QuickBooks`, s.field));
  }
  const total = day.sums.reduce((sum, s) => sum + s.cents, 0);
  if (total !== 0) problems.push(problem('total-mismatch', `the day's receipt would total ${formatCents(total)}, not 0: a ticket's tenders differ from its total`, 'total'));
  return problems;
}

function checkDrawer(operations: readonly DrawerOperation[]): MappingProblem[] {
  return operations.filter((o) => !Number.isSafeInteger(o.amountCents) || o.amountCents <= 0 || !isQboAmount(o.amountCents))
    .map((o) => problem('amount-out-of-range', `drawer operation ${o.id}: amount ${o.amountCents} cents is not an amount > 0 that can be sent`, `drawerOperations.${o.id}`));
}
