/**
 * A ticket → the QuickBooks documents of posting-rules §2-4, or the problems that stop it.
 * Pure: no I/O, no clock, no randomness; the same ticket, date and ids give the same bodies.
 * Everything is computed and checked in integers first; JSON numbers are made last.
 */
import { isIsoDate } from '../domain/business-date.js';
import { formatCents, sumCents } from '../domain/money.js';
import type { Cents } from '../domain/money.js';
import { ticketKind } from '../domain/ticket.js';
import type { Ticket, TicketKind } from '../domain/ticket.js';
import { docNumberFor } from './doc-number.js';
import { buildLines, flipLine, isExactLine } from './lines.js';
import type { DraftLine } from './lines.js';
import { privateNoteFor } from './private-note.js';
import { checkRanges } from './ranges.js';
import { problem } from './problems.js';
import type { MappingProblem } from './problems.js';
import { isQboAmount, toQboAmount } from './qbo-number.js';
import { largestPayBack, refundTendersNote } from './refund-tenders.js';
import { paymentDetail, planSalePayments } from './sale-payments.js';
import type { PlannedPayment } from './sale-payments.js';
import { toSalesLine } from './sales-line.js';
import { compileRules } from './rules.js';
import type { CompiledRules } from './rules.js';
import { makeSetupResolver } from './setup-ids.js';
import type { SetupIds, SetupResolver } from './setup-ids.js';
import { groupTenders, paymentRefNum } from './tenders.js';
import type { TenderGroup } from './tenders.js';
import type { InvoiceBody, PaymentDraft, RefundReceiptBody } from './wire-types.js';

export type TicketDocuments =
  /** Voided: nothing to post (voiding what was posted is the sync's job). */
  | { kind: 'none' }
  | { kind: 'sale' | 'zero'; docNumber: string; invoice: InvoiceBody; payments: PaymentDraft[] }
  | { kind: 'refund'; docNumber: string; refundReceipt: RefundReceiptBody };

export type MappingResult = { ok: true; documents: TicketDocuments } | { ok: false; problems: MappingProblem[] };

/** `rules`: the accountant's mapping compiled for the ticket's location (default: nothing mapped). */
export function mapTicket(ticket: Ticket, businessDate: string, setup: SetupIds, rules: CompiledRules = compileRules()): MappingResult {
  if (ticket.status === 'voided') return { ok: true, documents: { kind: 'none' } };
  const planned = planTicket(ticket, businessDate, setup, rules);
  return planned.ok ? { ok: true, documents: documentsFor(planned.plan) } : planned;
}

/** Everything the documents are made of, in exact integers, checked. */
interface Plan {
  ticket: Ticket;
  businessDate: string;
  automatedSalesTax: boolean;
  kind: TicketKind;
  lines: DraftLine[];
  groups: TenderGroup[];
  /** A sale's payments. */
  payments: PlannedPayment[];
  /** A refund's method. */
  payBack: TenderGroup | undefined;
  refs: ResolvedRefs;
}

function planTicket(ticket: Ticket, businessDate: string, setup: SetupIds,
  rules: CompiledRules): { ok: true; plan: Plan } | { ok: false; problems: MappingProblem[] } {
  const outOfRange = checkRanges(ticket);
  if (outOfRange.length > 0) return { ok: false, problems: outOfRange };
  const kind = ticketKind(ticket);
  const ids = makeSetupResolver(setup, rules, businessDate);
  const lines = buildLines(ticket, ids).map((l) => (kind === 'refund' ? flipLine(l) : l));
  const groups = groupTenders(ticket.payments);
  const payments = kind === 'sale' ? planSalePayments(groups) : [];
  const payBack = kind === 'refund' ? largestPayBack(groups) : undefined;
  const problems = [...checkDate(businessDate), ...checkLines(lines), ...checkTotals(ticket, lines, payments)];
  if (kind === 'refund' && !payBack) {
    problems.push(problem('payments-mismatch', 'a refund with no tender that paid money back', 'payments'));
  }
  // Every id the documents need is asked for before the resolver's problems are read.
  const refs = resolveRefs(ids, payBack ? [payBack] : payments.map((p) => p.group));
  problems.push(...ids.problems());
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, plan: { ticket, businessDate, automatedSalesTax: setup.automatedSalesTax, kind, lines, groups, payments, payBack, refs } };
}

function documentsFor(plan: Plan): TicketDocuments {
  const { ticket, businessDate, refs } = plan;
  const docNumber = docNumberFor(ticket.id);
  const note = (extra?: string) => privateNoteFor(ticket.locationId, ticket.id, ticket.version, extra);
  const lineClass = refs.classRef?.placement === 'line' ? refs.classRef.id : undefined;
  const invoice: InvoiceBody = {
    CustomerRef: { value: refs.customer },
    TxnDate: businessDate,
    DocNumber: docNumber,
    PrivateNote: note(),
    Line: plan.lines.map((l) => toSalesLine(l, lineClass)),
    // With US automated sales tax QuickBooks would compute tax of its own; an explicit 0 stops it.
    ...(plan.automatedSalesTax ? { TxnTaxDetail: { TotalTax: toQboAmount(0) } } : {}),
    ...(refs.classRef?.placement === 'txn' ? { ClassRef: { value: refs.classRef.id } } : {}),
    ...(refs.departmentRef ? { DepartmentRef: { value: refs.departmentRef } } : {}),
  };
  if (plan.payBack) {
    const refundReceipt: RefundReceiptBody = {
      ...invoice,
      PrivateNote: note(refundTendersNote(plan.groups)),
      // Paid out of the account the sales' payments of that method went into, so it nets out.
      DepositToAccountRef: { value: refs.tenders[0]?.account ?? '' },
      PaymentMethodRef: { value: refs.tenders[0]?.method ?? '' },
      ...optionalRefNum(plan.payBack),
    };
    return { kind: 'refund', docNumber, refundReceipt };
  }
  const payments = plan.payments.map((p, i): PaymentDraft => ({
    CustomerRef: { value: refs.customer },
    TotalAmt: toQboAmount(p.amount),
    PaymentMethodRef: { value: refs.tenders[i]?.method ?? '' },
    DepositToAccountRef: { value: refs.tenders[i]?.account ?? '' },
    ...optionalRefNum(p.group),
    TxnDate: businessDate,
    PrivateNote: note(paymentDetail(p)),
  }));
  return { kind: plan.kind === 'zero' ? 'zero' : 'sale', docNumber, invoice, payments };
}

interface ResolvedRefs {
  customer: string;
  /** Payment method and deposit account ids: one pair per planned payment, or the refund's one. */
  tenders: { method: string; account: string }[];
  classRef: ReturnType<SetupResolver['classRef']>;
  departmentRef: string | null;
}

/** `groups`: the tender groups that post, in order (a sale's payments, or the refund's one). */
function resolveRefs(ids: SetupResolver, groups: readonly TenderGroup[]): ResolvedRefs {
  return {
    customer: ids.guestCustomer(),
    tenders: groups.map((g) => ({ method: ids.paymentMethod(g), account: ids.depositAccount(g) })),
    classRef: ids.classRef(),
    departmentRef: ids.departmentRef(),
  };
}

function optionalRefNum(group: TenderGroup): { PaymentRefNum?: string } {
  const ref = paymentRefNum(group.tenders);
  return ref === undefined ? {} : { PaymentRefNum: ref };
}

function checkDate(businessDate: string): MappingProblem[] {
  return isIsoDate(businessDate) ? [] : [problem('invalid-business-date', `business date "${businessDate}" is not a YYYY-MM-DD date`)];
}

function checkLines(lines: readonly DraftLine[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const l of lines) {
    if (!isQboAmount(l.amount) || !isQboAmount(l.unitPrice)) {
      problems.push(problem('amount-out-of-range', `amount ${formatCents(l.amount)} is beyond what is sent to QuickBooks`, l.field));
    } else if (!isExactLine(l)) {
      problems.push(problem('inexact-line', `Qty x UnitPrice is not the line amount ${formatCents(l.amount)}`, l.field));
    }
  }
  return problems;
}

/** The document must equal the ticket to the cent, and a sale's payments must pay it exactly. */
function checkTotals(ticket: Ticket, lines: readonly DraftLine[], planned: readonly PlannedPayment[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const expected: Cents = Math.abs(ticket.total);
  const documentTotal = sumCents(lines.map((l) => l.amount));
  if (documentTotal !== expected) {
    problems.push(problem('total-mismatch', `the document would total ${formatCents(documentTotal)}, the ticket ${formatCents(expected)}`, 'total'));
  }
  const tendered = sumCents(ticket.payments.map((p) => p.amount));
  if (tendered !== ticket.total) {
    problems.push(problem('payments-mismatch', `payments add up to ${formatCents(tendered)} ≠ total ${formatCents(ticket.total)}`, 'payments'));
  }
  for (const p of planned) {
    if (!isQboAmount(p.amount)) {
      problems.push(problem('amount-out-of-range', `payment ${formatCents(p.amount)} is beyond what is sent to QuickBooks`, 'payments'));
    }
  }
  return problems;
}
